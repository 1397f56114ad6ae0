"""What a stored report says in figures: its figures by code (counts as int, money in fen), a visit's groups,
the kind of an 优抚, 组织领导 or 表彰奖励 report. A report the catalogue cannot read raises UnreadableReport,
which the compile names instead of failing the period."""

from __future__ import annotations

from typing import Any

from chalicelib.core.catalogue import (
    ACTIVITY_TYPE_BY_CODE,
    HONOUR_LEVELS,
    ORGANISATION_KINDS,
    PREFERENTIAL_CATEGORIES,
    VISIT_TARGETS,
    FigureKind,
)
from chalicelib.core.money import InexactMoney, to_fen


class UnreadableReport(ValueError):
    """A stored report the compile cannot add up (unknown type, a figure that is not a number)."""


def figure_values(report: dict[str, Any]) -> dict[str, int]:
    """The report's figures by code, counts as int and money in fen; missing figures are 0. A visit to several
    groups has the sums of its groups' figures."""
    return figures_and_groups(report)[0]


def figures_and_groups(report: dict[str, Any]) -> tuple[dict[str, int], list[tuple[str, dict[str, int]]]]:
    """The report's figures (figure_values) and, a visit, its groups (none for other kinds), each
    figure read once."""
    if report.get("activity_type") != "visit":
        return _values(report, report.get("metrics") or {}), []
    groups = _visit_groups(report)
    values: dict[str, int] = {}
    for _, group in groups:
        for code, value in group.items():
            values[code] = values.get(code, 0) + value
    return values, groups


def _visit_groups(report: dict[str, Any]) -> list[tuple[str, dict[str, int]]]:
    """A visit's groups as (target, its figures by code): its `groups`, or its one target (reports stored
    before groups, and visits to one group)."""
    metrics = report.get("metrics") or {}
    groups = metrics.get("groups") or [metrics]
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise UnreadableReport(f"报告 {report.get('report_id')} 的走访对象无法汇总")
    return [(g.get("target"), _values(report, g)) for g in groups]


def participants_of(report: dict[str, Any]) -> int:
    """How many took part (参加人数), a whole number."""
    try:
        return _count(report.get("participants", 0))
    except (TypeError, ValueError) as error:
        raise UnreadableReport(f"报告 {report.get('report_id')} 的参加人数无法汇总：{error}") from None


def _values(report: dict[str, Any], metrics: dict[str, Any]) -> dict[str, int]:
    activity = ACTIVITY_TYPE_BY_CODE.get(report.get("activity_type", ""))
    if activity is None:
        raise UnreadableReport(f"报告 {report.get('report_id')} 的活动类型 {report.get('activity_type')!r} 不在目录中")
    values: dict[str, int] = {}
    try:
        for figure in activity.figures:
            raw = metrics.get(figure.code, 0)
            values[figure.code] = to_fen(raw) if figure.kind is FigureKind.MONEY else _count(raw)
    except (InexactMoney, TypeError, ValueError) as error:
        raise UnreadableReport(f"报告 {report.get('report_id')} 的数据无法汇总：{error}") from None
    return values


def preferential_kind(report: dict[str, Any]) -> tuple[str, str | None]:
    """An 优抚 report's (category, target); stored before categories, it reads as other, with no target."""
    metrics = report.get("metrics") or {}
    category, target = metrics.get("category") or "other", metrics.get("target")
    if category not in PREFERENTIAL_CATEGORIES or (target is not None and target not in VISIT_TARGETS):
        raise UnreadableReport(
            f"报告 {report.get('report_id')} 的优抚项目 {category!r} 或受益对象 {target!r} 不在目录中"
        )
    return str(category), target


def organisation_kind(report: dict[str, Any]) -> str:
    """A 组织领导 report's kind (领导小组会议, 军地联席会议 …)."""
    kind = (report.get("metrics") or {}).get("kind")
    if kind not in ORGANISATION_KINDS:
        raise UnreadableReport(f"报告 {report.get('report_id')} 的组织领导类别 {kind!r} 不在目录中")
    return str(kind)


def honour_of(report: dict[str, Any]) -> dict[str, Any]:
    """A 表彰奖励 report as the period's list of honours holds it."""
    metrics = report.get("metrics") or {}
    if metrics.get("level") not in HONOUR_LEVELS or not metrics.get("honour"):
        raise UnreadableReport(f"报告 {report.get('report_id')} 的荣誉级别或名称无法读取")
    return {
        "report_id": str(report.get("report_id")),
        "unit_id": str(report.get("unit_id")),
        "occurred_on": str(report.get("occurred_on")),
        "level": metrics["level"],
        "level_label": HONOUR_LEVELS[metrics["level"]],
        "honour": str(metrics["honour"]),
        "recipient": str(metrics.get("recipient") or ""),
    }


def _count(raw: Any) -> int:
    if isinstance(raw, bool) or int(raw) != raw:
        raise ValueError(f"{raw!r} 不是整数")
    return int(raw)
