"""Year-end collections (材料收集) in the table: a collection and, beside it, an item per unit that submitted. Every
write by a person takes its audit entry's step (db/audit.py) and stores it in the same transaction."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, plain

ARCHIVE = {"#archive": "archive"}  # a word DynamoDB reserves


class Collections:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, collection: Item, *, audit: Step) -> None:
        item = {
            **keys.collection(collection["collection_id"]),
            **keys.collection_index(collection["due_on"], collection["collection_id"]),
            **collection,
        }
        self.table.transact([self.table.put_step(item, "attribute_not_exists(PK)"), audit])

    def get(self, collection_id: str) -> Item | None:
        return self.table.get(keys.collection(collection_id), consistent=True)

    def with_units(self, collection_id: str) -> tuple[Item | None, list[Item]]:
        """The collection and its units' items, in one strongly consistent Query."""
        found = list(
            self.table.query_all(
                KeyConditionExpression=Key("PK").eq(keys.collection_partition(collection_id)), ConsistentRead=True
            )
        )
        collection = next((item for item in found if item["SK"] == "COLLECTION"), None)
        units = [plain(item) or {} for item in found if str(item["SK"]).startswith(keys.UNIT_PREFIX)]
        return plain(collection), units

    def all(self) -> list[Item]:
        """Every collection, by due date."""
        return list(self.table.query_plain(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(keys.COLLECTIONS)))

    def unit_items(self, collection_ids: list[str], unit_id: str) -> list[Item | None]:
        """The unit's item in each collection (None where it has submitted nothing), in one BatchGetItem."""
        return self.table.get_many([keys.collection_unit(c, unit_id) for c in collection_ids], consistent=True)

    def unit_item(self, collection_id: str, unit_id: str) -> Item | None:
        return self.table.get(keys.collection_unit(collection_id, unit_id), consistent=True)

    def put_unit(self, submission: Item, expected_version: int, *, audit: Step) -> None:
        """The unit's item at its next version: ConditionFailed if the stored one is no longer `expected_version`
        (0: none stored yet)."""
        item = {**keys.collection_unit(submission["collection_id"], submission["unit_id"]), **submission}
        if expected_version == 0:
            step = self.table.put_step(item, "attribute_not_exists(PK)")
        else:
            step = self.table.put_step(item, "version = :v", {":v": expected_version})
        self.table.transact([step, audit])

    def request_archive(self, collection_id: str, archive: dict[str, Any], *, audit: Step) -> None:
        update = self.table.update_step(
            keys.collection(collection_id), "SET #archive = :a", "attribute_exists(PK)", {":a": archive}, ARCHIVE
        )
        self.table.transact([update, audit])

    def finish_archive(self, collection_id: str, archive: dict[str, Any]) -> None:
        """The archive's outcome, kept only while it is the one last asked for; ConditionFailed otherwise."""
        self.table.update(
            keys.collection(collection_id),
            UpdateExpression="SET #archive = :a",
            ConditionExpression="#archive.request_id = :r",
            ExpressionAttributeNames=ARCHIVE,
            ExpressionAttributeValues={":a": archive, ":r": archive["request_id"]},
        )
