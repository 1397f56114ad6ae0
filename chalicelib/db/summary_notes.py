"""The office's own words for a year's summary, one item a year beside it, versioned like a report; and each
unit's own words for its own year summary, beside them."""

from __future__ import annotations

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, plain


class SummaryNotes:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, year: int, unit_id: str | None = None) -> Item | None:
        return plain(self.table.get(keys.summary_notes(year, unit_id), consistent=True))

    def put(self, year: int, notes: Item, edited: int, *, audit: Step, unit_id: str | None = None) -> None:
        """Store `notes` (version `edited` + 1) over version `edited` (0: none yet), count the change (the year's
        summary turns stale: keys.py) and put the write's audit entry, in one transaction; ConditionFailed
        (step 0) if the stored version is another."""
        if edited:
            condition, values = "version = :edited", {":edited": edited}
        else:
            condition, values = "attribute_not_exists(PK)", None
        stored = self.table.put_step({**keys.summary_notes(year, unit_id), **notes}, condition, values)
        changed = self.table.count_step(keys.office_text_changes(year, keys.notes_text(unit_id)))
        self.table.transact([stored, changed, audit])
