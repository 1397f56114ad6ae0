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
from chalicelib.reports.models import NilReport

DAYS = range(1, 29)  # the days a deadline or a lock day may fall on: every month has them


class SettingsForm(Form):
    """The county's reporting calendar, which reports its summaries count, and the word they call it by."""

    deadline_day: StrictInt = Field(default=5, ge=DAYS[0], le=DAYS[-1], title="截止日（次月）")
    lock_day: StrictInt = Field(default=10, ge=DAYS[0], le=DAYS[-1], title="锁定日（次月）")
    count: Literal["not_returned", "approved"] = Field(
        default="not_returned",
        title="汇总计入的报告",
        description="not_returned：除退回修改的以外都计入（默认）；approved：只计入审核通过的报告",
    )
    jurisdiction: Literal["全县", "全区", "全市", "全旗"] | None = Field(
        default=None,
        title="情况汇报中的称谓",
        description="不填则按部署配置的县名（COUNTY_NAME）末字：某某区为全区、某某市为全市、某某旗为全旗，其余为全县",
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


class MonthState(MonthStatus):
    """GET /months/{month}: the status, whether the month has a summary to read, and a reporter's 本月无活动 (so a
    page asks for neither when there is none, and the browser logs no 404 that was expected)."""

    summary_requested: bool = Field(description="是否已申请过汇总；否则 GET /summaries/{month} 答 404")
    nil_report: NilReport | None = Field(
        default=None, description="填报员所属单位该月的本月无活动；未填报或县双拥办为 null"
    )
