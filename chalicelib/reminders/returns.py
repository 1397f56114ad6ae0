"""A returned report's e-mail to its unit (退回修改): sent by the review at once, made up by the daily job; and
the same for a unit's file returned in a year-end collection.

Both go through the reminders' claim-then-send path (reminders/sending.py) with the reason
`returned` and the period `<report_id>@<version>`, so each return is e-mailed once: a review
sent again, or the daily job naming the same return, finds it claimed or sent and skips it.
The daily job names the returned reports of the months in view (read with the month's
reports) and every return whose claim failed or was left behind this month or last, read
again strongly: a report corrected since is no longer returned and is not e-mailed.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import cast

from chalicelib.collections.records import CollectionRecord, UnitItemRecord
from chalicelib.context import Context
from chalicelib.core.dates import month_of, previous_month
from chalicelib.db.table import Item
from chalicelib.reminders.due import (
    COLLECTION_RETURNED,
    RETURNED,
    collection_returned_notice,
    return_period,
    returned_notice,
)
from chalicelib.reminders.sending import FAILED, SENT, SKIPPED, UNREACHABLE, send_once
from chalicelib.reports.models import review_state
from chalicelib.reports.records import ShownReport, StoredReport
from chalicelib.units.records import UnitRecord

log = logging.getLogger(__name__)

NOTICES = {  # what the reviewer is told
    SENT: "已发邮件通知该单位",
    SKIPPED: "该单位已收到（或正在发送）本次退回的邮件通知",
    FAILED: "邮件未能发出，系统将在每日提醒时自动重发",
    UNREACHABLE: "该单位未登记联系邮箱，未能发邮件通知，请另行告知",
}


def notify(ctx: Context, report: ShownReport) -> str:
    """E-mail the unit of a report just returned (once per return); answer what the reviewer is told.
    The review is stored already: a fault here is logged and left to the daily job, never the review's."""
    try:
        unit = cast(UnitRecord | None, ctx.store.units.get(report["unit_id"]))
        if unit is None:
            return NOTICES[UNREACHABLE]
        plan = returned_notice(report, unit, ctx.config.public_url, f"{ctx.config.county_name}双拥办")
        status, error = send_once(ctx, plan)
    except Exception:
        log.exception("the e-mail on returning report %s was not sent", report["report_id"])
        return NOTICES[FAILED]
    if error:
        log.warning("the e-mail on returning report %s failed: %s", report["report_id"], error)
    return NOTICES[status]


def notify_collection(ctx: Context, collection: CollectionRecord, item: UnitItemRecord, unit: UnitRecord | None) -> str:
    """E-mail the unit whose file in a collection was just returned (once per return); answer what the office is
    told. The return is stored already: a fault here is logged, never the return's."""
    if unit is None:
        return NOTICES[UNREACHABLE]
    try:
        signature = f"{ctx.config.county_name}双拥办"
        plan = collection_returned_notice(collection, item, unit, ctx.config.public_url, signature)
        status, error = send_once(ctx, plan)
    except Exception:
        log.exception("the e-mail on returning %s's file in %s failed", item["unit_id"], collection["collection_id"])
        return NOTICES[FAILED]
    if error:
        log.warning("the e-mail on returning %s's file failed: %s", item["unit_id"], error)
    return NOTICES[status]


def unsent_claims(ctx: Context, today: date) -> list[Item]:
    """The e-mails claimed this month or last but never sent (failed, or left by a crash): the daily job sends
    again those whose record is still as the claim found it. Read once for every reason."""
    this = month_of(today)
    return [
        claim
        for month in (this, previous_month(this))
        for claim in ctx.store.reminders.claimed_in(month)
        if claim.get("status") != "sent"
    ]


def _versions(claims: list[Item], reason: str) -> list[tuple[str, str]]:
    """The (record, version) each unsent claim of `reason` names: its period is `<record>@<version>`."""
    named = []
    for claim in claims:
        if claim.get("reason") == reason:
            record, _, version = str(claim.get("period")).rpartition("@")
            named.append((record, version))
    return named


def to_send(ctx: Context, in_view: list[StoredReport], claims: list[Item]) -> list[StoredReport]:
    """The returns the daily job names: those read with the months in view, and those unsent (`claims`) if
    still returned at that version."""
    found = {return_period(report): report for report in in_view}
    for report_id, version in _versions(claims, RETURNED):
        if f"{report_id}@{version}" in found:
            continue
        report = cast(StoredReport | None, ctx.store.reports.get(report_id))
        if report and review_state(report) == "returned" and str(report["version"]) == version:
            found[f"{report_id}@{version}"] = report
    return list(found.values())


def collection_returns_to_send(ctx: Context, claims: list[Item]) -> list[tuple[CollectionRecord, UnitItemRecord]]:
    """The returned files whose e-mail is unsent (`claims`), if still returned at that version."""
    found = []
    for where, version in _versions(claims, COLLECTION_RETURNED):
        collection_id, _, unit_id = where.partition("/")
        collection = cast(CollectionRecord | None, ctx.store.collections.get(collection_id))
        item = cast(UnitItemRecord | None, ctx.store.collections.unit_item(collection_id, unit_id))
        if collection and item and item["state"] == "returned" and str(item["version"]) == version:
            found.append((collection, item))
    return found
