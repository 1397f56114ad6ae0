"""Count the live reports of every unit-month once: for a table holding reports stored before the
unit-month counters counted them (`live` and `digest`, see db/keys.py and db/months.py), or before they held
the year's board counters (`BOARD_COUNTERS`, each report's share from reports/shares.py).

Run it once after deploying this version over existing data, before reporters use it again:

    TABLE_NAME=<table> python -m chalicelib.reports.recount

Until then a unit-month with older reports has no count (a nil report would not be refused
beside them) and its summaries read as stale (their reports never agree with a count). It is
safe to run while the API serves, and again: each unit-month's count is set only if nothing
was written to it since its reports were read; the others are read and set again.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from chalicelib.db.months import LiveReports, Share
from chalicelib.db.store import Store
from chalicelib.reports.shares import share_of

log = logging.getLogger(__name__)

ATTEMPTS = 5


def recount(store: Store, attempts: int = ATTEMPTS) -> int:
    """Set every unit-month's count of live reports and its board counters from a strong read of the table
    (two Scans); answer how many unit-months were set. RuntimeError if writes kept moving some of them
    `attempts` times."""
    pending: set[tuple[str, str]] | None = None
    done = 0
    for _ in range(attempts):
        changes = store.months.all_changes()  # first: a write after this moves its unit-month's changes
        tallies, boards = _tallies(store)
        targets = (set(changes) | set(tallies)) if pending is None else pending
        by_month: dict[str, dict[str, tuple[LiveReports, Share, int | None]]] = defaultdict(dict)
        for where in targets:
            month, unit_id = where
            by_month[month][unit_id] = (tallies.get(where, LiveReports()), boards.get(where, {}), changes.get(where))
        moved = {
            (month, unit_id) for month, units in by_month.items() for unit_id in store.months.set_tallies(month, units)
        }
        done += len(targets) - len(moved)
        if not moved:
            return done
        log.info("recount: %d unit-months were written meanwhile; reading them again", len(moved))
        pending = moved
    raise RuntimeError(f"recount: {len(pending or ())} unit-months kept changing; run it again")


def _tallies(store: Store) -> tuple[dict[tuple[str, str], LiveReports], dict[tuple[str, str], dict[str, int]]]:
    """Every unit-month's tally of live reports and its board counters, by (month, unit)."""
    tallies: dict[tuple[str, str], LiveReports] = {}
    boards: dict[tuple[str, str], dict[str, int]] = {}
    for report in store.reports.every_live():
        where = (str(report["month"]), str(report["unit_id"]))
        tallies[where] = tallies.get(where, LiveReports()).plus(str(report["report_id"]), int(report["version"]))
        board = boards.setdefault(where, {})
        for counter, by in share_of(report).items():
            board[counter] = board.get(counter, 0) + by
    return tallies, boards


def main() -> None:
    from chalicelib.context import Context

    logging.basicConfig(level=logging.INFO)
    print(f"counted the live reports of {recount(Context().store)} unit-months")


if __name__ == "__main__":
    main()
