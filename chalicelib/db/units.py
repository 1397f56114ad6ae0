"""Member units and their reporters' credentials in the table. Every write takes its audit entry's step
(db/audit.py) and stores it in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step, Table


class ClaimRefused(ConditionFailed):
    """A write's proof of a reporter's token failed: no such reporter, revoked, or another hash, unit or label."""


class Units:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, unit: Item, *, audit: Step, also: Sequence[Step] = ()) -> None:
        """ConditionFailed if the unit id is taken. `also`: steps that go in the same transaction (the bulk import
        issues the unit's reporter with it)."""
        self._write(unit, "attribute_not_exists(PK)", audit, also)

    def replace(self, unit: Item, *, audit: Step) -> None:
        """ConditionFailed if there is no such unit."""
        self._write(unit, "attribute_exists(PK)", audit)

    def _write(self, unit: Item, condition: str, audit: Step, also: Sequence[Step] = ()) -> None:
        """The unit, its audit entry and a change of the units' counter (every summary reads the units) at once."""
        item = {**keys.unit(unit["unit_id"]), **unit}
        changed = self.table.count_step(keys.register_changes("units"))
        self.table.transact([self.table.put_step(item, condition), changed, audit, *also])

    def get(self, unit_id: str) -> Item | None:
        return self.table.get(keys.unit(unit_id))

    def all(self) -> list[Item]:
        condition = Key("PK").eq(keys.UNITS) & Key("SK").begins_with(keys.UNIT_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition))


class Reporters:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, reporter: Item, *, audit: Step) -> None:
        self.table.transact([self.put_step(reporter), audit])

    def put_step(self, reporter: Item) -> Step:
        """The transaction step that stores a new reporter, listed under its unit (GSI1)."""
        index = keys.reporter_index(reporter["unit_id"], reporter["created_at"], reporter["reporter_id"])
        item = {**keys.reporter(reporter["reporter_id"]), **index, **reporter, "org_id": self.table.tenant}
        return self.table.put_step(item, "attribute_not_exists(PK)")

    def get(self, reporter_id: str) -> Item | None:
        """The reporter, if it belongs to this table's organisation (reporters are found globally, by id)."""
        item = self.table.get(keys.reporter(reporter_id), consistent=True)
        return item if item is not None and item.get("org_id") == self.table.tenant else None

    def proof_step(self, reporter_id: str, unit_id: str, label: str, token_hash: str) -> Step:
        """The transaction step that holds only if the reporter exists, is not revoked (revoking removes the hash)
        and holds this token hash, unit and label, in this table's organisation (reporters are found globally)."""
        held = {"token_hash": token_hash, "unit_id": unit_id, "label": label, "org_id": self.table.tenant}
        return {
            "ConditionCheck": {
                "TableName": self.table.name,
                "Key": keys.reporter(reporter_id),
                "ConditionExpression": " AND ".join(f"#{field} = :{field}" for field in held),
                "ExpressionAttributeNames": {f"#{field}": field for field in held},
                "ExpressionAttributeValues": {f":{field}": value for field, value in held.items()},
            }
        }

    def of_unit(self, unit_id: str) -> list[Item]:
        """The unit's reporters, without their token hashes."""
        condition = Key("GSI1PK").eq(keys.reporters_of(unit_id))
        found = self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition)
        return [{k: v for k, v in item.items() if k != "token_hash"} for item in found]

    def revoke(self, reporter_id: str, revoked_at: str, *, audit: Step) -> str:
        """Lock the reporter's token out (see `revoke_credential`); answer the revocation's time. ConditionFailed
        for a reporter of another organisation, as for none."""
        return revoke_credential(
            self.table, keys.reporter(reporter_id), {"revoked_at": revoked_at}, audit, self.table.tenant
        )


def revoke_credential(table: Table, key: keys.Key, revocation: Item, audit: Step, org: str | None = None) -> str:
    """Remove a holder's token hash, which locks the token out, and set `revocation` (revoked_at, …), with the
    audit entry, in one transaction; answer the revocation's time. A holder revoked already keeps its first
    revocation, answered with nothing written; ConditionFailed if there is no such holder (with `org`, a global
    holder's organisation: none of that organisation)."""
    names = {f"#{field}": field for field in revocation}
    setting = ", ".join(f"#{field} = :{field}" for field in revocation)
    values = {f":{field}": value for field, value in revocation.items()}
    condition = "attribute_exists(PK) AND attribute_not_exists(#revoked_at)"
    if org is not None:
        condition, names["#org"], values[":org"] = f"{condition} AND #org = :org", "org_id", org
    step = table.update_step(key, f"SET {setting} REMOVE token_hash", condition, values, names)
    try:
        table.transact([step, audit])
    except ConditionFailed:
        stored = table.get(key, consistent=True)
        if stored is None or not stored.get("revoked_at") or (org is not None and stored.get("org_id") != org):
            raise
        return str(stored["revoked_at"])
    return str(revocation["revoked_at"])
