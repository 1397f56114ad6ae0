"""The reporting calendar's settings, a month's status, and the campaign calendar (the festivals and
memorial days the county plans around)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final, Literal

from pydantic import Field, StrictInt, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.models import Answer, Day, Form, Line20, UnitId

DAYS = range(1, 29)  # the days a deadline or a lock day may fall on: every month has them
# The settings' `count`: every report but those returned for correction, or only those approved.
NOT_RETURNED: Final = "not_returned"
APPROVED_ONLY: Final = "approved"


class SettingsForm(Form):
    """The county's reporting calendar, which reports its summaries count, and the word they call it by."""

    deadline_day: StrictInt = Field(default=5, ge=DAYS[0], le=DAYS[-1], title="截止日（次月）")
    lock_day: StrictInt = Field(default=10, ge=DAYS[0], le=DAYS[-1], title="锁定日（次月）")
    count: Literal["not_returned", "approved"] = Field(
        default=NOT_RETURNED,
        title="汇总计入的报告",
        description="not_returned：除退回修改的以外都计入（默认）；approved：只计入审核通过的报告",
        json_schema_extra={"labels": {NOT_RETURNED: "除退回修改的以外都计入", APPROVED_ONLY: "只计入审核通过的报告"}},
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


# --- the campaign calendar ------------------------------------------------------------


class NthWeekday(Form):
    month: StrictInt = Field(ge=1, le=12, title="月份")
    nth: StrictInt = Field(ge=1, le=5, title="第几个")
    weekday: StrictInt = Field(ge=1, le=7, title="星期几", description="1 为星期一，7 为星期日")


MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Campaign(Form):
    """A date the county plans its activities around; units are reminded `lead_days` before it."""

    identity = "code"

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
