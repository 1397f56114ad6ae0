"""Co-building agreements in the table. Every write takes its audit entry's step (db/audit.py) and stores it in
the same transaction."""

from __future__ import annotations

from boto3.dynamodb.conditions import ConditionBase, Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table


def _item(agreement: Item) -> Item:
    return {
        **keys.agreement(agreement["agreement_id"]),
        **keys.agreement_index(agreement["unit_id"], agreement["agreement_id"]),
        **agreement,
    }


class Agreements:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, agreement: Item, *, audit: Step) -> None:
        self._write(self.table.put_step(_item(agreement), "attribute_not_exists(PK)"), audit)

    def replace(self, agreement: Item, expected_version: int, *, audit: Step) -> None:
        """ConditionFailed if the stored version is no longer `expected_version`."""
        self._write(self.table.put_step(_item(agreement), "version = :v", {":v": expected_version}), audit)

    def _write(self, step: Step, audit: Step) -> None:
        """The agreement, its audit entry and a change of the agreements' counter (summaries read them) at once."""
        self.table.transact([step, self.table.count_step(keys.register_changes("agreements")), audit])

    def get(self, agreement_id: str) -> Item | None:
        return self.table.get(keys.agreement(agreement_id), consistent=True)

    def all(self, unit_id: str | None = None) -> list[Item]:
        condition: ConditionBase = Key("GSI1PK").eq(keys.AGREEMENTS)
        if unit_id:
            condition = condition & Key("GSI1SK").begins_with(f"{unit_id}#")
        return list(self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition))
