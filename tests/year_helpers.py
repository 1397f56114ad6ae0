"""The check that a year's summary is the sum of its months', figure by figure (shared by the tests)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

Summary = dict[str, Any]

ADDITIVE_TOTALS = ("reports", "participants", "reports_on_time", "reports_late")
ADDITIVE_HEADLINE = (
    "symposiums",
    "symposium_beneficiaries",
    "troop_visits",
    "beneficiary_households",
    "visit_funds_yuan",
    "visit_goods_yuan",
)
TARGET_FIGURES = ("reports", "households", "persons", "funds_yuan", "goods_yuan")
COMPLETENESS = ("expected", "reported", "nil_reported", "missing", "on_time", "late")
UNIT_FIGURES = ("reports", "participants", "reports_late")


def total(months: list[Summary], pick: Callable[[Summary], Any]) -> Any:
    return sum((pick(month) for month in months), Decimal(0) if _is_money(months, pick) else 0)


def _is_money(months: list[Summary], pick: Callable[[Summary], Any]) -> bool:
    return any(isinstance(pick(m), Decimal) for m in months)


def assert_year_is_the_sum_of_its_months(year: Summary, months: list[Summary]) -> int:
    """Every additive figure of the year equals the sum over its months; answer how many were compared."""
    compared = 0

    def same(name: str, found: Any, pick: Callable[[Summary], Any]) -> None:
        nonlocal compared
        expected = total(months, pick)
        assert found == expected, f"{name}: year {found!r} != Σ months {expected!r}"
        compared += 1

    for key in ADDITIVE_TOTALS:
        same(f"totals.{key}", year["totals"][key], lambda m, k=key: m["totals"][k])
    for key in ADDITIVE_HEADLINE:
        same(f"headline.{key}", year["headline"][key], lambda m, k=key: m["headline"][k])
    for index, row in enumerate(year["by_type"]):
        kind = row["activity_type"]
        for key in ("reports", "participants", "reports_late"):
            same(f"by_type.{kind}.{key}", row[key], lambda m, i=index, k=key: m["by_type"][i][k])
        for f_index, figure in enumerate(row["figures"]):
            pick = lambda m, i=index, j=f_index: m["by_type"][i]["figures"][j]["value"]  # noqa: E731
            same(f"by_type.{kind}.{figure['code']}", figure["value"], pick)
    for index, row in enumerate(year["by_target"]):
        for key in TARGET_FIGURES:
            same(f"by_target.{row['target']}.{key}", row[key], lambda m, i=index, k=key: m["by_target"][i][k])
    for key in COMPLETENESS:
        same(f"completeness.{key}", year["completeness"][key], lambda m, k=key: m["completeness"][k])
    same("co_building.reports", year["co_building"]["reports"], lambda m: m["co_building"]["reports"])
    for row in year["by_unit"]:
        unit = row["unit_id"]
        for key in UNIT_FIGURES:
            same(f"by_unit.{unit}.{key}", row[key], lambda m, u=unit, k=key: _unit(m, u).get(k, 0))
        for kind, count in row["by_type"].items():
            same(
                f"by_unit.{unit}.by_type.{kind}",
                count,
                lambda m, u=unit, t=kind: _unit(m, u).get("by_type", {}).get(t, 0),
            )
        for kind, figures in row["figures"].items():
            for code, value in figures.items():

                def pick(m: Summary, u: str = unit, t: str = kind, c: str = code, v: Any = value) -> Any:
                    zero = Decimal("0.00") if isinstance(v, Decimal) else 0
                    return _unit(m, u).get("figures", {}).get(t, {}).get(c, zero)

                same(f"by_unit.{unit}.{kind}.{code}", value, pick)
    month_rows = {row["month"]: row for row in year["by_month"]}
    for month in months:
        row = month_rows[month["month"]]
        assert row["reports"] == month["totals"]["reports"] and row["participants"] == month["totals"]["participants"]
        assert row["visit_funds_yuan"] == month["headline"]["visit_funds_yuan"]
        assert row["plan_overdue"] == len(month.get("plan_overdue", []))
        compared += 4
    return compared


def _unit(month: Summary, unit_id: str) -> dict[str, Any]:
    return next((row for row in month["by_unit"] if row["unit_id"] == unit_id), {})
