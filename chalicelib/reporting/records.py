"""The year board as the service builds it (routes answer it as reporting.models.YearBoard)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from chalicelib.reporting.models import BoardState


class UnitRow(TypedDict):
    unit_id: str
    name: str
    months: dict[str, BoardState]


class MonthRow(TypedDict):
    month: str
    reports: int
    participants: int
    funds_yuan: Decimal


class YearRecord(TypedDict):
    year: int
    units: list[UnitRow]
    months: list[MonthRow]
