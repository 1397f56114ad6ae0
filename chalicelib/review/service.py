"""The county office's review of reports: 通过 (approve) or 退回修改 (return, with what to fix).

A review is a change of the report like a correction: it carries the version it reviewed and
writes the next version, with its revision, in one transaction conditional on the stored
version (db/reports.py `replace`), which also moves the unit-month's counters (a change, and
the digest over id and version) so that the month's summary turns stale. So a review and a
reporter's correction of the same version race safely: one is stored, the other is 409.2.
A review sent again because its answer was lost (the same decision by the same person, and
the version it made is the stored one) answers the stored report.

A unit's file in a year-end collection is reviewed the same way (`review_collection`): 通过 accepts it, 退回修改
returns it with a comment and e-mails the unit once (collections/service.py stores the decision).

A return e-mails the report's unit at once, after the write, through the reminders' claim-then-send
path (reminders/returns.py): once per return, and the daily job sends it if this send failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.collections import service as collections
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import MONTH_FORMAT, is_month, timestamp
from chalicelib.core.errors import InvalidParameter, NotFound, StateConflict, retried_write
from chalicelib.db.errors import ConditionFailed
from chalicelib.reminders import returns
from chalicelib.reports import service as reports
from chalicelib.reports.models import review_of
from chalicelib.reports.records import Decided, ReviewRecord, ShownReport, StoredReport
from chalicelib.review.models import ReviewForm
from chalicelib.review.records import ApprovedReport, MonthApproval, ReportBrief, ReviewedReport, SkippedReport
from chalicelib.units.records import UnitRecord

STATE_OF_DECISION: dict[str, Decided] = {"approve": "approved", "return": "returned"}
WITHDRAWN = "该报告已撤回，不能审核"
EDITED_MEANWHILE = "读取后报告已被修改或撤回，未予通过，请刷新后逐份审核"


def review(ctx: Context, principal: Principal, report_id: str, form: ReviewForm) -> ReviewedReport:
    """Approve or return the version the reviewer read; answer the report as stored, with `notice` (whether
    the unit was told) after a return."""
    current = reports.get(ctx, principal, report_id, include_withdrawn=True)
    if current.get("withdrawn_at"):
        raise StateConflict(WITHDRAWN)
    state = STATE_OF_DECISION[form.decision]
    if form.version != current["version"]:
        stored = _retried(current, form.version, state, form.comment, principal)
    else:
        try:
            stored = _write(ctx, principal, current, state, form.comment)
        except ConditionFailed:  # another change came first: a correction, a withdrawal, or this very review
            again = reports.get(ctx, principal, report_id, include_withdrawn=True)
            if again.get("withdrawn_at"):
                raise StateConflict(WITHDRAWN) from None
            stored = _retried(again, form.version, state, form.comment, principal)
    notice = returns.notify(ctx, stored) if review_of(stored)["state"] == "returned" else None
    return {**stored, "notice": notice}


def _write(ctx: Context, principal: Principal, current: ShownReport, state: Decided, comment: str) -> ShownReport:
    """Store the review of `current` as its next version; ConditionFailed if the stored version moved. A review
    that changes nothing (approving an approved report, returning again with the same comment) writes nothing."""
    before = review_of(current)
    if before["state"] == state and before["comment"] == comment:
        return current
    now = timestamp(ctx.clock)
    decided: ReviewRecord = {
        "state": state,
        "comment": comment,
        "by": principal.actor,
        "by_name": principal.name,
        "at": now,
    }
    report: ShownReport = {**current, "version": current["version"] + 1, "review": decided}
    revision = reports.new_revision(principal, report["version"], now, state, {"review": [before["state"], state]})
    revision["comment"] = comment
    recorded = audit.step(ctx, principal, f"report.{state}", reports.record(report["report_id"]), now, ["review"])
    reports.store_over(ctx, report, current, revision, recorded)
    return report


def _retried(stored: ShownReport, reviewed: int, state: Decided, comment: str, principal: Principal) -> ShownReport:
    """The stored report, if it is what this review of version `reviewed` made (sent again: its answer was
    lost); else VersionConflict: the report changed since the reviewer read it."""
    sent = {"state": state, "comment": comment, "by": principal.actor}
    refusal = "该报告已被修改（当前版本 {version}），请刷新后再审核"
    retried_write(stored["version"], reviewed, cast(dict[str, Any], review_of(stored)), sent, refusal)
    return stored


def approve_month(ctx: Context, principal: Principal, unit_id: str, month: str) -> MonthApproval:
    """Approve every pending report of the unit's month, each only at the version read (one transaction
    each): a report changed in between is skipped and named, not approved."""
    if not is_month(month):
        raise InvalidParameter(MONTH_FORMAT)
    if ctx.store.units.get(unit_id) is None:
        raise NotFound("未找到该单位")
    approved: list[ApprovedReport] = []
    skipped: list[SkippedReport] = []
    for found in cast(Iterator[StoredReport], ctx.store.reports.of_month(month, unit_id)):
        if review_of(found)["state"] != "pending":
            continue
        brief: ReportBrief = {"report_id": found["report_id"], "title": found.get("title", "")}
        try:
            stored = _write(ctx, principal, reports.present(found), "approved", "")
        except ConditionFailed:
            skipped.append({**brief, "reason": EDITED_MEANWHILE})
            continue
        approved.append({**brief, "version": stored["version"]})
    return {"unit_id": unit_id, "month": month, "approved": len(approved), "reports": approved, "skipped": skipped}


def review_collection(
    ctx: Context, principal: Principal, collection_id: str, unit_id: str, form: ReviewForm
) -> dict[str, Any]:
    """Accept or return the unit's file at the version the office read; answer the unit's standing, with
    `notice` (whether the unit was told) after a return."""
    collection, item = collections.decide(
        ctx, principal, collection_id, unit_id, form.decision, form.comment, form.version
    )
    unit = cast(UnitRecord | None, ctx.store.units.get(unit_id))
    shown = collections.shown_unit(ctx, collection, unit_id, unit, item)
    notice = returns.notify_collection(ctx, collection, item, unit) if item["state"] == "returned" else None
    return {**shown, "notice": notice}
