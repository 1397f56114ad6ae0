"""The daily reminder job, and the admin's reminder settings.

`run_daily` loads the situation through the Store, asks `reminders.decide` what
is due today, and sends each e-mail exactly once per (reason, period,
recipient): claimed, sent, marked (reminders/sending.py).

A returned report's e-mail is sent by the review itself; the daily job names it
again (the returned reports of the months in view, and every return whose send
failed or was left claimed, see reminders/returns.py), so a failed send is made up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from chalicelib.agreements.status import present as agreement_as_of
from chalicelib.calendar import campaigns
from chalicelib.calendar import month_status as calendar
from chalicelib.collections import service as collections
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_now, timestamp
from chalicelib.core.errors import ValidationFailed
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named
from chalicelib.reminders import due as reminders
from chalicelib.reminders import returns
from chalicelib.reminders.due import REASON_LABELS, MonthFacts, Situation
from chalicelib.reminders.models import ReminderSettingsForm
from chalicelib.reminders.records import SentReminder
from chalicelib.reminders.sending import FAILED, SENT, SKIPPED, UNREACHABLE, record, send_once
from chalicelib.reports.models import review_state
from chalicelib.reports.records import NilReportRecord, StoredReport
from chalicelib.units.records import UnitRecord


def settings(ctx: Context) -> ReminderSettingsForm:
    stored = ctx.store.settings.get("reminders")
    return ReminderSettingsForm(**stored) if stored else ReminderSettingsForm()


def update_settings(ctx: Context, principal: Principal, body: dict[str, Any]) -> ReminderSettingsForm:
    """Change the settings the body names; the others stay as they are."""
    current = as_item(settings(ctx))
    form = validate_named(ReminderSettingsForm, current, body)
    deadline_day = calendar.settings(ctx).deadline_day
    late = [
        {"field": f"reminder_days.{i}", "message": f"次月提醒日不能晚于截止日（次月{deadline_day}日）"}
        for i, day in enumerate(form.reminder_days)
        if day > deadline_day
    ]
    if late:
        raise ValidationFailed(late)
    calendar.store_settings(ctx, principal, "reminders", current, as_item(form))
    return form


def county_emails(ctx: Context, current: ReminderSettingsForm) -> tuple[str, ...]:
    if current.county_emails:
        return tuple(current.county_emails)
    return tuple(address.strip() for address in ctx.config.county_email.split(",") if address.strip())


def month_facts(
    ctx: Context, month: str, calendar_settings: Any, returned: list[StoredReport] | None = None
) -> MonthFacts:
    """Who reported the month, and who late. A report returned for correction (退回修改) does not count as
    reported until corrected, as in the month's summary; those reports are added to `returned`."""
    status = calendar.month_status(ctx, month, calendar_settings)
    reports = list(cast(Iterator[StoredReport], ctx.store.reports.of_month(month)))
    sent_back = [report for report in reports if review_state(report) == "returned"]
    filed: list[StoredReport | NilReportRecord] = [
        *(r for r in reports if review_state(r) != "returned"),
        *cast(list[NilReportRecord], ctx.store.nil_reports.of_month(month)),
    ]
    reported = frozenset(item["unit_id"] for item in filed)
    on_time = frozenset(item["unit_id"] for item in filed if not item.get("late"))
    returned_only = frozenset(report["unit_id"] for report in sent_back) - reported
    if returned is not None:
        returned += sent_back
    return MonthFacts(month, status.deadline, status.lock_date, reported, reported - on_time, returned_only)


def situation(ctx: Context) -> Situation:
    today = local_now(ctx.clock).date()
    current = settings(ctx)
    calendar_settings = calendar.settings(ctx)
    returned: list[StoredReport] = []
    unsent = returns.unsent_claims(ctx, today)
    months = {month: month_facts(ctx, month, calendar_settings, returned) for month in reminders.months_in_view(today)}
    return Situation(
        today=today,
        units=cast(list[UnitRecord], ctx.store.units.all()),
        months=months,
        returned=returns.to_send(ctx, returned, unsent),
        collections=collections.outstanding(ctx, today),
        returned_files=returns.collection_returns_to_send(ctx, unsent),
        agreements=[agreement_as_of(a, today) for a in ctx.store.agreements.all()],
        campaigns=campaigns.current(ctx).campaigns,
        settings=current,
        county_emails=county_emails(ctx, current),
        public_url=ctx.config.public_url,
        county_name=ctx.config.county_name,
    )


def run_daily(ctx: Context) -> dict[str, Any]:
    """Send what is due now, once each; answer what was sent, skipped, unreachable and failed."""
    outcome: dict[str, Any] = {"at": timestamp(ctx.clock), "sent": [], "failed": [], "unreachable": [], "skipped": 0}
    for plan in reminders.decide(situation(ctx)):
        status, error = send_once(ctx, plan)
        claimed = record(plan)
        if status == UNREACHABLE:
            outcome["unreachable"].append({k: claimed[k] for k in ("reason", "period", "recipient")})
        elif status == SKIPPED:
            outcome["skipped"] += 1
        elif status == FAILED:
            outcome["failed"].append({**claimed, "error": error})
        elif status == SENT:
            outcome["sent"].append(claimed)
    return outcome


def sent_in(ctx: Context, month: str) -> list[SentReminder]:
    """The reminders first claimed in the month, for the admin: to whom, why, and whether they went."""
    keep = ("reason", "period", "recipient", "to", "subject", "status", "attempts", "claimed_at", "sent_at", "error")
    return cast(
        list[SentReminder],
        [
            {**{k: item.get(k) for k in keep}, "reason_label": REASON_LABELS.get(str(item.get("reason")), "提醒")}
            for item in ctx.store.reminders.claimed_in(month)
        ],
    )
