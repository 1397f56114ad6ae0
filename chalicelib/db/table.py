"""The one DynamoDB table, as the Store's parts use it: plain items, paged queries, one transaction helper.

Every write that can fail a condition raises `ConditionFailed`; every multi-item write
goes through `transact`, which retries a transaction that only collided with another.

A Table belongs to one tenant, a county (or a city's or province's own records), and puts it in front of every
partition key it writes or reads (`O#<org>#UNITS`, the GSI1 partitions too), taking it off again in what it
answers: so the Store's parts build today's keys (keys.py) and no read of theirs can reach another tenant's
items. The few partitions found without a tenant (`keys.GLOBAL_PARTITIONS`: the tree, credentials by id, survey
links) are left as they are; their items name their organisation (`org_id`).
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from boto3.dynamodb.conditions import And, Attr, ConditionBase, Equals
from boto3.dynamodb.conditions import Key as KeyOf
from botocore.exceptions import ClientError

from chalicelib.core.money import stored_number
from chalicelib.db.errors import BadPageToken, Busy, ConditionFailed
from chalicelib.db.keys import GLOBAL_PARTITIONS, KEY_FIELDS, PARTITION_FIELDS, Key, tenant_prefix

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table as TableResource
    from mypy_boto3_dynamodb.type_defs import QueryOutputTableTypeDef

Item = dict[str, Any]
Step = dict[str, Any]
CONDITION_CODES = ("ConditionalCheckFailedException", "TransactionCanceledException")


def plain(item: Item | None) -> Item | None:
    """An item without its key attributes, whole numbers as int."""
    if item is None:
        return None
    return {k: _plain_value(v) for k, v in item.items() if k not in KEY_FIELDS}


def _plain_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return stored_number(value)
    if isinstance(value, dict):
        return {k: _plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


def encode_page_token(key: Key | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode().rstrip("=")


def decode_page_token(token: str | None, partition: str, prefix: str, index: bool = True) -> Key | None:
    """The start key in a next_token; BadPageToken unless it lies inside the queried range (of GSI1, or with
    `index` False of the table itself)."""
    if not token:
        return None
    fields, (pk, sk) = (KEY_FIELDS, KEY_FIELDS[2:]) if index else (KEY_FIELDS[:2], KEY_FIELDS[:2])
    try:
        key = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        valid = (
            isinstance(key, dict)
            and set(key) == set(fields)
            and all(isinstance(v, str) for v in key.values())
            and key[pk] == partition
            and key[sk].startswith(prefix)
        )
    except ValueError:
        valid = False
    if not valid:
        raise BadPageToken(token)
    return key


def _answer(error: ClientError) -> dict[str, Any]:
    """The error's whole answer: its typed form omits what a failed condition returns (Item, CancellationReasons)."""
    return cast(dict[str, Any], error.response)


def _cancellation_reasons(error: ClientError) -> list[dict[str, Any]]:
    return list(_answer(error).get("CancellationReasons", []))


def _stored_item(wire_item: dict[str, Any] | None) -> Item | None:
    """The item a failed condition returned (in DynamoDB's wire form), as a plain item."""
    if not wire_item:
        return None
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return plain({k: deserializer.deserialize(v) for k, v in wire_item.items()})


BATCH_GET_LIMIT = 100  # keys in one BatchGetItem


class Table:
    """The table resource handed in (moto's in tests and the local stack), with the app's ways of using it, for
    one tenant (see the module's doc)."""

    def __init__(self, resource: TableResource, tenant: str) -> None:
        self.resource = resource
        self.name = resource.name
        self.tenant = tenant
        self._prefix = tenant_prefix(tenant)

    def partition(self, value: str) -> str:
        """A partition key as stored: for the rare UpdateExpression that sets one (items, keys and key conditions
        are put in the tenant here, not values of expressions)."""
        return value if value.startswith(GLOBAL_PARTITIONS) else f"{self._prefix}{value}"

    def _unscoped(self, value: str) -> str:
        return value.removeprefix(self._prefix)

    def _in_tenant(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A key or an item with its partition keys in this tenant."""
        return {k: self.partition(v) if k in PARTITION_FIELDS and isinstance(v, str) else v for k, v in fields.items()}

    def _as_read(self, item: dict[str, Any]) -> dict[str, Any]:
        """An item (or a page's last key) as the Store's parts wrote it: its partition keys without the tenant."""
        return {k: self._unscoped(v) if k in PARTITION_FIELDS and isinstance(v, str) else v for k, v in item.items()}

    def _condition_in_tenant(self, condition: ConditionBase) -> ConditionBase:
        """A KeyConditionExpression whose partition (PK or GSI1PK equal to …) is in this tenant."""
        expression = condition.get_expression()
        values = expression["values"]
        if isinstance(condition, And):
            return And(*(self._condition_in_tenant(part) for part in values))
        if isinstance(condition, Equals) and isinstance(values[0], KeyOf) and values[0].name in PARTITION_FIELDS:
            return Equals(values[0], self.partition(values[1]))
        return condition

    def _request_in_tenant(self, request: dict[str, Any], scan: bool = False) -> dict[str, Any]:
        """A Query (or Scan) that reads this tenant's partitions only."""
        request = dict(request)
        if "KeyConditionExpression" in request:
            request["KeyConditionExpression"] = self._condition_in_tenant(request["KeyConditionExpression"])
        if "ExclusiveStartKey" in request:
            request["ExclusiveStartKey"] = self._in_tenant(request["ExclusiveStartKey"])
        if scan:  # a one-off recount's Scan: this tenant's partitions only
            own = Attr("PK").begins_with(self._prefix)
            request["FilterExpression"] = own & request["FilterExpression"] if "FilterExpression" in request else own
        return request

    def _step_in_tenant(self, step: Step) -> Step:
        ((kind, what),) = step.items()
        field = "Item" if kind == "Put" else "Key"
        return {kind: {**what, field: self._in_tenant(what[field])}}

    def get(self, key: Key, consistent: bool = False) -> Item | None:
        return plain(self.resource.get_item(Key=self._in_tenant(key), ConsistentRead=consistent).get("Item"))

    def get_many(self, wanted: list[Key], consistent: bool = False) -> list[Item | None]:
        """Several items in one BatchGetItem per 100 keys, its limit (unprocessed keys asked again), in the order
        of `wanted` (distinct keys), None where absent."""
        client = self.resource.meta.client  # the resource's client: it takes and gives plain Python values
        found: dict[tuple[str, str], Item] = {}
        for first in range(0, len(wanted), BATCH_GET_LIMIT):
            batch = wanted[first : first + BATCH_GET_LIMIT]
            asked: dict[str, Any] = {
                self.name: {"Keys": [self._in_tenant(k) for k in batch], "ConsistentRead": consistent}
            }
            while asked:
                answer = client.batch_get_item(RequestItems=asked)
                for item in answer["Responses"].get(self.name, []):
                    found[(self._unscoped(str(item["PK"])), str(item["SK"]))] = cast(Item, item)
                if asked := cast(dict[str, Any], answer.get("UnprocessedKeys") or {}):
                    time.sleep(0.05)  # the table held some back (throttled): ask for those again shortly
        return [plain(found.get((key["PK"], key["SK"]))) for key in wanted]

    def put(self, item: Item, condition: Any = None, return_old: bool = False) -> None:
        """Put the item; ConditionFailed (with the stored item, if `return_old`) when `condition` fails."""
        args: dict[str, Any] = {"Item": self._in_tenant(item)}
        if condition is not None:
            args["ConditionExpression"] = condition
        if return_old:
            args["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        try:
            self.resource.put_item(**args)
        except ClientError as error:
            if error.response["Error"]["Code"] not in CONDITION_CODES:
                raise
            raise ConditionFailed(0, _stored_item(_answer(error).get("Item"))) from None

    def put_many(self, items: Iterable[Item]) -> None:
        """Put many items without conditions, 25 a BatchWriteItem (a one-off load: the benchmarks' seed)."""
        with self.resource.batch_writer() as batch:
            for item in items:
                batch.put_item(Item=self._in_tenant(item))

    def update(self, key: Key, **update: Any) -> Item | None:
        """UpdateItem, answering the attributes its ReturnValues asks for; ConditionFailed when its
        ConditionExpression fails."""
        try:
            answer = self.resource.update_item(Key=self._in_tenant(key), **update)
        except ClientError as error:
            if error.response["Error"]["Code"] not in CONDITION_CODES:
                raise
            raise ConditionFailed() from None
        return plain(answer.get("Attributes"))

    def transact(self, steps: list[Step], attempts: int = 4) -> None:
        """One TransactWriteItems; retried when it only collided with another transaction.

        ConditionFailed names the first step whose condition failed, with its stored item if returned;
        Busy says it still collided after the last attempt."""
        client = self.resource.meta.client  # the resource's client: it takes and gives plain Python values
        for attempt in range(attempts):
            try:
                scoped = [self._step_in_tenant(step) for step in steps]
                client.transact_write_items(TransactItems=cast(Any, scoped))  # typed for wire values; these are plain
                return
            except ClientError as error:
                reasons = _cancellation_reasons(error)
                codes = [str(reason.get("Code")) for reason in reasons]
                if "ConditionalCheckFailed" in codes:
                    step = codes.index("ConditionalCheckFailed")
                    raise ConditionFailed(step, _stored_item(reasons[step].get("Item"))) from None
                if "TransactionConflict" not in codes:
                    raise
                if attempt == attempts - 1:
                    raise Busy() from None
                time.sleep(random.uniform(0.02, 0.05) * 2**attempt)

    def put_step(
        self, item: Item, condition: str | None = None, values: dict[str, Any] | None = None, return_old: bool = False
    ) -> Step:
        """A Put step; with `return_old`, a failed condition returns the stored item (see `transact`)."""
        step = self._step("Put", {"Item": item}, condition, values)
        if return_old:
            step["Put"]["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        return step

    def delete_step(self, key: Key, condition: str | None = None, values: dict[str, Any] | None = None) -> Step:
        return self._step("Delete", {"Key": key}, condition, values)

    def update_step(
        self,
        key: Key,
        expression: str,
        condition: str | None = None,
        values: dict[str, Any] | None = None,
        names: dict[str, str] | None = None,
    ) -> Step:
        """An Update step: `expression` (SET, REMOVE…) on the item at `key`, if `condition` holds."""
        step = self._step("Update", {"Key": key, "UpdateExpression": expression}, condition, values)
        if names:
            step["Update"]["ExpressionAttributeNames"] = names
        return step

    def _step(self, kind: str, what: dict[str, Any], condition: str | None, values: dict[str, Any] | None) -> Step:
        step: dict[str, Any] = {"TableName": self.name, **what}
        if condition:
            step["ConditionExpression"] = condition
        if values:
            step["ExpressionAttributeValues"] = values
        return {kind: step}

    def count_step(self, key: Key) -> Step:
        """The transaction step that adds 1 to a change counter."""
        return {
            "Update": {
                "TableName": self.name,
                "Key": key,
                "UpdateExpression": "ADD #changes :one",
                "ExpressionAttributeNames": {"#changes": "changes"},
                "ExpressionAttributeValues": {":one": 1},
            }
        }

    def _pages(self, scan: bool = False, **request: Any) -> Iterator[QueryOutputTableTypeDef]:
        """Every answer of a Query (or, with `scan`, of a Scan of the whole table), page by page."""
        read = self.resource.scan if scan else self.resource.query
        request = self._request_in_tenant(request, scan)
        while True:
            answer = cast("QueryOutputTableTypeDef", read(**request))  # a Scan answers the same fields
            yield answer
            if "LastEvaluatedKey" not in answer:
                return
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def query_all(self, **query: Any) -> Iterator[Item]:
        """Every item a Query finds, page by page, keys included."""
        for answer in self._pages(**query):
            for item in answer["Items"]:
                yield cast(Item, self._as_read(item))

    def scan_all(self, **scan: Any) -> Iterator[Item]:
        """Every item a Scan of the whole table finds, page by page, keys included (one-off recounts only)."""
        for answer in self._pages(scan=True, **scan):
            for item in answer["Items"]:
                yield cast(Item, self._as_read(item))

    def query_plain(self, **query: Any) -> Iterator[Item]:
        """`query_all`, each item without its keys."""
        for item in self.query_all(**query):
            yield cast(Item, plain(item))

    def query_page(self, **query: Any) -> tuple[list[Item], Key | None]:
        answer = self.resource.query(**self._request_in_tenant(query))
        items = [cast(Item, plain(item)) for item in answer["Items"]]
        last = answer.get("LastEvaluatedKey")
        return items, cast(Key, self._as_read(last)) if last else None  # the table's keys are strings

    def count(self, **query: Any) -> int:
        return sum(int(answer["Count"]) for answer in self._pages(Select="COUNT", **query))
