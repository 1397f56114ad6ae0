"""Report forms: one model per activity type, built from the catalogue, so that validation, the JSON Schemas
of the forms and the OpenAPI document all come from the same place; nil reports; photo uploads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, overload

from pydantic import (
    BaseModel,
    Field,
    RootModel,
    StrictInt,
    ValidationInfo,
    create_model,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.calendar.models import APPROVED_ONLY, NOT_RETURNED, MonthStatus
from chalicelib.core.catalogue import (
    ACTIVITY_TYPE_BY_CODE,
    ACTIVITY_TYPES,
    VISIT_TARGETS,
    ActivityType,
    Choice,
    Figure,
    FigureKind,
)
from chalicelib.core.models import (
    EARLIEST_DATE,
    MAX_PHOTOS,
    Answer,
    Count,
    Day,
    Form,
    Line100,
    Money,
    Note500,
    Note5000,
    PhotoKey,
    PresignedPost,
    RecordId,
    UnitId,
    Uuid,
    VisitTarget,
)
from chalicelib.reports.records import ReviewRecord, ShownReport, StoredReport

# --- reports -----------------------------------------------------------------

VISIT_FIGURES = ("households", "persons", "funds_yuan", "goods_yuan")


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


def _choice_field(choice: Choice) -> tuple[Any, Any]:
    """A metrics field that is not a figure: one of its options (an enum, so the schema keeps their order, with
    their labels as the page shows them), or a line of text; optional unless `required`, then its `default`."""
    extra: dict[str, Any] = {"labels": dict(choice.options)} if choice.options else {}
    name = "".join(part.title() for part in choice.code.split("_"))
    kind: Any = StrEnum(name, {code: code for code, _ in choice.options}) if choice.options else Line100
    if choice.required:
        return kind, Field(title=choice.label, json_schema_extra=extra)
    if choice.default is None:
        return kind | None, Field(default=None, title=choice.label, json_schema_extra=extra)
    return kind, Field(default=kind(choice.default), title=choice.label, json_schema_extra=extra)


MAX_VISIT_GROUPS = 20
TARGET_LABELS: dict[str, Any] = {"labels": dict(VISIT_TARGETS)}


def _visit_group_model(activity: ActivityType) -> type[BaseModel]:
    """One group a visit went to (伤残军人 3人 1,500元): its target and the visit's figures for it."""
    fields: dict[str, Any] = {"target": (VisitTarget, Field(title="走访对象", json_schema_extra=TARGET_LABELS))}
    fields.update({figure.code: _figure_field(figure) for figure in activity.figures})
    return create_model("VisitGroup", __base__=Form, __doc__=_visit_group_model.__doc__, **fields)


def _target_unless_groups(cls: type, value: Any, info: ValidationInfo) -> Any:
    """A visit names one target, or several groups (not both)."""
    groups = info.data.get("groups")
    if value is None and groups is None and "groups" in info.data:
        raise PydanticCustomError("target_required", "必填：请选择走访对象（走访几类对象时逐类填写 groups）")
    if value is not None and groups is not None:
        raise PydanticCustomError("groups_or_target", "走访几类对象时，走访对象逐类填在 groups 中，不填此项")
    return value


def _figures_in_groups(self: Any) -> Any:
    """A visit to several groups has its figures in them, none of its own."""
    if self.groups is not None and any(getattr(self, f) for f in VISIT_FIGURES):
        raise PydanticCustomError("groups_or_figures", "走访几类对象时，户数、人数、金额逐类填在 groups 中")
    return self


def _without_nulls(self: Any, handler: Any) -> Any:
    """A visit stores its one target or its groups, not the other as null."""
    return {k: v for k, v in handler(self).items() if not (k in ("target", "groups") and v is None)}


def _metrics_model(activity: ActivityType) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    validators: dict[str, Any] = {
        f"check_{smaller}": _bound_validator(smaller, larger, activity) for smaller, larger in activity.bounded_by
    }
    if activity.code == "visit":
        fields["groups"] = (
            list[_visit_group_model(activity)] | None,  # type: ignore[misc]
            Field(
                default=None,
                min_length=1,
                max_length=MAX_VISIT_GROUPS,
                title="走访的各类对象",
                description="走访几类对象时逐类填写（最多20类），此时不填 target 与下列数字",
            ),
        )
        fields["target"] = (
            VisitTarget | None,
            Field(
                default=None,
                validate_default=True,
                title="走访对象",
                description="只走访一类对象时填写",
                json_schema_extra=TARGET_LABELS,
            ),
        )
        validators["check_target"] = field_validator("target")(_target_unless_groups)
        validators["check_groups"] = model_validator(mode="after")(_figures_in_groups)
        validators["without_nulls"] = model_serializer(mode="wrap")(_without_nulls)
    for choice in activity.choices:
        fields[choice.code] = _choice_field(choice)
    for figure in activity.figures:
        fields[figure.code] = _figure_field(figure)
    name = "".join(part.title() for part in activity.code.split("_")) + "Metrics"
    return create_model(name, __base__=Form, __validators__=validators, **fields)


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
    return create_model(name, __base__=bases, **fields)


@cache
def report_model(code: str) -> type[ReportContent]:
    """The report form of one activity type, which validates a report of that type as the whole form would:
    built when a request first needs it, so a request builds its own type's two models, not all 28."""
    return _report_model(ACTIVITY_TYPE_BY_CODE[code], None, "Report")


def _report_union(envelope: type[Form] | None, suffix: str) -> Any:
    if envelope is None:
        models = [report_model(activity.code) for activity in ACTIVITY_TYPES]
    else:
        models = [_report_model(activity, envelope, suffix) for activity in ACTIVITY_TYPES]
    return Annotated[Union[tuple(models)], Field(discriminator="activity_type")]  # noqa: UP007


@cache
def report_form() -> type[BaseModel]:
    """The report form (RootModel): common fields, and the figures of the chosen activity type; for the form's
    schema, and to refuse a report of no or an unknown type as the form does."""
    return _root_model(
        "ReportForm", None, "The report form: common fields, and the figures of the chosen activity type."
    )


@cache
def new_report_form() -> type[BaseModel]:
    """The whole body of POST /reports, for the OpenAPI document only: requests are validated
    as NewReportEnvelope + their type's report model, so these 14 models are built only when the document is."""
    return _root_model(
        "NewReportForm", NewReportEnvelope, "报告提交：报告内容、submission_id 与（县双拥办代填时的）单位"
    )


@cache
def report_edit_form() -> type[BaseModel]:
    """The whole body of PUT /reports/{id}, for the OpenAPI document only."""
    return _root_model("ReportEditForm", ReportEditEnvelope, "报告更正：完整的报告内容与所改的 version")


def _root_model(name: str, envelope: type[Form] | None, doc: str) -> type[BaseModel]:
    union = _report_union(envelope, name.removesuffix("Form"))
    return type(name, (RootModel[union],), {"__doc__": doc})  # type: ignore[valid-type]


REVIEW_STATES = ("pending", "approved", "returned")
PENDING_REVIEW: ReviewRecord = {"state": "pending", "comment": "", "by": None, "by_name": None, "at": None}


@overload
def review_of(report: StoredReport | ShownReport) -> ReviewRecord: ...
@overload
def review_of(report: dict[str, Any]) -> dict[str, Any]: ...  # a report as the summaries read it
def review_of(report: StoredReport | ShownReport | dict[str, Any]) -> ReviewRecord | dict[str, Any]:
    """The report's review as stored; a report stored before reviews existed is pending."""
    review = report.get("review")
    return {**PENDING_REVIEW, **review} if isinstance(review, dict) else dict(PENDING_REVIEW)


def review_state(report: StoredReport | ShownReport | dict[str, Any]) -> str:
    state = review_of(report)["state"]
    return state if state in REVIEW_STATES else "pending"


def counts(report: StoredReport | ShownReport | dict[str, Any], counting: str = NOT_RETURNED) -> bool:
    """Whether the report's figures count in the summaries (the county's and a unit's own, and a unit's 要点
    draft), by the county's setting `counting`."""
    state = review_state(report)
    return state == "approved" if counting == APPROVED_ONLY else state != "returned"


class Review(Answer):
    """The county office's review of a report: pending until a reviewer approves or returns it; a reporter's
    correction puts it back to pending. Reports stored before reviews existed are pending."""

    state: Literal["pending", "approved", "returned"] = Field(
        description="pending：待审核；approved：审核通过；returned：退回修改（更正前不计入汇总）"
    )
    comment: str = Field(default="", description="审核意见（退回修改时说明需要修改什么）")
    by: str | None = Field(default=None, description="审核人：admin，或工作人员编号")
    by_name: str | None = Field(default=None, description="审核人姓名")
    at: str | None = Field(default=None, description="审核时间")


class ReportWarning(Answer):
    """A warning rule that holds for the report (README, "Warning rules"): it never refuses the report."""

    code: str = Field(description="规则代码，如 visit_persons_below_households")
    severity: Literal["high", "medium"] = Field(description="high：几乎不可能；medium：可疑，请核对")
    field: str = Field(description="所涉字段，如 metrics.persons、metrics.groups.1.persons、occurred_on")
    message: str = Field(description="提示（中文）")


class Report(Answer):
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
    photos: list[str] = Field(default_factory=list)
    version: int
    late: bool
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    created_by_name: str | None = Field(default=None, description="填报人：填报员、工作人员的姓名，或县双拥办")
    review: Review
    warnings: list[ReportWarning] = Field(
        default_factory=list,
        description="数据提示（不影响提交）：提交、更正与列表只判断报告本身的规则；"
        "GET /reports/{report_id} 还判断需本县基本情况、所属共建协议和近一年汇总的规则",
    )


class ReportPage(Answer):
    items: list[Report]
    next_token: str | None = None


class Revision(Answer):
    version: int
    at: str
    by: str
    by_name: str = Field(description="谁：工作人员姓名、填报员名称，或 县双拥办（管理员令牌）")
    action: Literal["created", "updated", "withdrawn", "approved", "returned"]
    comment: str | None = Field(default=None, description="审核意见（approved、returned）")
    changes: dict[str, Any] = Field(default_factory=dict)


# --- nil reports and months ----------------------------------------------------


class NilReportForm(Form):
    """本月无活动: the unit declares it had no activity in the month."""

    note: Note500 = Field(default="", title="说明")


class NilReport(Answer):
    unit_id: str
    month: str
    note: str
    filed_at: str
    filed_by: str
    late: bool


class MonthState(MonthStatus):
    """GET /months/{month}: the status, whether the month has a summary to read, and a reporter's 本月无活动 (so a
    page asks for neither when there is none, and the browser logs no 404 that was expected)."""

    summary_requested: bool = Field(description="是否已申请过汇总；否则 GET /summaries/{month} 答 404")
    nil_report: NilReport | None = Field(
        default=None, description="填报员所属单位该月的本月无活动；未填报或县双拥办为 null"
    )


# --- photo uploads ----------------------------------------------------------------


class PhotoUploadForm(Form):
    """The body of POST /photos/uploads: nothing for a reporter; the county office names the unit."""

    unit_id: UnitId | None = Field(default=None, title="填报单位", description="仅县双拥办可指定")


class PhotoUpload(PresignedPost):
    key: str = Field(description="上传后写入报告 photos 的对象键")
