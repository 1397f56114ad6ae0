"""The daily reminder job, and the admin's reminder settings.

`run_daily` loads the situation through the Store, asks `reminders.decide` what
is due today, and sends each e-mail exactly once per (reason, period,
recipient):

1. claim the key with a conditional write (never claimed, or its last send
   failed, or a claim older than CLAIM_LEASE was left by a crashed run);
   a key already sent, or being sent by a concurrent run, is skipped;
2. send through the configured Sender;
3. mark the key sent, or failed with the error, so the next run retries it.

The only window in which an e-mail could go twice is a crash between a
transport accepting it and step 3; the lease keeps concurrent runs apart.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from chalicelib.agreements.status import present as agreement_as_of
from chalicelib.core.context import Context
from chalicelib.core.dates import local_now, timestamp
from chalicelib.core.errors import ValidationFailed
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate
from chalicelib.deadlines import month_status as calendar
from chalicelib.reminders import campaigns
from chalicelib.reminders import due as reminders
from chalicelib.reminders.due import MonthFacts, Planned, Situation
from chalicelib.reminders.mail import SendFailed
from chalicelib.reminders.models import ReminderSettingsForm

CLAIM_LEASE = timedelta(minutes=15)


def settings(ctx: Context) -> ReminderSettingsForm:
    stored = ctx.store.settings.get("reminders")
    return ReminderSettingsForm(**stored) if stored else ReminderSettingsForm()


def update_settings(ctx: Context, body: dict[str, Any]) -> ReminderSettingsForm:
    form = validate(ReminderSettingsForm, body)
    deadline_day = calendar.settings(ctx).deadline_day
    late = [
        {"field": f"reminder_days.{i}", "message": f"次月提醒日不能晚于截止日（次月{deadline_day}日）"}
        for i, day in enumerate(form.reminder_days)
        if day > deadline_day
    ]
    if late:
        raise ValidationFailed(late)
    ctx.store.settings.put("reminders", as_item(form))
    return form


def county_emails(ctx: Context, current: ReminderSettingsForm) -> tuple[str, ...]:
    if current.county_emails:
        return tuple(current.county_emails)
    return tuple(address.strip() for address in ctx.config.county_email.split(",") if address.strip())


def month_facts(ctx: Context, month: str, calendar_settings: Any) -> MonthFacts:
    status = calendar.month_status(ctx, month, calendar_settings)
    filed = [*ctx.store.reports.of_month(month), *ctx.store.nil_reports.of_month(month)]
    reported = frozenset(item["unit_id"] for item in filed)
    on_time = frozenset(item["unit_id"] for item in filed if not item.get("late"))
    return MonthFacts(month, status.deadline, status.lock_date, reported, reported - on_time)


def situation(ctx: Context) -> Situation:
    today = local_now(ctx.clock).date()
    current = settings(ctx)
    calendar_settings = calendar.settings(ctx)
    return Situation(
        today=today,
        units=ctx.store.units.all(),
        months={month: month_facts(ctx, month, calendar_settings) for month in reminders.months_in_view(today)},
        agreements=[agreement_as_of(a, today) for a in ctx.store.agreements.all()],
        campaigns=campaigns.current(ctx).campaigns,
        settings=current,
        county_emails=county_emails(ctx, current),
        public_url=ctx.config.public_url,
        county_name=ctx.config.county_name,
    )


def run_daily(ctx: Context) -> dict[str, Any]:
    """Send what is due now, once each; answer what was sent, skipped, unreachable and failed."""
    now = local_now(ctx.clock)
    stale_before = (now - CLAIM_LEASE).replace(microsecond=0).isoformat()
    outcome: dict[str, Any] = {"at": timestamp(ctx.clock), "sent": [], "failed": [], "unreachable": [], "skipped": 0}
    for plan in reminders.decide(situation(ctx)):
        record = _record(plan)
        if not plan.email.to:
            outcome["unreachable"].append({k: record[k] for k in ("reason", "period", "recipient")})
            continue
        claim_id = uuid.uuid4().hex
        if not ctx.store.reminders.claim(record, claim_id, timestamp(ctx.clock), stale_before):
            outcome["skipped"] += 1
            continue
        try:
            message_id = ctx.sender.send(plan.email)
        except Exception as error:  # SendFailed, or a fault in this one message: the others still go
            reason = str(error) if isinstance(error, SendFailed) else f"{type(error).__name__}: {error}"
            ctx.store.reminders.finish(record, claim_id, {"status": "failed", "error": reason[:500]})
            outcome["failed"].append({**record, "error": reason})
            continue
        ctx.store.reminders.finish(
            record, claim_id, {"status": "sent", "sent_at": timestamp(ctx.clock), "message_id": message_id}
        )
        outcome["sent"].append(record)
    return outcome


def _record(plan: Planned) -> dict[str, Any]:
    return {
        "reason": plan.reason,
        "period": plan.period,
        "recipient": plan.recipient,
        "to": list(plan.email.to),
        "subject": plan.email.subject,
    }


def sent_in(ctx: Context, month: str) -> list[dict[str, Any]]:
    """The reminders first claimed in the month, for the admin: to whom, why, and whether they went."""
    keep = ("reason", "period", "recipient", "to", "subject", "status", "attempts", "claimed_at", "sent_at", "error")
    return [{k: item.get(k) for k in keep} for item in ctx.store.reminders.claimed_in(month)]
