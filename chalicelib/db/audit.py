"""The audit trail in the table: one entry per write, put in the same transaction as the write it records
(the write's Store part takes the step `entry_step` makes), never changed or deleted."""

from __future__ import annotations

import functools
import operator
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase, Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, decode_page_token, encode_page_token


class Audit:
    def __init__(self, table: Table) -> None:
        self.table = table

    def entry_step(self, entry: Item) -> Step:
        """The transaction step that puts the entry (only if absent: an entry is never overwritten)."""
        item = {**keys.audit_entry(entry["at"], entry["entry_id"]), **entry}
        return self.table.put_step(item, "attribute_not_exists(PK)")

    def page(
        self, month: str, actor: str | None, record: str | None, kind: str | None, limit: int, next_token: str | None
    ) -> tuple[list[Item], str | None]:
        """One page of the month's entries, newest first (of one actor, of one record, of one kind of record);
        BadPageToken for a foreign token. The filters apply after `limit`, so a page may be short and still have
        a next one."""
        partition = keys.audit_month(month)
        query: dict[str, Any] = {
            "KeyConditionExpression": Key("PK").eq(partition),
            "ScanIndexForward": False,
            "Limit": limit,
            "ConsistentRead": True,
        }
        start = decode_page_token(next_token, partition, "", index=False)
        if start:
            query["ExclusiveStartKey"] = start
        filters: list[ConditionBase] = []
        if actor:
            filters.append(Attr("actor").eq(actor))
        if record:
            filters.append(Attr("record").eq(record))
        if kind:
            filters.append(Attr("record").begins_with(f"{kind}:"))
        if filters:
            query["FilterExpression"] = functools.reduce(operator.and_, filters)
        items, last = self.table.query_page(**query)
        return items, encode_page_token(last)

    def people(self, month: str) -> list[Item]:
        """Who wrote in the month: each entry's actor, name and role (only those), newest first."""
        return list(
            self.table.query_all(
                KeyConditionExpression=Key("PK").eq(keys.audit_month(month)),
                ScanIndexForward=False,
                ConsistentRead=True,
                ProjectionExpression="#a, #n, #r",
                ExpressionAttributeNames={"#a": "actor", "#n": "actor_name", "#r": "role"},
            )
        )

    def records(self, wanted: list[keys.Key]) -> list[Item | None]:
        """The items that name a page's records and people (distinct keys), in BatchGetItems of 100."""
        return self.table.get_many(wanted)
