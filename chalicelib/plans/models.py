"""The year's plan: what the county office sends about a task, and what the API gives back.

A task's `window` is a phrase of the 任务分解表 ("4月下旬至5月", "八一前后", "全年") or
`{"from": "2026-04-21", "to": "2026-05-31"}`; either is read in the plan's year (the
validation context carries the year and its campaign days and periods, see `plans/windows.py`) and
stored as `{"from", "to", "text"}`, with `parts` (each `{"from", "to", "text"}`) when
the phrase names several windows (每季度: one per quarter; 两节期间: 春节期间 and 八一期间). A
`target` is a number of linked reports (`"figure": "reports"`), of participants, or the sum of
one of the expected types' figures (`"figure": "households"`): the task is done when its linked reports reach it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import ACTIVITY_TYPES, AREAS, FigureKind, area_for
from chalicelib.core.dates import parse_day
from chalicelib.core.models import MAX_YUAN, Answer, Form, Line20, Line200, UnitId, XlsxBase64, numbers_only
from chalicelib.plans.records import WindowItem
from chalicelib.plans.windows import Window, WindowError, parse_windows, window_text, windows_item

MAX_TASK_UNITS = 60
SPECIAL_FIGURES = {"reports": ("活动", "次"), "participants": ("参加人数", "人次")}

ActivityCode = StrEnum("ActivityCode", {a.code: a.code for a in ACTIVITY_TYPES})  # type: ignore[misc]
AreaCode = StrEnum("AreaCode", {code: code for code in AREAS})  # type: ignore[misc]

WINDOW_SCHEMA = {
    "oneOf": [
        {"type": "string", "description": "时间短语，如“4月下旬至5月”“八一前后”“春节前”“两节期间”“全年”"},
        {
            "type": "object",
            "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
            "required": ["from", "to"],
            "additionalProperties": False,
        },
    ]
}


def figure_choices(activity_types: list[str]) -> dict[str, tuple[str, str, FigureKind]]:
    """What a target may count for these types (any type when none): code → (label, unit, kind)."""
    choices = {code: (label, unit, FigureKind.COUNT) for code, (label, unit) in SPECIAL_FIGURES.items()}
    for activity in ACTIVITY_TYPES:
        if not activity_types or activity.code in activity_types:
            for figure in activity.figures:
                choices.setdefault(figure.code, (figure.label, figure.unit, figure.kind))
    return choices


class PlanTarget(Form):
    figure: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        default="reports",
        title="目标指标",
        description="reports（活动次数）、participants（参加人数）或所列活动类型的数据编号，如 households",
    )
    value: Annotated[Decimal, BeforeValidator(numbers_only()), Field(gt=0, le=MAX_YUAN, allow_inf_nan=False)] = Field(
        title="目标值", description="至少达到的数；金额以元计"
    )


class PlanTaskForm(Form):
    """One task of the year's 任务分解表."""

    heading: Line20 = Field(title="分类", description="如 组织领导、宣传教育、法律拥军、退役军人服务、军地共建")
    title: Line200 = Field(title="任务")
    unit_ids: list[UnitId] = Field(min_length=1, max_length=MAX_TASK_UNITS, title="责任单位")
    lead_unit_ids: list[UnitId] = Field(
        default_factory=list,
        max_length=MAX_TASK_UNITS,
        title="牵头单位",
        description="责任单位中牵头的单位，其余为配合单位；不填则不分牵头、配合",
    )
    window: Annotated[Any, WithJsonSchema(WINDOW_SCHEMA)] = Field(
        title="时间", description="时间短语（如“4月下旬至5月”“八一前后”）或 {from, to}，须在计划年度内"
    )
    activity_types: list[ActivityCode] = Field(
        default_factory=list, max_length=len(ACTIVITY_TYPES), title="活动类型", description="不填则任何类型均可"
    )
    target: PlanTarget | None = Field(default=None, title="目标", description="不填则有一份关联报告即为完成")
    area: AreaCode | None = Field(
        default=None,
        title="工作领域",
        json_schema_extra={"labels": dict(AREAS)},
        description="年度工作总结中所属的部分："
        + "、".join(f"{code}（{label}）" for code, label in AREAS.items())
        + "；不填则按分类的字词或活动类型确定",
    )

    @model_validator(mode="after")
    def _area_of_task(self) -> PlanTaskForm:
        if self.area is None:
            self.area = AreaCode(area_for(self.heading, [str(t) for t in self.activity_types]))
        return self

    @field_validator("unit_ids", "lead_unit_ids", "activity_types")
    @classmethod
    def _once_each(cls, value: list[Any]) -> list[Any]:
        return list(dict.fromkeys(value))

    @field_validator("lead_unit_ids")
    @classmethod
    def _leads_are_responsible(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if outside := [u for u in value if u not in (info.data.get("unit_ids") or [])]:
            raise PydanticCustomError(
                "lead_units", "牵头单位须是责任单位之一：{units}不在责任单位中", {"units": "、".join(outside)}
            )
        return value

    @field_validator("window")
    @classmethod
    def _read_window(cls, value: Any, info: ValidationInfo) -> WindowItem:
        context = info.context or {}
        year: int = context["year"]
        try:
            if isinstance(value, str):
                return windows_item(parse_windows(value, year, context.get("calendar")), value.strip(), year)
            if isinstance(value, dict) and set(value) == {"from", "to"}:
                found = Window(_day(value["from"], year), _day(value["to"], year))
                if found.start > found.end:
                    raise WindowError("开始日期晚于结束日期")
                return found.as_item(window_text(found, year))
        except WindowError as error:
            raise PydanticCustomError("window", "{reason}", {"reason": str(error)}) from None
        raise PydanticCustomError("window_type", "应填写时间短语（如“4月下旬至5月”）或 {from, to} 两个日期")

    @field_validator("target")
    @classmethod
    def _target_fits(cls, value: PlanTarget | None, info: ValidationInfo) -> PlanTarget | None:
        if value is None:
            return None
        types = [str(t) for t in info.data.get("activity_types") or []]
        choices = figure_choices(types)
        if value.figure not in choices:
            names = "、".join(f"{code}（{label}）" for code, (label, _, _) in choices.items())
            raise PydanticCustomError("target_figure", "目标指标应为以下之一：{names}", {"names": names})
        if choices[value.figure][2] is FigureKind.MONEY:
            if value.value != value.value.quantize(Decimal("0.01")):
                raise PydanticCustomError("target_money", "金额最多保留两位小数（到分）")
        elif value.value != value.value.to_integral_value():
            raise PydanticCustomError("target_count", "目标值应为整数")
        return value


def _day(value: Any, year: int) -> date:
    try:
        day = parse_day(value)
    except ValueError as error:
        raise WindowError(str(error)) from None
    if day.year != year:
        raise WindowError(f"日期须在{year}年内；一项任务只属于一个年度")
    return day


class PlanTaskEditForm(PlanTaskForm):
    version: StrictInt = Field(ge=1, title="所修改的版本号")


class PlanImportForm(Form):
    """POST /plans/{year}/import: the 任务分解表 as an .xlsx file, base64-encoded in JSON."""

    file: XlsxBase64 = Field(title="Excel 文件", description="任务分解表（.xlsx）的 base64 编码，文件不超过 1 MB")
    filename: Annotated[str, Field(max_length=200)] = Field(default="", title="文件名")


# --- answers ----------------------------------------------------------------------------


class LinkedReport(Answer):
    report_id: str
    unit_id: str
    title: str
    occurred_on: date
    activity_type: str
    outside_window: bool = Field(description="日期不在任务的计划时间内（不在计划时间内，不计入完成情况）")


class TaskProgress(Answer):
    state: Literal["done", "in_progress", "not_started", "overdue"] = Field(
        description="done：已完成（达到目标，或无目标时已有关联报告）；in_progress：进行中（有关联报告，未达目标）；"
        "not_started：未开始（尚无关联报告，时间未过）；overdue：逾期未报（时间已过，无关联报告）"
    )
    label: str
    window_state: Literal["upcoming", "open", "passed"]
    reports: int = Field(description="计入的关联报告数（计划时间内的，不含已撤回、退回修改的）")
    achieved: int | Decimal | None = Field(default=None, description="目标指标的完成数")
    achieved_text: str | None = None
    units: list[dict[str, Any]] = Field(description="各责任单位的关联报告数")
    windows: list[dict[str, Any]] | None = Field(
        default=None, description="多个时段的任务（如每季度）各时段的 from、to、text、state、label 与 reports"
    )


class PlanTask(Answer):
    task_id: str
    year: int
    position: int
    heading: str
    area: str = Field(description="工作领域：" + "、".join(f"{code}（{label}）" for code, label in AREAS.items()))
    title: str
    unit_ids: list[str]
    unit_names: list[str]
    lead_unit_ids: list[str] = Field(description="牵头单位（责任单位中的）；其余责任单位为配合单位；空：未分牵头、配合")
    window: dict[str, Any] = Field(
        description="from、to（日期）与 text（原文）；多个时段（如每季度）时另有 parts，各时段的 from、to、text"
    )
    activity_types: list[str]
    target: dict[str, Any] | None = Field(default=None, description="figure、value 与 label（如“活动4次”）")
    version: int
    created_at: str
    updated_at: str
    progress: TaskProgress
    reports: list[LinkedReport] = Field(description="关联报告（填报员只见本单位的）")


class Plan(Answer):
    """The year's plan with each task's progress; a reporter gets its own unit's tasks."""

    year: int
    as_of: date
    counts: dict[str, int] = Field(description="tasks 及各状态的任务数")
    headings: list[dict[str, Any]] = Field(description="各分类的任务数与各状态的任务数")
    tasks: list[PlanTask]
    summary_requested: bool = Field(description="是否已申请过全年汇总；否则 GET /summaries/{year} 答 404")


class WindowPart(Answer):
    model_config = ConfigDict(defer_build=True, populate_by_name=True)

    start: date = Field(alias="from", title="开始日期")
    to: date = Field(title="结束日期")
    text: str


class PlanWindow(WindowPart):
    """GET /plans/{year}/window?text=: the dates a window phrase reads as, before a task is saved."""

    parts: list[WindowPart] | None = Field(default=None, description="多个时段（如每季度）时各时段")


class PlanImport(Answer):
    year: int
    created: int
    updated: int
    unchanged: int
    tasks: list[PlanTask]
