"""Units by name: plain data, so the pure summaries can use it without the storage."""

from __future__ import annotations

from typing import Any


def unit_names(units: list[dict[str, Any]]) -> dict[str, str]:
    """Each unit's name by its id."""
    return {u["unit_id"]: u["name"] for u in units}
