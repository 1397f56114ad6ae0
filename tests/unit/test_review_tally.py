"""Which reports a summary counts, by their review and the county's setting (pure: no AWS)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib.reports.figures import UnreadableReport
from chalicelib.reports.models import counts
from chalicelib.summaries.tally import MonthTally


def report(report_id: str, unit_id: str, state: str | None, funds: Any = 1000, late: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "report_id": report_id,
        "unit_id": unit_id,
        "activity_type": "visit",
        "title": f"走访{report_id}",
        "occurred_on": "2026-08-01",
        "participants": 5,
        "late": late,
        "metrics": {"target": "troops", "households": 1, "persons": 5, "funds_yuan": funds},
    }
    if state is not None:  # None: stored before reviews existed
        found["review"] = {"state": state, "comment": "请核实" if state == "returned" else "", "by_name": "王审核"}
    return found


UNITS = [{"unit_id": u, "name": n} for u, n in (("a", "甲局"), ("b", "乙局"), ("c", "丙局"))]


def summary(counting: str, reports: list[dict[str, Any]]) -> dict[str, Any]:
    tally = MonthTally(counting)
    for found in reports:
        tally.add(found)
    return tally.month_figures("2026-08", UNITS, [], [], date(2026, 9, 5), "本县")


def test_what_counts_by_each_setting() -> None:
    states = {"approved": (True, True), "pending": (True, False), None: (True, False), "returned": (False, False)}
    for state, (not_returned, approved_only) in states.items():
        found = report("r", "a", state)
        assert (counts(found), counts(found, "approved")) == (not_returned, approved_only), state


@pytest.mark.parametrize("counting", ["not_returned", "approved"])
def test_returned_reports_never_count_and_a_unit_with_only_returned_ones_is_missing(counting: str) -> None:
    reports = [
        report("a1", "a", "approved", 1000),
        report("a2", "a", None, 2000, late=True),
        report("a3", "a", "returned", 4000),
        report("b1", "b", "returned", 8000),
        report("c1", "c", "pending", 16000),
    ]
    found = summary(counting, reports)
    counted = 1000 if counting == "approved" else 1000 + 2000 + 16000
    assert found["headline"]["visit_funds_yuan"] == counted
    review = found["review"]
    assert (review["counting"], review["pending"], review["approved"], review["returned"]) == (counting, 2, 1, 2)
    assert [r["report_id"] for r in review["returned_reports"]] == ["a3", "b1"]
    done = found["completeness"]
    assert (done["reported"], done["missing"], done["returned"], done["on_time"]) == (2, 1, 1, 2)
    assert done["missing_units"] == [
        {"unit_id": "b", "name": "乙局", "reason": "returned", "reason_text": "报告均被退回修改，尚未更正"}
    ]
    rows = {row["unit_id"]: row for row in found["by_unit"]}
    assert [rows[u]["status"] for u in "abc"] == ["reported", "missing", "reported"]
    assert rows["a"]["review"] == {"pending": 1, "approved": 1, "returned": 1}


def test_a_report_left_out_is_never_read_for_figures_but_a_counted_one_must_be_readable() -> None:
    tally = MonthTally()
    tally.add(report("x", "a", "returned", funds="不是数字"))  # returned: not added up, so not refused
    with pytest.raises(UnreadableReport):
        tally.add(report("y", "a", "pending", funds="不是数字"))
    assert (tally.review["returned"], tally.review["pending"], tally.total.reports) == (1, 0, 0)
