"""Reminder settings and the reminders sent."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, field_validator

from chalicelib.core.models import Answer, Email, Form

# --- reminder e-mails ------------------------------------------------------------


class ReminderSettingsForm(Form):
    """When units that have not reported are reminded, and where the county digest goes."""

    nudge_days: list[Annotated[StrictInt, Field(ge=1, le=31)]] = Field(
        default_factory=lambda: [25],
        max_length=5,
        title="当月提醒日",
        description="所报月份当月的这些日子提早提醒尚未填报的单位（大于当月天数时取月末）",
    )
    reminder_days: list[Annotated[StrictInt, Field(ge=1, le=28)]] = Field(
        default_factory=lambda: [1, 3],
        max_length=5,
        title="次月提醒日",
        description="次月的这些日子（不晚于截止日）提醒尚未填报的单位",
    )
    county_emails: list[Email] = Field(
        default_factory=list,
        max_length=10,
        title="县双拥办收件邮箱",
        description="逾期汇总发往这些地址；不填则用部署配置的 COUNTY_EMAIL",
    )

    @field_validator("nudge_days", "reminder_days")
    @classmethod
    def _sorted_once(cls, value: list[int]) -> list[int]:
        return sorted(set(value))


class SentReminder(Answer):
    """One reminder e-mail: to whom, why, for which period, and whether it went."""

    reason: Literal[
        "missing", "digest", "agreement-60", "agreement-30", "campaign", "returned", "collection", "collection-returned"
    ] = Field(description="collection：材料收集的催交；collection-returned：材料退回修改的通知")
    reason_label: str = Field(description="提醒的原因，如“催报”“材料催交”")
    period: str
    recipient: str = Field(description="单位编号，或 county（县双拥办）")
    to: list[str]
    subject: str
    status: Literal["claimed", "sent", "failed"]
    attempts: int
    claimed_at: str
    sent_at: str | None = None
    error: str | None = None
