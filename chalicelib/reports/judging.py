"""A stored report judged in its county's context (warnings.py): the year's profile, the agreement it names,
and the history the compiles of its last twelve months kept; three reads, for GET /reports/{id}. A month's page
of reports (GET /reports?warnings=all, for 审核) is judged with the same three reads, whatever its length."""

from __future__ import annotations

from typing import cast

from chalicelib.context import Context
from chalicelib.core.dates import previous_month
from chalicelib.db.table import Item
from chalicelib.reports.records import ShownReport
from chalicelib.reports.warnings import HISTORY_MONTHS, County, History, Norms, WarningRecord, warnings_of


def months_before(month: str, count: int = HISTORY_MONTHS) -> list[str]:
    """The `count` months before `month`, latest first."""
    months = [previous_month(month)]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months


def kept_norms(record: Item | None) -> Norms | None:
    """What a period's last ready compile kept of its month (compiles from before the rules kept none)."""
    return cast("Norms | None", ((record or {}).get("ready") or {}).get("norms"))


def history_before(ctx: Context, month: str) -> History:
    """The county's history for a report of `month`: its twelve months before, those compiled."""
    return History.of([kept_norms(record) for record in ctx.store.summaries.many(months_before(month))])


def judged_page(ctx: Context, month: str, reports: list[ShownReport]) -> list[list[WarningRecord]]:
    """Every rule's warnings for each report of one month's page: the month's history, each year's profile and
    the county's agreements read once for them all."""
    if not reports:
        return []
    history = history_before(ctx, month)
    profiles = {year: ctx.store.profiles.get(year) for year in {int(r["occurred_on"][:4]) for r in reports}}
    named = {r.get("agreement_id") for r in reports} - {None}
    agreements = {str(a["agreement_id"]): a for a in ctx.store.agreements.all()} if named else {}
    return [
        warnings_of(
            report,
            County(
                profile=profiles[int(report["occurred_on"][:4])],
                agreement=agreements.get(str(report.get("agreement_id"))),
                history=history,
            ),
            ("profile", "agreement", "history"),
        )
        for report in reports
    ]


def judged(ctx: Context, report: ShownReport) -> list[WarningRecord]:
    """Every rule's warnings for the report: its own figures, and its county's context."""
    return judged_page(ctx, report["month"], [report])[0]
