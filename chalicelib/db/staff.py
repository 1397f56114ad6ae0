"""The county office's staff and their credentials in the table."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Table

SECRET = "token_hash"  # only `get`, for the token's check, answers it


class Staff:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, member: Item) -> None:
        """ConditionFailed if the staff id is taken (a fresh random id: never in practice)."""
        self.table.put({**keys.staff_member(member["staff_id"]), **member}, Attr("PK").not_exists())

    def get(self, staff_id: str) -> Item | None:
        """The member with their token's hash, for the token's check: strongly consistent, so that a
        revocation holds from the next request on."""
        return self.table.get(keys.staff_member(staff_id), consistent=True)

    def all(self) -> list[Item]:
        """Every member, revoked ones too, without their token hashes."""
        condition = Key("PK").eq(keys.STAFF) & Key("SK").begins_with(keys.STAFF_PREFIX)
        found = self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True)
        return [_without_secret(item) for item in found]

    def revoke(self, staff_id: str, revoked_at: str, revoked_by: str) -> Item:
        """Remove the token's hash, which locks it out; the first revocation's time and author stay.
        ConditionFailed if there is no such member."""
        update: dict[str, Any] = {
            "UpdateExpression": (
                "SET revoked_at = if_not_exists(revoked_at, :at), revoked_by = if_not_exists(revoked_by, :by) "
                f"REMOVE {SECRET}"
            ),
            "ConditionExpression": Attr("PK").exists(),
            "ExpressionAttributeValues": {":at": revoked_at, ":by": revoked_by},
            "ReturnValues": "ALL_NEW",
        }
        return _without_secret(self.table.update(keys.staff_member(staff_id), **update) or {})


def _without_secret(item: Item) -> Item:
    return {k: v for k, v in item.items() if k != SECRET}
