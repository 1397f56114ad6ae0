"""DynamoDB applies each request at once; moto does not.

moto applies a transaction step by step and rolls a cancelled one back by restoring a copy of
the whole table, so two requests served by two threads (the threaded moto server of
`make run`, or threads in a test) can interleave inside it, and a rollback can undo the
other's write. Serving moto's DynamoDB requests one at a time gives back DynamoDB's
atomicity; the app's own steps between requests still interleave as they would in the cloud.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def serve_dynamodb_one_request_at_a_time() -> Callable[[], None]:
    """From now on moto serves one DynamoDB request at a time; answers the function that undoes it."""
    from moto.dynamodb.responses import DynamoHandler

    lock = threading.RLock()
    original = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with lock:
            return original(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]

    def undo() -> None:
        DynamoHandler.call_action = original  # type: ignore[method-assign]

    return undo


@contextmanager
def dynamodb_requests_one_at_a_time() -> Iterator[None]:
    undo = serve_dynamodb_one_request_at_a_time()
    try:
        yield
    finally:
        undo()
