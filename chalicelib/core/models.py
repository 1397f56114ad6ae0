"""The forms: pydantic models of what clients send, and of what they get back.

Report figures are built from the catalogue in `activities.py`, one metrics model
per activity type, so that validation, the JSON Schemas of the forms and the
OpenAPI document all come from the same place.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import (
    ACTIVITY_TYPES,
    UNIT_KINDS,
    VISIT_TARGETS,
    ActivityType,
    Figure,
    FigureKind,
)

EARLIEST_DATE = date(2000, 1, 1)
MAX_COUNT = 10_000_000
MAX_YUAN = Decimal("10000000000")
MAX_PHOTOS = 9


class Form(BaseModel):
    """Base of every input: unknown fields are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _only_number(value: Any) -> Any:
    # JSON numbers reach us as int or Decimal (floats are parsed as Decimal); a
    # string, a boolean or anything else is a wrong type, not a number to guess.
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError("money_type", "应填写金额数字（单位：元）")
    return value


def _only_iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        raise PydanticCustomError("date_format", "日期格式应为 YYYY-MM-DD，如 2026-08-01")
    return value


Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]
Money = Annotated[
    Decimal,
    BeforeValidator(_only_number),
    Field(ge=0, le=MAX_YUAN, decimal_places=2, allow_inf_nan=False),
]
Day = Annotated[date, BeforeValidator(_only_iso_date)]


# Text fields by their limits: "Line" is required, "Note" may be empty.
Line20 = Annotated[str, StringConstraints(min_length=1, max_length=20)]
Line60 = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Line100 = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Line200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Note40 = Annotated[str, StringConstraints(max_length=40)]
Note500 = Annotated[str, StringConstraints(max_length=500)]
Note2000 = Annotated[str, StringConstraints(max_length=2000)]
Note5000 = Annotated[str, StringConstraints(max_length=5000)]


Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{1,39}$")]
RecordId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Uuid = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
]
PhotoKey = Annotated[str, StringConstraints(pattern=r"^photos/[a-z0-9_-]+/[A-Za-z0-9_./-]{1,160}$")]

VisitTarget = StrEnum("VisitTarget", {code: code for code in VISIT_TARGETS})  # type: ignore[misc]
UnitKind = StrEnum("UnitKind", {code: code for code in UNIT_KINDS})  # type: ignore[misc]


# --- reports -----------------------------------------------------------------


def _figure_field(figure: Figure) -> tuple[Any, Any]:
    extra: dict[str, Any] = {"unit": figure.unit, "kind": figure.kind.value}
    annotation = Money if figure.kind is FigureKind.MONEY else Count
    default = Decimal(0) if figure.kind is FigureKind.MONEY else 0
    return annotation, Field(default=default, title=figure.label, json_schema_extra=extra)


def _bound_validator(smaller: str, larger: str, activity: ActivityType) -> Any:
    labels = {f.code: f.label for f in activity.figures}

    def check(cls: type, value: Any, info: ValidationInfo) -> Any:
        limit = info.data.get(larger)
        if limit is not None and value > limit:
            raise PydanticCustomError(
                "figure_bound",
                "{smaller}不能多于{larger}",
                {"smaller": labels[smaller], "larger": labels[larger]},
            )
        return value

    return field_validator(smaller)(check)


def _metrics_model(activity: ActivityType) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    if activity.code == "visit":
        fields["target"] = (VisitTarget, Field(title="走访对象", json_schema_extra={"labels": dict(VISIT_TARGETS)}))
    for figure in activity.figures:
        fields[figure.code] = _figure_field(figure)
    validators = {
        f"check_{smaller}": _bound_validator(smaller, larger, activity) for smaller, larger in activity.bounded_by
    }
    name = "".join(part.title() for part in activity.code.split("_")) + "Metrics"
    return create_model(name, __base__=Form, __validators__=validators, **fields)  # type: ignore[call-overload,no-any-return]


class ReportContent(Form):
    """What a reporter fills in about one activity; the metrics depend on its type."""

    title: Line100 = Field(title="活动名称")
    occurred_on: Day = Field(title="活动日期", description="当地日期（北京时间），YYYY-MM-DD")
    location: Line100 = Field(title="地点")
    counterpart: Line100 = Field(title="部队或对象")
    participants: Count = Field(title="参加人数", json_schema_extra={"unit": "人"})
    description: Note5000 = Field(default="", title="活动情况")
    agreement_id: RecordId | None = Field(default=None, title="所属共建协议")
    plan_task_id: RecordId | None = Field(
        default=None, title="所属年度计划任务", description="本单位当年的计划任务（GET /plans/{year}）"
    )
    photos: list[PhotoKey] = Field(default_factory=list, max_length=MAX_PHOTOS, title="照片")

    @field_validator("occurred_on")
    @classmethod
    def _not_future_nor_ancient(cls, value: date, info: ValidationInfo) -> date:
        today = (info.context or {}).get("today")
        if value < EARLIEST_DATE:
            raise PydanticCustomError("date_too_early", "活动日期不能早于2000年1月1日")
        if today is not None and value > today:
            raise PydanticCustomError("date_in_future", "活动日期不能晚于今天")
        return value


class NewReportEnvelope(Form):
    """The fields of POST /reports beside the report itself."""

    submission_id: Uuid = Field(title="提交编号", description="客户端生成的 UUID，重复提交不会重复保存")
    unit_id: UnitId | None = Field(default=None, title="填报单位", description="仅县双拥办可指定")


class ReportEditEnvelope(Form):
    """The fields of PUT /reports/{id} beside the report itself."""

    version: StrictInt = Field(ge=1, title="所修改的版本号")


def _report_model(activity: ActivityType, envelope: type[Form] | None, suffix: str) -> type[ReportContent]:
    name = "".join(part.title() for part in activity.code.split("_")) + suffix
    fields: dict[str, Any] = {
        "activity_type": (Literal[activity.code], Field(title=activity.label)),
        "metrics": (_metrics_model(activity), Field(title="数据")),
    }
    bases: Any = (envelope, ReportContent) if envelope else ReportContent
    return create_model(name, __base__=bases, **fields)  # type: ignore[no-any-return]


def _report_union(envelope: type[Form] | None, suffix: str) -> Any:
    models = [_report_model(activity, envelope, suffix) for activity in ACTIVITY_TYPES]
    return Annotated[Union[tuple(models)], Field(discriminator="activity_type")]  # type: ignore[valid-type]  # noqa: UP007


class ReportForm(RootModel[_report_union(None, "Report")]):  # type: ignore[misc]
    """The report form: common fields, and the figures of the chosen activity type."""


@cache
def new_report_form() -> type[BaseModel]:
    """The whole body of POST /reports, for the OpenAPI document only: requests are validated
    as NewReportEnvelope + ReportForm, so these 14 models are built only when the document is."""
    return _body_model(
        "NewReportForm", NewReportEnvelope, "报告提交：报告内容、submission_id 与（县双拥办代填时的）单位"
    )


@cache
def report_edit_form() -> type[BaseModel]:
    """The whole body of PUT /reports/{id}, for the OpenAPI document only."""
    return _body_model("ReportEditForm", ReportEditEnvelope, "报告更正：完整的报告内容与所改的 version")


def _body_model(name: str, envelope: type[Form], doc: str) -> type[BaseModel]:
    union = _report_union(envelope, name.removesuffix("Form"))
    return type(name, (RootModel[union],), {"__doc__": doc})  # type: ignore[misc,valid-type]


class Report(BaseModel):
    """A stored report, as the API answers it."""

    report_id: str
    unit_id: str
    activity_type: str
    title: str
    occurred_on: date
    month: str
    location: str
    counterpart: str
    participants: int
    metrics: dict[str, Any]
    description: str
    agreement_id: str | None = None
    plan_task_id: str | None = None
    photos: list[str] = []
    version: int
    late: bool
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class ReportPage(BaseModel):
    items: list[Report]
    next_token: str | None = None


class Revision(BaseModel):
    version: int
    at: str
    by: str
    action: Literal["created", "updated", "withdrawn"]
    changes: dict[str, Any] = {}


# --- nil reports and months ----------------------------------------------------


class NilReportForm(Form):
    """本月无活动: the unit declares it had no activity in the month."""

    note: Note500 = Field(default="", title="说明")


class NilReport(BaseModel):
    unit_id: str
    month: str
    note: str
    filed_at: str
    filed_by: str
    late: bool


class SettingsForm(Form):
    """The county's reporting calendar."""

    deadline_day: StrictInt = Field(default=5, ge=1, le=28, title="截止日（次月）")
    lock_day: StrictInt = Field(default=10, ge=1, le=28, title="锁定日（次月）")

    @model_validator(mode="after")
    def _lock_after_deadline(self) -> SettingsForm:
        if self.lock_day < self.deadline_day:
            raise PydanticCustomError("lock_before_deadline", "锁定日不能早于截止日")
        return self


class MonthStatus(BaseModel):
    month: str
    deadline: date
    lock_date: date
    locked: bool
    override: Literal["locked", "reopened"] | None = None


# --- units and reporters -------------------------------------------------------


class UnitForm(Form):
    name: Line60 = Field(title="单位名称")
    kind: UnitKind = Field(title="单位类别", json_schema_extra={"labels": dict(UNIT_KINDS)})
    emails: list[Email] = Field(default_factory=list, max_length=10, title="联系邮箱")
    active: StrictBool = Field(default=True, title="是否参加填报")


class NewUnitForm(UnitForm):
    unit_id: UnitId = Field(title="单位编号", description="小写字母、数字、- 或 _，如 sifaju")


class Unit(BaseModel):
    unit_id: str
    name: str
    kind: str
    emails: list[str]
    active: bool
    created_at: str
    updated_at: str


class ReporterForm(Form):
    label: Note40 = Field(default="", title="填报员备注", description="如姓名或岗位，便于辨认")


class IssuedReporter(BaseModel):
    reporter_id: str
    unit_id: str
    label: str
    token: str = Field(description="只显示这一次，请妥善保存")
    link: str = Field(description="填报页链接（令牌在 # 之后，不会发送给服务器日志）")
    created_at: str


class Reporter(BaseModel):
    reporter_id: str
    unit_id: str
    label: str
    created_at: str
    revoked_at: str | None = None


# --- co-building agreements -----------------------------------------------------


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class AgreementTask(Form):
    title: Line200 = Field(title="共建任务")
    due_on: Day | None = Field(default=None, title="完成时限")


class Contact(Form):
    name: Line20 = Field(title="联系人")
    side: Literal["local", "military"] = Field(
        title="所属方", json_schema_extra={"labels": {"local": "地方", "military": "部队"}}
    )
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+\- ]{5,20}$")] | None = Field(default=None, title="电话")


class AgreementForm(Form):
    title: Line100 = Field(title="协议名称")
    unit_id: UnitId = Field(title="地方单位")
    military_unit: Line100 = Field(title="部队单位", description="番号或名称，如 73026部队")
    signed_on: Day = Field(title="签订日期")
    valid_from: Day = Field(title="起始日期")
    valid_to: Day = Field(title="终止日期")
    goals: Note2000 = Field(default="", title="共建目标")
    tasks: list[AgreementTask] = Field(default_factory=list, max_length=50, title="共建任务")
    contacts: list[Contact] = Field(default_factory=list, max_length=10, title="联系人")
    status: AgreementStatus = Field(default=AgreementStatus.ACTIVE, title="状态")
    document_key: Annotated[str, StringConstraints(max_length=300)] | None = Field(default=None, title="协议文本")

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("valid_from")
        if start is not None and value < start:
            raise PydanticCustomError("period_reversed", "终止日期不能早于起始日期")
        return value

    @field_validator("signed_on", "valid_from", "valid_to")
    @classmethod
    def _not_ancient(cls, value: date) -> date:
        if value < EARLIEST_DATE:
            raise PydanticCustomError("date_too_early", "日期不能早于2000年1月1日")
        return value


class AgreementEditForm(AgreementForm):
    version: StrictInt = Field(ge=1, title="所修改的版本号")


class Agreement(AgreementForm):
    model_config = ConfigDict(extra="ignore")

    agreement_id: str
    version: int
    ends_in_days: int | None = Field(default=None, description="距终止日期的天数（仅有效协议）")
    created_at: str
    updated_at: str


class Problem(BaseModel):
    """The body of every error answer."""

    code: str = Field(description="稳定的错误编号，见 README")
    message: str
    errors: list[dict[str, str]] | None = Field(default=None, description="每个有误的字段：field 与 message")


FORMS: dict[str, type[BaseModel]] = {
    "report": ReportForm,
    "agreement": AgreementForm,
    "nil-report": NilReportForm,
    "unit": NewUnitForm,
}


def as_item(model: BaseModel, exclude: set[str] | frozenset[str] | None = None) -> dict[str, Any]:
    """A validated model as plain stored data: dates as ISO text, enums as their codes, money as Decimal."""
    return _plain(model.model_dump(mode="python", exclude=set(exclude or ())))  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


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


class CampaignCalendar(BaseModel):
    campaigns: list[PlannedCampaign]


class SentReminder(BaseModel):
    """One reminder e-mail: to whom, why, for which period, and whether it went."""

    reason: Literal["missing", "digest", "agreement-60", "agreement-30", "campaign"]
    period: str
    recipient: str = Field(description="单位编号，或 county（县双拥办）")
    to: list[str]
    subject: str
    status: Literal["claimed", "sent", "failed"]
    attempts: int
    claimed_at: str
    sent_at: str | None = None
    error: str | None = None


# --- photo uploads ----------------------------------------------------------------


class PhotoUploadForm(Form):
    """The body of POST /photos/uploads: nothing for a reporter; the county office names the unit."""

    unit_id: UnitId | None = Field(default=None, title="填报单位", description="仅县双拥办可指定")


class PhotoUpload(BaseModel):
    """A presigned POST: the browser posts `fields` and then the file (as `file`) to `url`."""

    key: str = Field(description="上传后写入报告 photos 的对象键")
    url: str
    fields: dict[str, str]
    max_bytes: int
    content_type: str
    expires_in: int


# --- monthly summaries ------------------------------------------------------------


class SummaryRequest(BaseModel):
    """A compile of a month's (or a year's) summary, requested; it runs in the background (202)."""

    period: str = Field(description="YYYY-MM（月度）或 YYYY（年度）")
    month: str | None = None
    year: str | None = None
    status: Literal["compiling"]
    request_id: str
    requested_at: str
    requested_by: str


class SummaryDownload(BaseModel):
    filename: str = Field(description="中文文件名，如 2026年8月双拥工作汇总.xlsx")
    url: str = Field(description="短时有效的下载链接（Content-Disposition: attachment）")
    expires_in: int = Field(description="链接有效秒数")


class MonthSummary(BaseModel):
    """A month's consolidated figures, as last compiled, with the state of the latest compile."""

    month: str
    month_label: str
    status: Literal["compiling", "ready", "stale", "failed"] = Field(
        description="compiling：正在汇总；ready：已汇总；stale：汇总后报告有变动，需重新汇总；failed：最近一次汇总失败"
    )
    stale: bool
    compiled_at: str | None = Field(default=None, description="所示数据的汇总时间")
    request: dict[str, Any] = Field(description="最近一次汇总申请：request_id, requested_at, requested_by, state")
    failure: dict[str, Any] | None = Field(default=None, description="最近一次失败的原因")
    county: str | None = None
    as_of: date | None = None
    deadline: date | None = None
    totals: dict[str, int] | None = None
    headline: dict[str, Any] | None = Field(default=None, description="情况汇报中的各项数字")
    by_type: list[dict[str, Any]] | None = None
    by_target: list[dict[str, Any]] | None = None
    by_unit: list[dict[str, Any]] | None = None
    completeness: dict[str, Any] | None = None
    co_building: dict[str, Any] | None = None
    narrative: list[dict[str, str]] | None = Field(default=None, description="情况汇报的段落：topic 与 text")
    downloads: dict[str, SummaryDownload] | None = Field(default=None, description="xlsx、csv、docx 的下载链接")


# --- QR codes of the pages' links (the county office's page prints them) ------------------


class LinkQrForm(Form):
    link: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        title="链接", description="本系统页面的链接，如填报员的填报链接（含凭证，故放在请求体中）"
    )


class LinkQrCode(BaseModel):
    link: str
    svg: str = Field(description="二维码的 SVG 文本")
