"""Member units and their reporters' credentials in the table. Every write takes its audit entry's step
(db/audit.py) and stores it in the same transaction."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table


class Units:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, unit: Item, *, audit: Step) -> None:
        """ConditionFailed if the unit id is taken."""
        item = {**keys.unit(unit["unit_id"]), **unit}
        self.table.transact([self.table.put_step(item, "attribute_not_exists(PK)"), audit])

    def replace(self, unit: Item, *, audit: Step) -> None:
        """ConditionFailed if there is no such unit."""
        item = {**keys.unit(unit["unit_id"]), **unit}
        self.table.transact([self.table.put_step(item, "attribute_exists(PK)"), audit])

    def get(self, unit_id: str) -> Item | None:
        return self.table.get(keys.unit(unit_id))

    def all(self) -> list[Item]:
        condition = Key("PK").eq(keys.UNITS) & Key("SK").begins_with(keys.UNIT_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition))


class Reporters:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, reporter: Item, *, audit: Step) -> None:
        index = keys.reporter_index(reporter["unit_id"], reporter["created_at"], reporter["reporter_id"])
        item = {**keys.reporter(reporter["reporter_id"]), **index, **reporter}
        self.table.transact([self.table.put_step(item, "attribute_not_exists(PK)"), audit])

    def get(self, reporter_id: str) -> Item | None:
        return self.table.get(keys.reporter(reporter_id), consistent=True)

    def of_unit(self, unit_id: str) -> list[Item]:
        """The unit's reporters, without their token hashes."""
        condition = Key("GSI1PK").eq(keys.reporters_of(unit_id))
        found = self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition)
        return [{k: v for k, v in item.items() if k != "token_hash"} for item in found]

    def revoke(self, reporter_id: str, revoked_at: str, *, audit: Step) -> None:
        """Remove the token's hash, which locks it out; ConditionFailed if there is no such reporter or it
        was revoked already (its first revocation stays, with its one entry)."""
        step = self.table.update_step(
            keys.reporter(reporter_id),
            "SET revoked_at = :at REMOVE token_hash",
            "attribute_exists(PK) AND attribute_not_exists(revoked_at)",
            {":at": revoked_at},
        )
        self.table.transact([step, audit])
