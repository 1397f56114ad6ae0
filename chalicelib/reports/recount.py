"""Count the live reports of every unit-month once: for a table holding reports stored before the
unit-month counters counted them (`live` and `digest`, see db/keys.py and db/months.py).

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

from chalicelib.db.months import LiveReports
from chalicelib.db.store import Store

log = logging.getLogger(__name__)

ATTEMPTS = 5


def recount(store: Store, attempts: int = ATTEMPTS) -> int:
    """Set every unit-month's count of live reports from a strong read of the table (two Scans); answer
    how many unit-months were set. RuntimeError if writes kept moving some of them `attempts` times."""
    pending: set[tuple[str, str]] | None = None
    done = 0
    for _ in range(attempts):
        changes = store.months.all_changes()  # first: a write after this moves its unit-month's changes
        tallies = store.reports.tallies()
        targets = (set(changes) | set(tallies)) if pending is None else pending
        by_month: dict[str, dict[str, tuple[LiveReports, int | None]]] = defaultdict(dict)
        for month, unit_id in targets:
            by_month[month][unit_id] = (tallies.get((month, unit_id), LiveReports()), changes.get((month, unit_id)))
        moved = {
            (month, unit_id) for month, units in by_month.items() for unit_id in store.months.set_tallies(month, units)
        }
        done += len(targets) - len(moved)
        if not moved:
            return done
        log.info("recount: %d unit-months were written meanwhile; reading them again", len(moved))
        pending = moved
    raise RuntimeError(f"recount: {len(pending or ())} unit-months kept changing; run it again")


def main() -> None:
    from chalicelib.context import Context

    logging.basicConfig(level=logging.INFO)
    print(f"counted the live reports of {recount(Context().store)} unit-months")


if __name__ == "__main__":
    main()
