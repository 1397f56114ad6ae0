"""A report's share of its unit-month's board counters: by its review state, its lateness, its participants and
its visit money in fen (a visit to several groups adds its groups' money)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.reports.shares import share_of

GROUPS = [
    {"target": "troops", "households": 16, "persons": 16, "funds_yuan": Decimal("62000")},
    {"target": "disabled_veterans", "households": 3, "persons": 3, "funds_yuan": Decimal("1500.50")},
]


def report(**fields: Any) -> dict[str, Any]:
    return {"report_id": "r1", "activity_type": "visit", "participants": 8, "metrics": {"groups": GROUPS}, **fields}


def test_a_pending_visit_shares_its_participants_and_its_groups_money_in_fen() -> None:
    assert share_of(report(late=True)) == {
        "pending": 1,
        "late": 1,
        "pending_participants": 8,
        "pending_funds_fen": 6_350_050,  # 62,000 + 1,500.50 yuan
    }


def test_an_approved_lecture_shares_no_money() -> None:
    lecture = report(
        activity_type="legal_lecture", participants=120, metrics={"attendees": 120}, review={"state": "approved"}
    )
    assert share_of(lecture) == {"approved": 1, "late": 0, "approved_participants": 120, "approved_funds_fen": 0}


def test_a_returned_report_counts_as_returned_only_and_a_withdrawn_one_not_at_all() -> None:
    assert share_of(report(review={"state": "returned"}, late=True)) == {"returned": 1}
    assert share_of(report(withdrawn_at="2026-08-02T10:00:00+08:00")) == {}


def test_a_stored_report_whose_figures_cannot_be_read_shares_its_state_alone() -> None:
    assert share_of(report(participants="十二")) == {"pending": 1, "late": 0}
