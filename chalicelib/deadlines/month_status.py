"""The reporting calendar: deadline and lock days, and which months reporters may change; and which
reports the summaries count (`count`: all but those returned for correction, or only those approved).
Every change of a settings item (this calendar's, the reminders', the campaigns') or of a month's lock is
stored with its audit entry in one transaction (`store_settings`, `set_override`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.audit import service as audit
from chalicelib.core.auth import Principal
from chalicelib.core.context import Context
from chalicelib.core.dates import deadline, is_year, local_today, lock_date, month_of, timestamp
from chalicelib.core.errors import MonthLocked
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate
from chalicelib.db.reports import MonthGuard
from chalicelib.deadlines.models import MonthStatus, SettingsForm

# Every submission needs the deadline and lock days: a process reads them at most once a
# minute, so a change by the admin reaches every running function within a minute.
SETTINGS_MAX_AGE_SECONDS = 60.0


def settings(ctx: Context) -> SettingsForm:
    return ctx.remembered("calendar-settings", SETTINGS_MAX_AGE_SECONDS, lambda: _stored_settings(ctx))


def _stored_settings(ctx: Context) -> SettingsForm:
    stored = ctx.store.settings.get("calendar")
    return SettingsForm(**stored) if stored else SettingsForm()


def update_settings(ctx: Context, principal: Principal, body: dict[str, Any]) -> SettingsForm:
    """Change the settings the body names; the others stay as they are (PUT {"count": "approved"} keeps the
    deadline and lock days)."""
    stored = {k: v for k, v in (ctx.store.settings.get("calendar") or {}).items() if k in SettingsForm.model_fields}
    form = validate(SettingsForm, {**stored, **body})
    store_settings(ctx, principal, "calendar", as_item(SettingsForm(**stored)), as_item(form))
    ctx.forget("calendar-settings")
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


def month_state(ctx: Context, principal: Principal, month: str) -> dict[str, Any]:
    """The month's status, whether a summary of it was ever asked for, and a reporter's unit's 本月无活动."""
    return {
        **month_status(ctx, month).model_dump(),
        "summary_requested": ctx.store.summaries.get(month) is not None,
        "nil_report": ctx.store.nil_reports.get(month, principal.unit_id) if principal.unit_id else None,
    }


def ensure_open(ctx: Context, is_admin: bool, month: str) -> MonthStatus:
    """The month's status, or MonthLocked if a reporter may no longer change it."""
    status = month_status(ctx, month)
    if status.locked and not is_admin:
        raise MonthLocked(f"{month} 已于 {status.lock_date.isoformat()} 后锁定，如需补报或修改请联系县双拥办")
    return status


def submission_guard(ctx: Context, is_admin: bool, month: str) -> tuple[date, MonthGuard]:
    """The month's deadline, and what its lock override must say for a new report to be stored.

    The override is checked inside the report's own write (a condition in its transaction),
    so a submission reads nothing about its month: by date the month is open unless the
    office locked it, or closed unless the office reopened it; the admin may always write."""
    current = settings(ctx)
    if is_admin:
        guard = MonthGuard.ANY
    elif local_today(ctx.clock) > lock_date(month, current.lock_day):
        guard = MonthGuard.REOPENED
    else:
        guard = MonthGuard.NOT_LOCKED
    return deadline(month, current.deadline_day), guard


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
