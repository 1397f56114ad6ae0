"""A global secondary index that lags behind its table, as DynamoDB's can.

moto answers a Query of GSI1 from the table itself, always current. DynamoDB propagates
writes to a global secondary index asynchronously, so a report written a moment ago can be
missing from it. A LaggingIndex, hooked into the app's DynamoDB client, leaves out of GSI1's
answers every item written less than `seconds` ago.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

WRITES = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")


def _text(value: Any) -> str:
    """A key attribute as text, from the wire form ({"S": …}) or a plain value."""
    return str(value["S"]) if isinstance(value, dict) else str(value)


def _written_keys(operation: str, body: dict[str, Any]) -> list[tuple[str, str]]:
    """The (PK, SK) of every item a write request names."""
    if operation == "PutItem":
        found = [body["Item"]]
    elif operation in ("UpdateItem", "DeleteItem"):
        found = [body["Key"]]
    elif operation == "TransactWriteItems":
        found = []
        for step in body["TransactItems"]:
            ((kind, what),) = step.items()
            if kind != "ConditionCheck":
                found.append(what["Item"] if kind == "Put" else what["Key"])
    else:  # BatchWriteItem
        found = [
            request.get("PutRequest", {}).get("Item") or request["DeleteRequest"]["Key"]
            for requests in body["RequestItems"].values()
            for request in requests
        ]
    return [(_text(key["PK"]), _text(key["SK"])) for key in found]


class LaggingIndex:
    """GSI1 of the table behind `client` (the app's DynamoDB client), `seconds` behind the table."""

    def __init__(self, client: Any, seconds: float) -> None:
        self.seconds = seconds
        self.written: dict[tuple[str, str], float] = {}
        self.hidden = 0  # how many items the index has left out of answers so far
        self._lock = threading.Lock()
        client.meta.events.register("before-call.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after)

    def catch_up(self) -> None:
        """The index holds everything written so far."""
        with self._lock:
            self.written.clear()

    def _before(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        body = json.loads(params.get("body") or b"{}")
        if model.name in WRITES:
            context["lagging_writes"] = _written_keys(model.name, body)
        elif model.name == "Query" and body.get("IndexName") == "GSI1":
            context["lagging_query"] = True

    def _after(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if http_response.status_code != 200:
            return
        now = time.monotonic()
        with self._lock:
            for key in context.get("lagging_writes", []):
                self.written[key] = now
            if context.get("lagging_query"):
                recent = {key for key, at in self.written.items() if now - at < self.seconds}
                kept = [i for i in parsed["Items"] if (_text(i["PK"]), _text(i["SK"])) not in recent]
                self.hidden += len(parsed["Items"]) - len(kept)
                parsed["Items"], parsed["Count"] = kept, len(kept)
