"""The reporting calendar's settings and a month's status."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import (
    Field,
    StrictInt,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.models import (
    Answer,
    Form,
)


class SettingsForm(Form):
    """The county's reporting calendar, and which reports its summaries count."""

    deadline_day: StrictInt = Field(default=5, ge=1, le=28, title="截止日（次月）")
    lock_day: StrictInt = Field(default=10, ge=1, le=28, title="锁定日（次月）")
    count: Literal["not_returned", "approved"] = Field(
        default="not_returned",
        title="汇总计入的报告",
        description="not_returned：除退回修改的以外都计入（默认）；approved：只计入审核通过的报告",
    )

    @model_validator(mode="after")
    def _lock_after_deadline(self) -> SettingsForm:
        if self.lock_day < self.deadline_day:
            raise PydanticCustomError("lock_before_deadline", "锁定日不能早于截止日")
        return self


class MonthStatus(Answer):
    month: str
    deadline: date
    lock_date: date
    locked: bool
    override: Literal["locked", "reopened"] | None = None
