"""How long a month's (or a year's) compile takes, and how much memory it needs, for a large county.

Starts a moto server in a process of its own (in-process moto would put its own
allocations, a copy of every item per Query page and several copies of every upload, into
the measurement), seeds N reports (default 20,000 from 200 units, a fixed random seed),
then runs the compile the SQS function runs (`compiler.compile_period`) twice: once timed,
once under tracemalloc for the peak of this process's Python allocations during the
compile. Several sizes show whether memory stays flat. moto serialises each Query page
slowly, so the time spent in the Query calls is measured apart (botocore's before-call /
after-call events): the compile's own work is the wall time less that; DynamoDB answers a
1 MB page in some tens of milliseconds.

    .venv/bin/python -m bench.compile_month                     # 20,000 reports
    .venv/bin/python -m bench.compile_month --reports 2000 20000
    .venv/bin/python -m bench.compile_month --period 2026        # the same reports spread over January–August
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from chalicelib import compiler
from chalicelib.activities import ACTIVITY_TYPES, VISIT_TARGETS, FigureKind
from chalicelib.config import Config
from chalicelib.context import Context
from chalicelib.months import CHINA
from chalicelib.storage import report_item
from local import resources

MONTH = "2026-08"
TABLE, BUCKET = "bench", "bench-files"


def _report(rng: random.Random, index: int, units: int, period: str = MONTH) -> dict[str, Any]:
    activity = rng.choice(ACTIVITY_TYPES)
    metrics: dict[str, Any] = {}
    for figure in activity.figures:
        if figure.kind is FigureKind.MONEY:
            metrics[figure.code] = Decimal(rng.randint(0, 2_000_000)) / 100
        else:
            metrics[figure.code] = rng.randint(0, 60)
    for smaller, larger in activity.bounded_by:
        metrics[smaller] = min(metrics[smaller], metrics[larger])
    if activity.code == "visit":
        metrics["target"] = rng.choice(list(VISIT_TARGETS))
    created = datetime(2026, 9, 1, 9, tzinfo=CHINA) + timedelta(minutes=index)
    first = date(2026, rng.randint(1, 8), 1) if len(period) == 4 else date(2026, 8, 1)  # a year: January to August
    occurred = first + timedelta(days=rng.randrange(28 if len(period) == 4 else 31))
    return {
        "report_id": f"{index:08d}-0000-4000-8000-000000000000",
        "unit_id": f"unit-{index % units:03d}",
        "activity_type": activity.code,
        "title": f"{activity.label}第{index}次",
        "occurred_on": occurred.isoformat(),
        "location": "驻地营区",
        "counterpart": f"{rng.randint(10000, 99999)}部队",
        "participants": rng.randint(1, 200),
        "metrics": metrics,
        "description": "组织开展走访慰问和法律服务，听取官兵意见建议。" * rng.randint(1, 12),
        "agreement_id": None,
        "photos": [],
        "month": occurred.isoformat()[:7],
        "version": 1,
        "late": rng.random() < 0.1,
        "created_at": created.isoformat(),
        "created_by": "bench",
        "updated_at": created.isoformat(),
        "updated_by": "bench",
    }


def seed(ctx: Context, reports: int, units: int, seed: int, period: str = MONTH) -> None:
    rng = random.Random(seed)
    for unit in range(units):
        unit_id = f"unit-{unit:03d}"
        ctx.store.add_unit(
            {"unit_id": unit_id, "name": f"成员单位{unit:03d}", "kind": "bureau", "emails": [], "active": True}
        )
    with ctx.store.table.batch_writer() as batch:
        for index in range(reports):
            batch.put_item(Item=report_item(_report(rng, index, units, period)))


class QueryClock:
    """Time spent inside the table's Query calls, from botocore's own events."""

    def __init__(self, client: Any) -> None:
        self.seconds = 0.0
        self.pages = 0
        self._started = 0.0
        client.meta.events.register("before-call.dynamodb.Query", self._before)
        client.meta.events.register("after-call.dynamodb.Query", self._after)

    def _before(self, **_: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, **_: Any) -> None:
        self.seconds += time.perf_counter() - self._started
        self.pages += 1


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server in its own process; answers its endpoint."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure(reports: int, units: int, seed_value: int, period: str = MONTH) -> dict[str, float]:
    with moto_server() as endpoint:
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_ENDPOINT_URL=endpoint)
        session = boto3.Session(region_name="us-east-1")
        resources.create_all(session, TABLE, BUCKET)
        moment = datetime(2026, 9, 11, 9, tzinfo=CHINA)
        ctx = Context(
            Config(table_name=TABLE, bucket_name=BUCKET),
            clock=lambda: moment,
            table=session.resource("dynamodb").Table(TABLE),
            s3=session.client("s3", config=BotoConfig(signature_version="s3v4")),
        )
        started = time.perf_counter()
        seed(ctx, reports, units, seed_value, period)
        seeded = time.perf_counter() - started

        queries = QueryClock(ctx.store.table.meta.client)
        started = time.perf_counter()
        first = compiler.compile_period(ctx, period)
        wall = time.perf_counter() - started
        in_queries, pages = queries.seconds, queries.pages

        tracemalloc.start()
        second = compiler.compile_period(ctx, period)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert first["prefix"] == second["prefix"], "two compiles of the same data must write the same files"
        assert first["reports"] == reports
        sizes = {
            o["Key"].rsplit("/", 1)[1]: o["Size"]
            for o in session.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=first["prefix"])["Contents"]
        }
    return {
        "period": period,  # type: ignore[dict-item]
        "reports": reports,
        "seed_seconds": seeded,
        "compile_seconds": wall,
        "of_which_query_seconds": in_queries,
        "query_pages": pages,
        "compile_less_query_seconds": wall - in_queries,
        "peak_mib": peak / 2**20,
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **{f"{name}_kib": size / 1024 for name, size in sizes.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[20000])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--period", default=MONTH, help="a month (YYYY-MM, default) or a year (YYYY)")
    arguments = parser.parse_args()
    for reports in arguments.reports:
        result = measure(reports, arguments.units, arguments.seed, arguments.period)
        print("  ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    main()
