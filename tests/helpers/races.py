"""What races in process need: requests that interleave as they would in the cloud, sent at one moment.

- `serialized()`: each request to moto's DynamoDB runs alone, atomic as in DynamoDB (see
  local/atomic.py). The app's own steps between requests still interleave freely: that is
  what the race tests exercise.
- `one_request_per_thread(app)`: Chalice keeps the request being served on the app object
  (`app.current_request`), one at a time, as a Lambda instance serves one at a time; here
  each thread gets its own, as concurrent requests get their own Lambda instances.
- `together(...)`: send requests at the same moment, each from its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

from local.atomic import dynamodb_requests_one_at_a_time

T = TypeVar("T")
PER_REQUEST = ("current_request", "lambda_context")  # what Chalice sets on the app for each request


def serialized() -> AbstractContextManager[None]:
    """Each request to moto's DynamoDB runs alone, as DynamoDB's requests are atomic (see local/atomic.py)."""
    return dynamodb_requests_one_at_a_time()


@contextmanager
def one_request_per_thread(app: Any) -> Iterator[None]:
    """The Chalice app's per-request attributes, one per thread."""
    local = threading.local()

    def attribute(name: str) -> property:
        return property(lambda _: getattr(local, name, None), lambda _, value: setattr(local, name, value))

    original = app.__class__
    kept = {name: app.__dict__.pop(name, None) for name in PER_REQUEST}
    app.__class__ = type(f"PerThread{original.__name__}", (original,), {n: attribute(n) for n in PER_REQUEST})
    try:
        yield
    finally:
        app.__class__ = original
        app.__dict__.update(kept)


def together(*calls: Callable[[], T]) -> list[T]:
    """Run the calls at the same moment, each in its own thread; their answers, in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
