"""An agreement's status as of a day (pure): the summaries and the reminders read it without the storage."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.agreements.models import AgreementStatus

ENDING_SOON_DAYS = 60


def effective_status(agreement: dict[str, Any], today: date) -> str:
    """An active agreement whose period has passed is expired, whatever was stored."""
    if agreement["status"] == AgreementStatus.ACTIVE and date.fromisoformat(agreement["valid_to"]) < today:
        return AgreementStatus.EXPIRED.value
    return str(agreement["status"])


def present(agreement: dict[str, Any], today: date) -> dict[str, Any]:
    status = effective_status(agreement, today)
    ends_in = (date.fromisoformat(agreement["valid_to"]) - today).days if status == AgreementStatus.ACTIVE else None
    return {**agreement, "status": status, "ends_in_days": ends_in}
