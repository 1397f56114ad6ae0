"""The county office's staff and their credentials in the table. Every write takes its audit entry's step
(db/audit.py) and stores it in the same transaction."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table
from chalicelib.db.units import revoke_credential

SECRET = "token_hash"  # only `get`, for the token's check, answers it (see also `revoke_credential`)


class Staff:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, member: Item, *, audit: Step) -> None:
        """ConditionFailed if the staff id is taken (a fresh random id: never in practice)."""
        item = {**keys.staff_member(member["staff_id"]), **member}
        self.table.transact([self.table.put_step(item, "attribute_not_exists(PK)"), audit])

    def get(self, staff_id: str) -> Item | None:
        """The member with their token's hash, for the token's check: strongly consistent, so that a
        revocation holds from the next request on."""
        return self.table.get(keys.staff_member(staff_id), consistent=True)

    def all(self) -> list[Item]:
        """Every member, revoked ones too, without their token hashes."""
        condition = Key("PK").eq(keys.STAFF) & Key("SK").begins_with(keys.STAFF_PREFIX)
        found = self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True)
        return [_without_secret(item) for item in found]

    def revoke(self, staff_id: str, revoked_at: str, revoked_by: str, *, audit: Step) -> str:
        """Lock the member's token out, naming who did (see `revoke_credential`); answer the revocation's time."""
        revocation = {"revoked_at": revoked_at, "revoked_by": revoked_by}
        return revoke_credential(self.table, keys.staff_member(staff_id), revocation, audit)


def _without_secret(item: Item) -> Item:
    return {k: v for k, v in item.items() if k != SECRET}
