"""A report's share of its unit-month's board counters (db/months.py BOARD_COUNTERS), which its writes move in
their own transactions: by its review state, one report; not returned, whether it was late; pending or approved,
its participants and its visit's money in fen, as the month's summary adds them up (summaries/tally.py)."""

from __future__ import annotations

from typing import Any

from chalicelib.db.months import Share
from chalicelib.reports.figures import UnreadableReport, figure_values, participants_of
from chalicelib.reports.models import review_state
from chalicelib.reports.records import ShownReport, StoredReport


def share_of(report: StoredReport | ShownReport | dict[str, Any]) -> Share:
    """The report's share; a withdrawn report has none. A stored report whose figures cannot be read (the
    summary names it instead of adding it up) shares its review state alone."""
    read: dict[str, Any] = dict(report)
    if read.get("withdrawn_at"):
        return {}
    state = review_state(read)
    if state == "returned":
        return {"returned": 1}
    share = {state: 1, "late": int(bool(read.get("late")))}
    try:
        participants = participants_of(read)
        funds = figure_values(read)["funds_yuan"] if read.get("activity_type") == "visit" else 0
    except UnreadableReport:
        return share
    return {**share, f"{state}_participants": participants, f"{state}_funds_fen": funds}
