"""The organisations above and at the county (issue 29) in the table: one global partition, read without a
county. Every write takes its audit entry's step (db/audit.py) and stores it in the same transaction."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table


class Orgs:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, org: Item, *, audit: Step) -> None:
        """ConditionFailed if the org id is taken. (Its parent was read first: no route deletes an organisation.)"""
        item = {**keys.org(org["org_id"]), **org}
        self.table.transact([self.table.put_step(item, "attribute_not_exists(PK)"), audit])

    def all(self) -> list[Item]:
        """Every organisation: a deployment holds a few hundred at most, one strongly consistent Query."""
        condition = Key("PK").eq(keys.ORGS) & Key("SK").begins_with(keys.ORG_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True))
