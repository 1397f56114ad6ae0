"""The records a report keeps and hands on, as typed dicts: the stored report, its review and revisions, a
nil report (see db/reports.py and db/months.py for how they are stored), and the answers built from them.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked. The report's figures (`metrics`) differ by
activity type (models.py builds their model from the catalogue): they stay a plain mapping here, and
figures.py reads them.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

ReviewState = Literal["pending", "approved", "returned"]
Decided = Literal["approved", "returned"]
RevisionAction = Literal["created", "updated", "withdrawn", "approved", "returned"]


# --- stored -------------------------------------------------------------------------------


class ReviewRecord(TypedDict):
    """The county office's review of a report: its state, what to fix, who decided and when (none while pending)."""

    state: ReviewState
    comment: str
    by: str | None
    by_name: str | None
    at: str | None


class ReportFields(TypedDict):
    """What a reporter fills in about one activity, as stored: its type, what, when, where, with whom, how many."""

    title: str
    occurred_on: str
    location: str
    counterpart: str
    participants: int
    description: str
    agreement_id: str | None
    plan_task_id: str | None
    photos: list[str]
    activity_type: str
    metrics: dict[str, Any]  # the figures and choices of its activity type (models.py `_metrics_model`)


class _Filed(ReportFields):
    """A report's fields with its unit, month, version and who filed and changed it."""

    report_id: str
    unit_id: str
    month: str
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    created_by_name: NotRequired[str]  # reports stored before names were kept have none
    late: NotRequired[bool]  # always stored: a submission sets it once it has read the calendar's terms
    withdrawn_at: NotRequired[str]  # a withdrawn report
    withdrawn_by: NotRequired[str]


class StoredReport(_Filed):
    """A report as the table holds it (a report stored before reviews has none)."""

    review: NotRequired[ReviewRecord]


class ShownReport(_Filed):
    """A report with its review: as the API answers it, and as a submission, correction or review writes it."""

    review: ReviewRecord


class Author(TypedDict):
    """Who made a change: their id, and their name as they were named then."""

    by: str
    by_name: str


class RevisionRecord(TypedDict):
    """One revision of a report (created, corrected, withdrawn, reviewed): which version, when, who, what changed."""

    version: int
    at: str
    by: str
    by_name: NotRequired[str | None]  # revisions written before names were kept have none
    action: RevisionAction
    changes: dict[str, list[Any]]  # field → [before, after]: any field of the report
    comment: NotRequired[str]  # a review's


class NilReportRecord(TypedDict):
    """本月无活动: a unit's word that it had no activity in a month, when and by whom, and whether late."""

    unit_id: str
    month: str
    note: str
    filed_at: str
    filed_by: str
    late: bool


# --- answered -----------------------------------------------------------------------------


class Withdrawal(TypedDict):
    """What a withdrawal answers: the report, when it was withdrawn, and the version that made."""

    report_id: str
    withdrawn_at: str
    version: int


class ReportsPage(TypedDict):
    """A page of a month's reports, and the token of the next."""

    items: list[ShownReport]
    next_token: str | None
