"""The answers of the county office's review, as typed dicts: the report as a review left it, and a unit's
month approved at once (reports/records.py has the report and its review as stored).

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

from chalicelib.reports.records import ShownReport


class ReviewedReport(ShownReport):
    """The report as the review left it, and what the reviewer is told of the e-mail to its unit (after a return)."""

    notice: str | None


class ReportBrief(TypedDict):
    """A report of the month being approved, by id and title."""

    report_id: str
    title: str


class ApprovedReport(ReportBrief):
    """A report the month's approval approved, and the version that wrote."""

    version: int


class SkippedReport(ReportBrief):
    """A report the month's approval left alone, and why: it changed after it was read."""

    reason: str


class MonthApproval(TypedDict):
    """A unit's pending reports of a month, approved at once: how many, which, and which were skipped."""

    unit_id: str
    month: str
    approved: int
    reports: list[ApprovedReport]
    skipped: list[SkippedReport]
