"""The reporting calendar: deadline and lock days, and which months reporters may change; and which
reports the summaries count (`count`: all but those returned for correction, or only those approved).
Every change of a settings item (this calendar's, the reminders', the campaigns') or of a month's lock is
stored with its audit entry in one transaction (`store_settings`, `set_override`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chalicelib.audit import service as audit
from chalicelib.calendar.models import DAYS, MonthStatus, SettingsForm
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import deadline, is_year, local_today, lock_date, month_of, timestamp
from chalicelib.core.errors import MonthLocked
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named
from chalicelib.db.reports import MonthGuard
from chalicelib.db.table import Step

# A month's status and the summaries read the deadline and lock days at most once a minute per process, so
# a change by the admin reaches every running function within a minute. A submission reads none: it checks
# the days it assumed inside its own transaction (`submission_terms`).
SETTINGS_MAX_AGE_SECONDS = 60.0
REMEMBERED = "calendar-settings"


def settings(ctx: Context) -> SettingsForm:
    return ctx.remembered(REMEMBERED, SETTINGS_MAX_AGE_SECONDS, lambda: _stored_settings(ctx))


def _stored_settings(ctx: Context, consistent: bool = False) -> SettingsForm:
    stored = ctx.store.settings.get("calendar", consistent)
    return SettingsForm(**stored) if stored else SettingsForm()


def update_settings(ctx: Context, principal: Principal, body: dict[str, Any]) -> SettingsForm:
    """Change the settings the body names; the others stay as they are (PUT {"count": "approved"} keeps the
    deadline and lock days)."""
    stored = {k: v for k, v in (ctx.store.settings.get("calendar") or {}).items() if k in SettingsForm.model_fields}
    form = validate_named(SettingsForm, stored, body)
    store_settings(ctx, principal, "calendar", as_item(SettingsForm(**stored)), as_item(form))
    ctx.remember(REMEMBERED, form)
    return form


def store_settings(
    ctx: Context, principal: Principal, name: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Replace the settings item `name` with `after`, with its audit entry: the fields changed from `before`
    (the settings in effect until now, defaults included)."""
    fields = audit.changed(before, after, after)
    recorded = audit.step(ctx, principal, "settings.updated", f"settings:{name}", timestamp(ctx.clock), fields)
    ctx.store.settings.put(name, after, audit=recorded)


def month_status(ctx: Context, month: str, current: SettingsForm | None = None) -> MonthStatus:
    current = current or settings(ctx)
    override = ctx.store.months.override(month)
    locks_on = lock_date(month, current.lock_day)
    locked = local_today(ctx.clock) > locks_on if override is None else override == "locked"
    return MonthStatus(
        month=month,
        deadline=deadline(month, current.deadline_day),
        lock_date=locks_on,
        locked=locked,
        override=override,  # type: ignore[arg-type]
    )


def ensure_open(ctx: Context, is_admin: bool, month: str) -> MonthStatus:
    """The month's status, or MonthLocked if a reporter may no longer change it."""
    status = month_status(ctx, month)
    if status.locked and not is_admin:
        raise MonthLocked(f"{month} 已于 {status.lock_date.isoformat()} 后锁定，如需补报或修改请联系县双拥办")
    return status


@dataclass(frozen=True)
class SubmissionTerms:
    """What the calendar says of a new report of a month: whether it is late, and what the month's lock
    override must say for it to be stored (db/reports.MonthGuard); and, for each of the settings these answers
    came from, the range of its values that gives the same answers."""

    late: bool
    guard: MonthGuard
    holds_within: dict[str, tuple[int, int]] = field(default_factory=dict)


def submission_terms(ctx: Context, is_admin: bool, month: str) -> SubmissionTerms:
    """The terms of a new report of `month`, read from no table: from the settings this process last knew
    (or the defaults), which the report's transaction checks still hold (`calendar_check`); if they no longer
    do, `reread_settings` and ask again. By date the month is open unless the office locked it, or closed
    unless the office reopened it; the admin may always write. A report of the current month is on time and
    open whatever the days are, so it checks none."""
    assumed = ctx.recalled(REMEMBERED) or SettingsForm()
    today = local_today(ctx.clock)
    days = {"deadline_day": lambda day: today > deadline(month, day)}  # after the deadline: late
    if not is_admin:
        days["lock_day"] = lambda day: today > lock_date(month, day)  # after the lock date: closed by date
    said = {name: passed(getattr(assumed, name)) for name, passed in days.items()}
    holds_within = {}
    for name, passed in days.items():
        same = [day for day in DAYS if passed(day) == said[name]]  # a run of days: `passed` only turns True
        if len(same) < len(DAYS):
            holds_within[name] = (same[0], same[-1])
    closed = not is_admin and said["lock_day"]
    guard = MonthGuard.ANY if is_admin else MonthGuard.REOPENED if closed else MonthGuard.NOT_LOCKED
    return SubmissionTerms(said["deadline_day"], guard, holds_within)


def calendar_check(ctx: Context, terms: SubmissionTerms) -> Step | None:
    """The transaction step that checks the stored settings still give `terms`, or None if any would."""
    if not terms.holds_within:
        return None
    defaults = {name: SettingsForm.model_fields[name].default for name in terms.holds_within}
    return ctx.store.settings.within_step("calendar", terms.holds_within, defaults)


def reread_settings(ctx: Context) -> None:
    """Read the settings again (strongly: a submission found them changed) for the next `submission_terms`."""
    ctx.remember(REMEMBERED, _stored_settings(ctx, consistent=True))


def is_late(status: MonthStatus, on: date) -> bool:
    return on > status.deadline


def is_future(ctx: Context, period: str) -> bool:
    """A month (YYYY-MM) or a year (YYYY) that has not begun yet, by the local date."""
    today = local_today(ctx.clock)
    return period > (str(today.year) if is_year(period) else month_of(today))


OVERRIDE_ACTIONS = {"locked": "month.locked", "reopened": "month.reopened"}


def set_override(ctx: Context, principal: Principal, month: str, override: str) -> MonthStatus:
    """Lock or reopen the month for reporters, whatever its dates say; recorded in the audit trail."""
    now = timestamp(ctx.clock)
    recorded = audit.step(ctx, principal, OVERRIDE_ACTIONS[override], f"month:{month}", now)
    ctx.store.months.set_override(month, override, now, principal.actor, audit=recorded)
    return month_status(ctx, month)
