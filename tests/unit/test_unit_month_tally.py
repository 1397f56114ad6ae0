"""A unit-month's tally of live reports: what the compile checks its read of the index against."""

from __future__ import annotations

from chalicelib.db.months import LiveReports, report_mark

A, B, C = (
    "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "0d6f0c2e-4b8a-4c55-9e43-9a1f4b2d7e01",
    "c56a4180-65aa-42ec-a945-5fd21dec0538",
)


def tally(*reports: tuple[str, int]) -> LiveReports:
    found = LiveReports()
    for report_id, version in reports:
        found = found.plus(report_id, version)
    return found


def test_the_same_reports_in_any_order_give_the_same_tally() -> None:
    assert tally((A, 1), (B, 3), (C, 2)) == tally((C, 2), (A, 1), (B, 3))
    assert tally((A, 1), (B, 3), (C, 2)).live == 3
    assert tally() == LiveReports(0, 0)


def test_a_missing_report_an_older_version_or_another_report_changes_the_tally() -> None:
    stored = tally((A, 1), (B, 2))
    assert tally((A, 1)) != stored  # one missing
    assert tally((A, 1), (B, 1)) != stored  # B read at its version before the correction
    assert tally((A, 1), (C, 2)) != stored  # as many reports, another one
    assert stored.live == tally((A, 1), (C, 2)).live  # which a count alone would not see


def test_a_correction_moves_the_digest_by_the_difference_of_two_marks() -> None:
    before, after = tally((A, 1), (B, 1)), tally((A, 1), (B, 2))
    assert after.digest - before.digest == report_mark(B, 2) - report_mark(B, 1)
    assert 0 <= report_mark(A, 1) < 2**60 and report_mark(A, 1) == report_mark(A, 1)
