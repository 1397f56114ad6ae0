"""Reminder settings, the campaign calendar and the reminders sent."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.models import (
    Answer,
    Day,
    Email,
    Form,
    Line20,
    UnitId,
)

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


class NthWeekday(Form):
    month: StrictInt = Field(ge=1, le=12, title="月份")
    nth: StrictInt = Field(ge=1, le=5, title="第几个")
    weekday: StrictInt = Field(ge=1, le=7, title="星期几", description="1 为星期一，7 为星期日")


MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Campaign(Form):
    """A date the county plans its activities around; units are reminded `lead_days` before it."""

    code: UnitId = Field(title="编号", description="小写字母、数字、- 或 _，如 bayi")
    name: Line20 = Field(title="名称")
    annual_on: MonthDay | None = Field(default=None, title="每年固定日期", description="MM-DD，如 08-01")
    nth_weekday: NthWeekday | None = Field(default=None, title="每年某月第几个星期几")
    dates: list[Day] = Field(default_factory=list, max_length=30, title="逐年日期", description="如每年的春节")
    lead_days: StrictInt = Field(default=10, ge=1, le=60, title="提前提醒天数")
    days_before: StrictInt = Field(
        default=15,
        ge=0,
        le=60,
        title="节日期间：节前天数",
        description="汇总“节日期间”、计划任务写“××期间”时，从节日前几天算起",
    )
    days_after: StrictInt = Field(
        default=7,
        ge=0,
        le=60,
        title="节日期间：节后天数",
        description="汇总“节日期间”、计划任务写“××期间”时，算到节日后几天",
    )

    @field_validator("annual_on")
    @classmethod
    def _real_day(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(f"2000-{value}")  # a leap year: 02-29 is allowed
            except ValueError:
                raise PydanticCustomError("not_a_day", "不是有效的日期") from None
        return value

    @model_validator(mode="after")
    def _one_rule(self) -> Campaign:
        given = [self.annual_on is not None, self.nth_weekday is not None, bool(self.dates)]
        if sum(given) != 1:
            raise PydanticCustomError("one_rule", "每年固定日期、每年某月第几个星期几、逐年日期三者须填且只填一项")
        return self


class CampaignCalendarForm(Form):
    """The campaign calendar: every date units are reminded of."""

    campaigns: list[Campaign] = Field(max_length=30, title="节日与纪念日")

    @field_validator("campaigns")
    @classmethod
    def _codes_unique(cls, value: list[Campaign]) -> list[Campaign]:
        codes = [c.code for c in value]
        if len(codes) != len(set(codes)):
            raise PydanticCustomError("duplicate_code", "编号不能重复")
        return value


class PlannedCampaign(Campaign):
    next_on: date | None = Field(default=None, description="下一次的日期")
    remind_on: date | None = Field(default=None, description="下一次提醒各单位的日期")


class CampaignCalendar(Answer):
    campaigns: list[PlannedCampaign]


class SentReminder(Answer):
    """One reminder e-mail: to whom, why, for which period, and whether it went."""

    reason: Literal["missing", "digest", "agreement-60", "agreement-30", "campaign", "returned"]
    period: str
    recipient: str = Field(description="单位编号，或 county（县双拥办）")
    to: list[str]
    subject: str
    status: Literal["claimed", "sent", "failed"]
    attempts: int
    claimed_at: str
    sent_at: str | None = None
    error: str | None = None
