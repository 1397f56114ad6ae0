"""The county's basic facts, one item a year beside the year's summary."""

from __future__ import annotations

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, plain


class Profiles:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, year: int) -> Item | None:
        return plain(self.table.get(keys.profile(year), consistent=True))

    def put(self, year: int, profile: Item, *, audit: Step) -> None:
        """Replace the year's facts, count the change (the year's summaries turn stale: keys.py) and put the write's
        audit entry, in one transaction."""
        changed = self.table.count_step(keys.office_text_changes(year, "profile"))
        self.table.transact([self.table.put_step({**keys.profile(year), **profile}), changed, audit])
