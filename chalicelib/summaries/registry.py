"""The figures of a summary, each defined once: where the summary holds it (`key`), what the 汇总 sheet calls it,
what it counts (units, reports, unit·months …) and how the words say it (`said`, "{}" its value).

A figure is computed once, by the tallies, into the summary; the page, the 汇总 sheet and the words all read
it by its key from here, so the JSON, the page, the XLSX and the DOCX cannot say two numbers for one figure
(tests/api/test_one_number.py holds every output to it). A month, a year and days of a year each have their
registry: a year counts who reported in unit·months, a month in units, days not at all. The CSV is the 台账
and holds none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

from chalicelib.core.catalogue import ACTIVITY_TYPES, ORGANISATION_KINDS, VISIT_TARGETS, short_label
from chalicelib.core.dates import ENDING_SOON_DAYS
from chalicelib.summaries.document import Summary
from chalicelib.summaries.parts import ShownFigure

Counts = Literal["units", "unit_months", "reports", "figure", "money", "agreements", "tasks", "surveys"]
Value = int | Decimal


@dataclass(frozen=True)
class Figure:
    """One figure of a summary: `key` its path in the summary ("completeness.on_time"; a type's
    "by_type.visit.funds_yuan"; a list's length "plan_overdue.count"), `label` and `unit` its row of the 汇总
    sheet, `counts` what it counts, `said` the phrases the words say it with."""

    key: str
    label: str
    unit: str
    counts: Counts
    said: tuple[str, ...] = ()

    def value(self, summary: Mapping[str, Any]) -> Value:
        """The figure as the summary holds it."""
        head, _, rest = self.key.partition(".")
        if head == "organisation":  # only the kinds that met are listed
            kind = rest.partition(".")[0]
            return next((r["meetings"] for r in summary["organisation"] if r["kind"] == kind), 0)
        if head in ("by_type", "by_target"):
            code, _, name = rest.partition(".")
            row = next(r for r in summary[head] if r["activity_type" if head == "by_type" else "target"] == code)
            if head == "by_target" or name == "reports":
                return row[name]
            return next(f["value"] for f in row["figures"] if f["code"] == name)
        part: Any = summary
        for name in self.key.split("."):
            part = len(part) if name == "count" and isinstance(part, list) else part[name]
        return part

    def say(self, summary: Mapping[str, Any], phrase: int = 0) -> str:
        """The figure in words, by its `phrase`-th way of saying it: "按时报送6个"."""
        return self.said[phrase].format(self.value(summary))


class Registry:
    """The figures of one kind of period, by key."""

    def __init__(self, *figures: Figure) -> None:
        self.figures = {figure.key: figure for figure in figures}
        labels = [figure.label for figure in figures]
        assert len(set(labels)) == len(labels), "two figures of one registry share a row label"

    def row(self, summary: Mapping[str, Any], key: str) -> tuple[str, Value, str]:
        """The figure's row of the 汇总 sheet: label, value, unit."""
        figure = self.figures[key]
        return figure.label, figure.value(summary), figure.unit

    def say(self, summary: Mapping[str, Any], key: str, phrase: int = 0) -> str:
        return self.figures[key].say(summary, phrase)

    def shown(self, summary: Summary) -> list[ShownFigure]:
        """Every figure with its value, as the summary lists them for the page (`figures`)."""
        return [
            {"key": f.key, "label": f.label, "value": f.value(summary), "unit": f.unit, "counts": f.counts}
            for f in self.figures.values()
        ]


TOTALS = (
    Figure("totals.reports", "活动报告", "项", "reports", ("报送双拥活动{}项", "收到双拥活动报告{}项")),
    Figure("totals.reports_on_time", "其中按时报告", "项", "reports", ("按时报告{}项",)),
    Figure("totals.reports_late", "其中逾期报告", "项", "reports", ("逾期报告{}项",)),
    Figure("totals.participants", "参加人数", "人次", "figure", ("参加{}人次",)),
    Figure("totals.units_reporting", "报送活动的单位", "个", "units", ("共有{}个单位",)),
)
HEADLINE = (  # said by the types' sentences (narrative.py), of the county and of each unit alike
    Figure("headline.symposiums", "召开拥军优属座谈会", "次", "reports"),
    Figure("headline.symposium_beneficiaries", "参加座谈会的优抚对象", "人", "figure"),
    Figure("headline.troop_visits", "走访驻军", "次", "reports"),
    Figure("headline.beneficiary_households", "走访优抚对象", "户", "figure"),
    Figure("headline.visit_funds_yuan", "走访慰问资金", "元", "money"),
)
BY_TYPE = tuple(
    figure
    for activity in ACTIVITY_TYPES
    for figure in (
        Figure(f"by_type.{activity.code}.reports", f"{short_label(activity.code)}·活动数", "项", "reports"),
        *(
            Figure(
                f"by_type.{activity.code}.{f.code}",
                f"{short_label(activity.code)}·{f.label}",
                f.unit,
                "money" if f.unit == "元" else "figure",
            )
            for f in activity.figures
        ),
    )
)
BY_TARGET = tuple(
    Figure(f"by_target.{code}.{name}", f"走访{label}·{word}", unit, counts)
    for code, label in VISIT_TARGETS.items()
    for name, word, unit, counts in cast(
        "tuple[tuple[str, str, str, Counts], ...]",
        (
            ("reports", "次数", "次", "reports"),
            ("households", "户数", "户", "figure"),
            ("persons", "人数", "人", "figure"),
            ("funds_yuan", "慰问金", "元", "money"),
        ),
    )
)
ORGANISATION = tuple(
    Figure(f"organisation.{kind}.meetings", f"组织领导·{label}", "次", "figure")
    for kind, label in ORGANISATION_KINDS.items()
)
CO_BUILDING = (
    Figure("co_building.active", "有效军地共建协议", "份", "agreements", ("现有有效军地共建协议{}份",)),
    Figure("co_building.reports", "依托共建协议开展活动", "次", "reports"),
)
# a month's and days', as of their last day
ENDING_SOON = Figure(
    "co_building.ending_soon", f"其中{ENDING_SOON_DAYS}日内到期", "份", "agreements"
)  # a month's and days', as of their last day
REVIEW = (
    Figure("review.pending", "待审核的报告", "项", "reports"),
    Figure("review.approved", "审核通过的报告", "项", "reports"),
    Figure("review.returned", "退回修改的报告（未计入）", "项", "reports"),
)
EVERY_PERIOD = (*TOTALS, *HEADLINE, *BY_TYPE, *BY_TARGET, *ORGANISATION, *CO_BUILDING, *REVIEW)

MONTH = Registry(
    *EVERY_PERIOD,
    Figure("completeness.expected", "应报送单位", "个", "units", ("应报送单位{}个",)),
    Figure("completeness.reported", "已报送单位", "个", "units", ("已报送{}个",)),
    Figure("completeness.nil_reported", "本月无活动单位", "个", "units", ("报告本月无活动{}个", "本月无活动单位{}个")),
    Figure("completeness.missing", "未报送单位", "个", "units", ("未报送{}个", "未报送单位{}个")),
    Figure(
        "completeness.pending", "未报（未到期）单位", "个", "units", ("未报（未到期）{}个", "未报（未到期）单位{}个")
    ),
    Figure("completeness.on_time", "按时报送单位", "个", "units", ("按时报送{}个", "按时报送单位{}个")),
    Figure("completeness.late", "逾期报送单位", "个", "units", ("逾期报送{}个", "逾期报送单位{}个")),
    ENDING_SOON,
    Figure("plan_overdue.count", "逾期计划任务", "项", "tasks", ("有{}项任务时间已过",)),
)
DAYS = Registry(*EVERY_PERIOD, ENDING_SOON)
YEAR = Registry(
    *EVERY_PERIOD,
    Figure("completeness.months", "已到报送期限的月份", "个", "units", ("已到报送期限的{}个月",)),
    Figure("completeness.expected", "应报送（各单位逐月合计）", "单位·月", "unit_months", ("应报送{}次",)),
    Figure("completeness.reported", "已报送", "单位·月", "unit_months", ("已报送{}次",)),
    Figure("completeness.nil_reported", "本月无活动", "单位·月", "unit_months", ("报告本月无活动{}次",)),
    Figure("completeness.missing", "未报送", "单位·月", "unit_months", ("未报送{}次",)),
    Figure("completeness.on_time", "按时报送", "单位·月", "unit_months", ("按时报送{}次",)),
    Figure("completeness.late", "逾期报送", "单位·月", "unit_months", ("逾期报送{}次",)),
    Figure("co_building.signed.count", "当年新签订共建协议", "份", "agreements"),
    Figure("co_building.ended.count", "当年到期或终止共建协议", "份", "agreements"),
    Figure("plan.counts.tasks", "年度计划任务", "项", "tasks", ("年度双拥工作计划共{}项任务",)),
    # "共8项任务，其中已完成3项、进行中1项 …": an area's own counts are said with "，" (year_narrative.py)
    Figure("plan.counts.done", "其中已完成", "项", "tasks", ("其中已完成{}项",)),
    Figure("plan.counts.in_progress", "其中进行中", "项", "tasks", ("、进行中{}项",)),
    Figure("plan.counts.not_started", "其中未开始", "项", "tasks", ("、未开始{}项",)),
    Figure("plan.counts.overdue", "其中逾期未报", "项", "tasks", ("、逾期未报{}项",)),
    Figure("surveys.run", "问卷调查", "次", "surveys", ("开展问卷调查{}次",)),
    Figure("surveys.responses", "收回答卷", "份", "surveys", ("收回答卷{}份",)),
)
REGISTRIES = {"month": MONTH, "days": DAYS, "year": YEAR}


def registry_of(summary: Mapping[str, Any]) -> Registry:
    """The registry of the summary's kind of period."""
    return YEAR if "by_month" in summary else MONTH if "month" in summary else DAYS
