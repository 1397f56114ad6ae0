"""The year at a glance (GET /reporting/{year}): each unit's standing in each month of the year, and each month's
reports, participants and visit money, read from the unit-month counters the writes keep (db/months.py
BOARD_COUNTERS), never from the reports: a Query of the units, the calendar settings (remembered a minute),
and one strong Query of each month begun. A month agrees with its summary: its figures are those the settings'
`count` counts, and a unit's standing follows the summary's (summaries/tally.py `standing`)."""

from __future__ import annotations

from typing import cast

from chalicelib.calendar import month_status
from chalicelib.calendar.models import APPROVED_ONLY
from chalicelib.context import Context
from chalicelib.core.dates import deadline, local_today, month_of, year_months
from chalicelib.core.money import to_yuan
from chalicelib.db.months import BOARD_COUNTERS, BoardMonth
from chalicelib.reporting.models import BoardState
from chalicelib.reporting.records import MonthRow, UnitRow, YearRecord
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import expected_units

NOTHING = dict.fromkeys(BOARD_COUNTERS, 0)


def year_board(ctx: Context, year: int) -> YearRecord:
    today = local_today(ctx.clock)
    settings = month_status.settings(ctx)
    counted = ("approved",) if settings.count == APPROVED_ONLY else ("pending", "approved")
    units = cast(list[UnitRecord], ctx.store.units.all())
    months = year_months(year)
    read = {m: ctx.store.months.board(m) for m in months if m <= month_of(today)}  # a month not begun has nothing
    rows: list[UnitRow] = [{"unit_id": u["unit_id"], "name": u["name"], "months": {}} for u in units]
    for month in months:
        board = read.get(month, BoardMonth({}, {}))
        expected = {u["unit_id"] for u in expected_units(units, month)}
        due = today > deadline(month, settings.deadline_day)
        for row in rows:
            row["months"][month] = _state(board, row["unit_id"], row["unit_id"] in expected, due)
    figures: list[MonthRow] = []
    for month in months:
        counters = read.get(month, BoardMonth({}, {})).counters.values()
        figures.append(
            {
                "month": month,
                "reports": sum(c[state] for c in counters for state in counted),
                "participants": sum(c[f"{state}_participants"] for c in counters for state in counted),
                "funds_yuan": to_yuan(sum(c[f"{state}_funds_fen"] for c in counters for state in counted)),
            }
        )
    return {"year": year, "units": rows, "months": figures}


def _state(board: BoardMonth, unit_id: str, expected: bool, due: bool) -> BoardState:
    """A unit's cell: what it filed (a report not returned, else 本月无活动), late if only after the deadline; else
    its returned reports; else, as the summary judges one who filed nothing, missing, not yet due, not expected."""
    counters = board.counters.get(unit_id, NOTHING)
    filed, nil = counters["pending"] + counters["approved"], board.nil_reports.get(unit_id)
    if filed:
        return "late" if counters["late"] == filed else "reported"
    if nil is not None:
        return "late" if nil.get("late") else "nil"
    if counters["returned"]:
        return "returned"
    if not expected:
        return "not_expected"
    return "missing" if due else "not_due"
