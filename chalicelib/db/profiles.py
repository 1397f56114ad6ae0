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
        """Replace the year's facts, with the write's audit entry in the same transaction."""
        self.table.transact([self.table.put_step({**keys.profile(year), **profile}), audit])
