"""The county's units as plain data (who is named what, who is expected to report a month), so the pure
summaries and the reminders use one rule without the storage."""

from __future__ import annotations

from datetime import date, datetime

from chalicelib.core.dates import CHINA, month_end
from chalicelib.units.records import UnitRecord


def unit_names(units: list[UnitRecord]) -> dict[str, str]:
    """Each unit's name by its id."""
    return {u["unit_id"]: u["name"] for u in units}


def registered_by(unit: UnitRecord, day: date) -> bool:
    """Whether the unit was registered on or before `day` (its `created_at`, local date in Asia/Shanghai)."""
    created = unit.get("created_at")
    return not created or datetime.fromisoformat(created).astimezone(CHINA).date() <= day


def expected_units(units: list[UnitRecord], month: str) -> list[UnitRecord]:
    """The units expected to report `month`: active, and registered before the month ended. The summary's
    completeness and the reminders both ask this, so who is chased is who the summary counts as missing."""
    end = month_end(month)
    return [u for u in units if u.get("active", True) and registered_by(u, end)]
