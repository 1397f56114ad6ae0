"""What a year's summary must say, counted straight from the reports themselves (shared by the tests).

The oracle adds up the reports as the API lists them (or as a test made them), one by one,
without the tally the summary is built with, so a fault in the tally cannot hide in both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Report = dict[str, Any]


def reports_of(list_page: Callable[[str], dict[str, Any]], months: list[str]) -> list[Report]:
    """Every live report of the months, through GET /reports (`list_page` answers one page for a query string)."""
    found: list[Report] = []
    for month in months:
        token = ""
        while True:
            page = list_page(f"month={month}&limit=100" + (f"&next_token={token}" if token else ""))
            found += page["items"]
            if not (token := page.get("next_token") or ""):
                break
    return found


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def assert_year_counts(year: dict[str, Any], reports: list[Report]) -> int:
    """The year's totals, types, months and units equal a plain count of `reports`; answer how many were compared."""
    compared = 0

    def same(name: str, found: Any, expected: Any) -> None:
        nonlocal compared
        assert found == expected, f"{name}: summary {found!r} != counted {expected!r}"
        compared += 1

    totals = year["totals"]
    same("totals.reports", totals["reports"], len(reports))
    same("totals.participants", totals["participants"], sum(r["participants"] for r in reports))
    same("totals.reports_late", totals["reports_late"], sum(bool(r.get("late")) for r in reports))
    same("totals.units_reporting", totals["units_reporting"], len({r["unit_id"] for r in reports}))

    by_type = {row["activity_type"]: row for row in year["by_type"]}
    same("by_type", set(by_type) >= {r["activity_type"] for r in reports}, True)
    for kind, row in by_type.items():
        mine = [r for r in reports if r["activity_type"] == kind]
        same(f"by_type.{kind}.reports", row["reports"], len(mine))
        same(f"by_type.{kind}.participants", row["participants"], sum(r["participants"] for r in mine))
        for figure in row["figures"]:
            counted = sum((_number(r["metrics"].get(figure["code"], 0)) for r in mine), Decimal(0))
            same(f"by_type.{kind}.{figure['code']}", _number(figure["value"]), counted)

    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        per_month[r["occurred_on"][:7]].update(reports=1, participants=r["participants"])
    for row in year["by_month"]:
        counted = per_month.get(row["month"], Counter())
        same(f"by_month.{row['month']}.reports", row["reports"], counted["reports"])
        same(f"by_month.{row['month']}.participants", row["participants"], counted["participants"])

    per_unit = Counter(r["unit_id"] for r in reports)
    for row in year["by_unit"]:
        same(f"by_unit.{row['unit_id']}.reports", row["reports"], per_unit[row["unit_id"]])
    return compared
