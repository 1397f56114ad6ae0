"""A period's summary request and answer."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import AREAS
from chalicelib.core.models import Answer, AnswerRoot, Form, Note2000
from chalicelib.profile.records import ProfileRecord
from chalicelib.summaries.document import CompileFailure, RequestState
from chalicelib.summaries.parts import (
    Activity,
    CoBuilding,
    Completeness,
    DateRange,
    Headline,
    OrgBrief,
    OrgRow,
    Paragraph,
    ReviewCounts,
    ShownFigure,
    TargetRow,
    Totals,
    TypeRow,
    UnitBrief,
    UnitRow,
    UnreadableRow,
)
from chalicelib.summaries.quality import QualityFinding
from chalicelib.summaries.year_parts import (
    LastYear,
    MonthRow,
    OfficeNotes,
    SummaryPlan,
    SurveysRun,
    YearCompleteness,
    YearOnYearRow,
)

# --- monthly summaries ------------------------------------------------------------

QUALITY = (
    "数据质量提示（不影响汇总数字）：计入汇总的报告中疑似有误的数字，code、severity、message、"
    "unit_id（多个单位合计时为 null）与 report_ids；规则见 README"
)


class SummaryRequest(Answer):
    """A compile of a month's (or a year's) summary, requested; it runs in the background (202)."""

    period: str = Field(
        description="YYYY-MM（月度）、YYYY（年度）、YYYY-MM-DD..YYYY-MM-DD（几段用 + 连接），"
        "或 2026-spring-festival、2026-bayi、2026-two-festivals（节日期间，按节日日历）"
    )
    month: str | None = None
    year: str | None = None
    period_label: str | None = Field(default=None, description="期间的中文名称，如 2026年春节、八一期间")
    ranges: list[DateRange] | None = Field(default=None, description="期间的日期段：from、to")
    unit_id: str | None = Field(default=None, description="单位自己的汇总：单位编号")
    status: Literal["compiling"]
    request_id: str
    requested_at: str
    requested_by: str


class SummaryDownload(Answer):
    filename: str = Field(description="中文文件名，如 2026年8月双拥工作汇总.xlsx")
    url: str = Field(description="短时有效的下载链接（Content-Disposition: attachment）")
    expires_in: int = Field(description="链接有效秒数")


ORG = "市、省的汇总：本汇总所属的组织 org_id、name、level（各县汇总之和）"
BY_ORG = (
    "市、省的汇总：各县的 org_id、name、totals（报告数、参加人次等）、visit_funds_yuan（走访慰问资金，元）与 "
    "completeness（应报送 expected、已报送 reported、报本月无活动 nil_reported，rate 报送率%：已报送与报本月无活动"
    "占应报送的比例；年度为单位·月之和；非整月的期间为 null）"
)


class MonthSummary(Answer):
    """A month's consolidated figures, as last compiled, with the state of the latest compile."""

    month: str
    month_label: str
    status: Literal["compiling", "ready", "stale", "failed"] = Field(
        description="compiling：正在汇总；ready：已汇总；stale：汇总后报告、成员单位、共建协议、本县基本情况或年度总结的文字（年度汇总还有所比较的上年汇总）有变动，需重新汇总；failed：最近一次汇总失败"
    )
    stale: bool
    compiled_at: str | None = Field(default=None, description="所示数据的汇总时间")
    request: RequestState = Field(description="最近一次汇总申请：request_id, requested_at, requested_by, state")
    failure: CompileFailure | None = Field(default=None, description="最近一次失败的原因")
    county: str | None = None
    jurisdiction: str | None = Field(default=None, description="情况汇报中对本县的称谓：全县、全区、全市或全旗")
    profile: ProfileRecord | None = Field(
        default=None, description="汇总时所用的本县当年基本情况（PUT /profile/{year}）"
    )
    as_of: date | None = None
    deadline: date | None = None
    totals: Totals | None = None
    headline: Headline | None = Field(default=None, description="情况汇报中的各项数字")
    by_type: list[TypeRow] | None = None
    by_target: list[TargetRow] | None = None
    by_unit: list[UnitRow] | None = None
    completeness: Completeness | None = Field(
        default=None,
        description="报送情况：应报、已报、本月无活动、未报（报告均被退回修改的单位在 missing_units 中"
        "附 reason: returned，并列入 returned_units）、按时与逾期",
    )
    review: ReviewCounts | None = Field(
        default=None,
        description="审核情况：counting（计入汇总的报告：not_returned 除退回修改外都计入，approved 只计入审核通过的），"
        "pending、approved、returned 各多少项，returned_reports（退回修改的报告，未计入数字）",
    )
    co_building: CoBuilding | None = None
    figures: list[ShownFigure] | None = Field(
        default=None,
        description="汇总的各项数字，各算一次（key 为其在汇总中的位置，counts 说明所计的是单位、单位·月、"
        "报告还是数据），页面、Excel、Word 与情况汇报都读这些数",
    )
    narrative: list[Paragraph] | None = Field(default=None, description="情况汇报的段落：topic 与 text")
    unreadable: list[UnreadableRow] | None = Field(
        default=None,
        description="未能汇总的报告（存储的数据无法读取，未计入数字）：report_id、month、unit_id、unit_name、title、reason",
    )
    quality: list[QualityFinding] | None = Field(default=None, description=QUALITY)
    org: OrgBrief | None = Field(default=None, description=ORG)
    by_org: list[OrgRow] | None = Field(default=None, description=BY_ORG)
    downloads: dict[str, SummaryDownload] | None = Field(default=None, description="xlsx、csv、docx 的下载链接")


class SummaryState(Answer):
    """GET /summaries/{period}/state: the period named, and whether a summary of it has been asked for (so a page
    learns it without a request that fails)."""

    period: str
    label: str = Field(description="期间的名称，如“2026年八一期间”")
    ranges: list[DateRange] | None = Field(default=None, description="非整月、整年的期间：日期段 from、to")
    requested: bool = Field(description="是否已申请过汇总；否则 GET /summaries/{period} 答 404")


class DaysSummary(MonthSummary):
    """The figures of days that are not a month (a date range, several, a festival's window): the month's
    shape, named by `period`; who reported is judged by month, so `completeness` is null."""

    month: str | None = None  # type: ignore[assignment]
    month_label: str | None = None  # type: ignore[assignment]
    period: str = Field(description="所汇总的期间，如 2026-two-festivals 或 2026-07-25..2026-08-08")
    period_label: str = Field(description="期间的中文名称，如 2026年春节、八一期间")
    ranges: list[DateRange] = Field(description="期间的日期段：from、to（YYYY-MM-DD，含首尾）")
    completeness_note: str | None = Field(default=None, description="为何不统计报送情况（非整月的期间）")


# --- the office's own words in the year summary --------------------------------------

AREA_CHOICES = ", ".join(AREAS)


class SummaryNotesText(Form):
    """What only the county office can write into its year summary; every text may be left empty."""

    problems: Note2000 = Field(default="", title="存在的问题")
    next_steps: Note2000 = Field(default="", title="下一步工作打算")
    areas: dict[str, Note2000] = Field(
        default_factory=dict,
        title="各方面工作的段落",
        description=f"按工作方面的编号（{AREA_CHOICES}），每段不超过2000字；不填的方面不写",
        json_schema_extra={"labels": dict(AREAS)},
    )

    @field_validator("areas", mode="before")
    @classmethod
    def _known_areas(cls, value: Any) -> Any:
        for code in value if isinstance(value, dict) else ():
            if code not in AREAS:
                raise PydanticCustomError(
                    "area_unknown",
                    "没有“{code}”这个工作方面，应为以下之一：{choices}",
                    {"code": code, "choices": AREA_CHOICES},
                )
        return value


class SummaryNotesForm(SummaryNotesText):
    """The body of PUT /summaries/{period}/notes: the texts whole, and the version they edit."""

    version: StrictInt = Field(ge=0, title="所修改的版本号", description="首次填写为 0；之后为 GET 所得的 version")


class SummaryNotes(SummaryNotesText):
    """The year summary's texts as stored (all empty, version 0, until first written)."""

    year: int
    unit_id: str | None = Field(default=None, description="单位自己的年度总结：单位编号（县双拥办的为空）")
    version: int = Field(description="版本号：每次修改加 1；0 表示尚未填写")
    updated_at: str | None = None
    updated_by: str | None = None


class YearSummary(Answer):
    """A year's consolidated figures (to date), as last compiled: the monthly summary's shape, for a year."""

    year: str
    year_label: str
    status: Literal["compiling", "ready", "stale", "failed"]
    stale: bool
    compiled_at: str | None = None
    request: RequestState
    failure: CompileFailure | None = None
    county: str | None = None
    jurisdiction: str | None = Field(default=None, description="情况汇报中对本县的称谓：全县、全区、全市或全旗")
    profile: ProfileRecord | None = Field(
        default=None, description="汇总时所用的本县当年基本情况（PUT /profile/{year}）"
    )
    notes: OfficeNotes | None = Field(
        default=None, description="汇总时所用的本办文字：problems、next_steps、areas（PUT /summaries/{period}/notes）"
    )
    as_of: date | None = None
    months: list[str] | None = Field(default=None, description="已汇总的月份（本年至今）")
    totals: Totals | None = None
    headline: Headline | None = None
    by_type: list[TypeRow] | None = None
    by_target: list[TargetRow] | None = None
    by_unit: list[UnitRow] | None = None
    by_month: list[MonthRow] | None = Field(default=None, description="十二个月各月的数字")
    completeness: YearCompleteness | None = Field(default=None, description="各月报送情况之和（单位·月）")
    co_building: CoBuilding | None = Field(default=None, description="共建协议：有效、当年签订、当年终止")
    plan: SummaryPlan | None = Field(default=None, description="年度计划任务的完成情况")
    surveys: SurveysRun | None = Field(default=None, description="当年开展的问卷调查")
    narrative: list[Paragraph] | None = Field(
        default=None,
        description="年度工作总结：开头（topic 与 text），再按组织领导、宣传教育、拥军优属、法律拥军、军地共建、"
        "退役军人服务的次序各一节，然后各成员单位工作、存在的问题、下一步工作打算；每节有 section（代码）、"
        "topic、text 与 parts（段落 heading 与 text，heading 为计划中的分类）",
    )
    last_year: LastYear | None = Field(
        default=None, description="上年同期（同比）：year、period 与 figures；上年未汇总或缺月份时为 null"
    )
    year_on_year: list[YearOnYearRow] | None = Field(
        default=None, description="同比：figure、this、last、unit 与 change（增减百分比，一位小数；上年为0时为 null）"
    )
    review: ReviewCounts | None = Field(
        default=None, description="审核情况：counting（计入哪些报告）与待审核、已通过、退回修改的报告数"
    )
    unreadable: list[UnreadableRow] | None = Field(default=None, description="未能汇总的报告（未计入数字）")
    quality: list[QualityFinding] | None = Field(default=None, description=QUALITY)
    org: OrgBrief | None = Field(default=None, description=ORG)
    by_org: list[OrgRow] | None = Field(default=None, description=BY_ORG)
    downloads: dict[str, SummaryDownload] | None = Field(default=None, description="xlsx、csv、docx 的下载链接")


class PeriodSummary(AnswerRoot[MonthSummary | YearSummary | DaysSummary]):
    """GET /summaries/{period}: a month's summary (YYYY-MM), a year's (YYYY), or of days of a year."""


# --- a unit's own summary ----------------------------------------------------------------------------------

UNIT = "本汇总所属的单位：unit_id、name"
ACTIVITIES = (
    "本单位计入汇总的每项活动：report_id、occurred_on、title、activity_type、area（工作方面）、counterpart、"
    "participants、photos（照片张数）"
)


class UnitMonthSummary(MonthSummary):
    """A unit's own month: the county's shape, from that unit's reports only, with its activities."""

    unit: UnitBrief | None = Field(default=None, description=UNIT)
    activities: list[Activity] | None = Field(default=None, description=ACTIVITIES)


class UnitYearSummary(YearSummary):
    """A unit's own year: the county's shape, from that unit's reports, its plan tasks and its own notes."""

    unit: UnitBrief | None = Field(default=None, description=UNIT)
    activities: list[Activity] | None = Field(default=None, description=ACTIVITIES)


class UnitDaysSummary(DaysSummary):
    """A unit's own days of a year (a range, a festival's window)."""

    unit: UnitBrief | None = Field(default=None, description=UNIT)
    activities: list[Activity] | None = Field(default=None, description=ACTIVITIES)


class UnitPeriodSummary(AnswerRoot[UnitMonthSummary | UnitYearSummary | UnitDaysSummary]):
    """GET /units/{unit_id}/summaries/{period}: a unit's own summary of a month, a year, or days of a year."""
