"""An agreement's status on a day (pure): the API, the summaries and the reminders read it without the storage.

The stored `status` is what the county office recorded: `active`, or ended as `expired` or
`terminated` (from `ended_at`, the moment it was so marked). On a given day an agreement is

- `terminated` / `expired` from the local day it was marked so;
- `not_yet_in_force` (未生效) before its `valid_from`, although signed;
- `expired` after its `valid_to` (the last day it is in force);
- `active` otherwise: in force that day.

A summary asks for the status on its period's last day: what was in force then, not today.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, overload

from chalicelib.agreements.models import AgreementState, AgreementStatus
from chalicelib.agreements.records import AgreementRecord, ShownAgreement
from chalicelib.core.dates import CHINA


def marked_ended_on(agreement: AgreementRecord | dict[str, Any]) -> date | None:
    """The local day the county office marked the agreement expired or terminated; None while recorded active.
    (Agreements stored before `ended_at` was kept fall back to their last change.)"""
    if agreement["status"] == AgreementStatus.ACTIVE:
        return None
    stamp = agreement.get("ended_at") or agreement.get("updated_at")
    return datetime.fromisoformat(stamp).astimezone(CHINA).date() if stamp else date.min


def ended_on(agreement: dict[str, Any]) -> date:
    """The first day the agreement is no longer in force: the day after `valid_to`, or the day it was marked
    ended if that came first."""
    after_period = date.fromisoformat(agreement["valid_to"]) + timedelta(days=1)
    marked = marked_ended_on(agreement)
    return after_period if marked is None else min(marked, after_period)


def effective_status(agreement: AgreementRecord | dict[str, Any], day: date) -> str:
    """The agreement's status on `day` (see the module's description)."""
    marked = marked_ended_on(agreement)
    if marked is not None and marked <= day:
        return str(agreement["status"])
    if day < date.fromisoformat(agreement["valid_from"]):
        return AgreementState.NOT_YET_IN_FORCE.value
    if day > date.fromisoformat(agreement["valid_to"]):
        return AgreementState.EXPIRED.value
    return AgreementState.ACTIVE.value


@overload
def present(agreement: AgreementRecord, day: date) -> ShownAgreement: ...
@overload
def present(agreement: dict[str, Any], day: date) -> dict[str, Any]: ...  # as the summaries and reminders read it
def present(agreement: AgreementRecord | dict[str, Any], day: date) -> ShownAgreement | dict[str, Any]:
    """The agreement as of `day`: its status then, the days to its end (in force) or to its start (not yet),
    `ended_at` (null while recorded active) and its documents (none yet: an empty list)."""
    status = effective_status(agreement, day)
    ends_in = (date.fromisoformat(agreement["valid_to"]) - day).days if status == AgreementState.ACTIVE else None
    starts_in = (
        (date.fromisoformat(agreement["valid_from"]) - day).days if status == AgreementState.NOT_YET_IN_FORCE else None
    )
    shown = {**agreement, "status": status, "ends_in_days": ends_in, "starts_in_days": starts_in}
    shown.setdefault("ended_at", None)
    shown.setdefault("documents", [])
    return shown
