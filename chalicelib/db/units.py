"""Member units and their reporters' credentials in the table."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step, Table


class ClaimRefused(ConditionFailed):
    """A write's proof of a reporter's token failed: no such reporter, revoked, or another hash, unit or label."""


class Units:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, unit: Item) -> None:
        """ConditionFailed if the unit id is taken."""
        self.table.put({**keys.unit(unit["unit_id"]), **unit}, Attr("PK").not_exists())

    def replace(self, unit: Item) -> None:
        """ConditionFailed if there is no such unit."""
        self.table.put({**keys.unit(unit["unit_id"]), **unit}, Attr("PK").exists())

    def get(self, unit_id: str) -> Item | None:
        return self.table.get(keys.unit(unit_id))

    def all(self) -> list[Item]:
        condition = Key("PK").eq(keys.UNITS) & Key("SK").begins_with(keys.UNIT_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition))


class Reporters:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, reporter: Item) -> None:
        index = keys.reporter_index(reporter["unit_id"], reporter["created_at"], reporter["reporter_id"])
        self.table.put({**keys.reporter(reporter["reporter_id"]), **index, **reporter}, Attr("PK").not_exists())

    def get(self, reporter_id: str) -> Item | None:
        return self.table.get(keys.reporter(reporter_id), consistent=True)

    def proof_step(self, reporter_id: str, unit_id: str, label: str, token_hash: str) -> Step:
        """The transaction step that holds only if the reporter exists, is not revoked (revoking removes the hash)
        and holds this token hash, unit and label."""
        return {
            "ConditionCheck": {
                "TableName": self.table.name,
                "Key": keys.reporter(reporter_id),
                "ConditionExpression": "#hash = :hash AND #unit = :unit AND #label = :label",
                "ExpressionAttributeNames": {"#hash": "token_hash", "#unit": "unit_id", "#label": "label"},
                "ExpressionAttributeValues": {":hash": token_hash, ":unit": unit_id, ":label": label},
            }
        }

    def of_unit(self, unit_id: str) -> list[Item]:
        """The unit's reporters, without their token hashes."""
        condition = Key("GSI1PK").eq(keys.reporters_of(unit_id))
        found = self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition)
        return [{k: v for k, v in item.items() if k != "token_hash"} for item in found]

    def revoke(self, reporter_id: str, revoked_at: str) -> None:
        """Remove the token's hash, which locks it out; ConditionFailed if there is no such reporter."""
        update: dict[str, Any] = {
            "UpdateExpression": "SET revoked_at = if_not_exists(revoked_at, :at) REMOVE token_hash",
            "ConditionExpression": Attr("PK").exists(),
            "ExpressionAttributeValues": {":at": revoked_at},
        }
        self.table.update(keys.reporter(reporter_id), **update)
