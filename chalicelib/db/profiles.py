"""The county's basic facts, one item a year beside the year's summary."""

from __future__ import annotations

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, plain


class Profiles:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, year: int) -> Item | None:
        return plain(self.table.get(keys.profile(year), consistent=True))

    def put(self, year: int, profile: Item, edited: int, *, audit: Step) -> None:
        """Store the year's facts (version `edited` + 1) over version `edited`, count the change (the year's
        summaries turn stale: keys.py) and put the write's audit entry, in one transaction; ConditionFailed (step 0)
        if the stored version is another. Version 0 is none stored, or facts stored before they had versions."""
        if edited:
            condition, values = "version = :edited", {":edited": edited}
        else:
            condition, values = "attribute_not_exists(version)", None
        stored = self.table.put_step({**keys.profile(year), **profile}, condition, values)
        changed = self.table.count_step(keys.office_text_changes(year, "profile"))
        self.table.transact([stored, changed, audit])
