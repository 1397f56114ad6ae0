"""How long a month's (or a year's) compile takes, and how much memory it needs, for a large county.

Starts a moto server in a process of its own (in-process moto would put its own
allocations, a copy of every item per Query page and several copies of every upload, into
the measurement), seeds N reports (default 20,000 from 200 units, a fixed random seed),
then runs the compile the SQS function runs (`compiling.compile_period`) twice: once timed,
once under tracemalloc for the peak of this process's Python allocations during the
compile. Several sizes show whether memory stays flat. moto serialises each Query page
slowly, so the time spent in the Query calls is measured apart (botocore's before-call /
after-call events): the compile's own work is the wall time less that; DynamoDB answers a
1 MB page in some tens of milliseconds. The timed compile also says where its own work goes, output by
output (bench/attribution.py).

moto's Query reads and sorts the whole table for every page, so its time grows with the square
of the table: at 100,000 reports a compile takes half an hour in it, against seconds in DynamoDB.
`--memory-only` therefore runs the compile once, under tracemalloc, without the timed run and the floor.

    .venv/bin/python -m bench.compile_month                     # 20,000 reports
    .venv/bin/python -m bench.compile_month --reports 2000 20000
    .venv/bin/python -m bench.compile_month --period 2026        # the same reports spread over January–August
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from bench import attribution, data
from chalicelib.context import Context
from chalicelib.core.auth import OWNER
from chalicelib.core.config import Config
from chalicelib.core.dates import CHINA
from chalicelib.db.reports import report_item
from chalicelib.summaries import compiling
from chalicelib.units import service as unit_service
from chalicelib.units.models import NewUnitForm
from local import resources

MONTH = "2026-08"
EMPTY_MONTH = "2025-12"  # no report is seeded in it
TABLE, BUCKET = "bench", "bench-files"


def months_of(period: str) -> list[str]:
    return [f"{period}-{m:02d}" for m in range(1, 9)] if len(period) == 4 else [period]


def seed(ctx: Context, reports: int, units: int, seed: int, period: str = MONTH) -> None:
    """The reports are written straight to the table, without the unit-months' counters (a recount would Scan
    the table, quadratic in moto like its Query): each compile reads them as never counted and publishes its
    summary as stale, having done all its work; the warning that says so is silenced here."""
    logging.getLogger(compiling.__name__).setLevel(logging.ERROR)
    for unit in range(units):
        unit_id = data.unit_id(unit)
        unit_service.create(
            ctx,
            OWNER,
            NewUnitForm.model_validate({"unit_id": unit_id, "name": f"成员单位{unit:03d}", "kind": "bureau"}),
        )
    ctx.store.table.put_many(
        report_item(report)
        for number, month in enumerate(months_of(period))  # a year: its reports spread over January to August
        for report in data.reports(reports // len(months_of(period)), units, month, seed + number, ctx.org)
    )


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


def read_period(ctx: Context, period: str) -> float:
    """The floor: read the period's items by Query, page by page, with nothing else."""
    from boto3.dynamodb.conditions import Key

    started = time.perf_counter()
    for month in months_of(period):
        query: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": Key("GSI1PK").eq(ctx.store.table.partition(f"MONTH#{month}"))
            & Key("GSI1SK").begins_with("R#"),
        }
        while True:
            answer = ctx.store.table.resource.query(**query)
            if "LastEvaluatedKey" not in answer:
                break
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
    return time.perf_counter() - started


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
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a server holding a large table can be slow to stop on a busy machine
            server.kill()
            server.wait()


def measure(reports: int, units: int, seed_value: int, period: str = MONTH, timed: bool = True) -> dict[str, Any]:
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

        # The timed compile also warms what a compile loads once (modules, caches); untimed, a month with no
        # reports does, so that the peak below is a compile's own in both cases.
        if timed:
            timing = _timed_compile(ctx, period)
        else:
            compiling.compile_period(ctx, EMPTY_MONTH)
            timing = {"prefix": None}

        tracemalloc.start()
        compiled = compiling.compile_period(ctx, period)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert timing["prefix"] in (None, compiled["prefix"]), "two compiles of the same data must write the same files"
        assert compiled["reports"] == reports
        sizes = {
            o["Key"].rsplit("/", 1)[1]: o["Size"]
            for o in session.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=compiled["prefix"])["Contents"]
        }
    return {
        "period": period,  # type: ignore[dict-item]
        "reports": reports,
        "seed_seconds": seeded,
        **{k: v for k, v in timing.items() if k != "prefix"},
        "peak_mib": peak / 2**20,
        "max_rss_mib": peak_resident_mib(),
        **{f"{name}_kib": size / 1024 for name, size in sizes.items()},
    }


def peak_resident_mib() -> float:
    """This process's peak resident memory since it began its program: VmHWM, not getrusage's ru_maxrss,
    which keeps across exec the resident size of the process it was forked from (a large parent's)."""
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    return int(kib) / 1024


def _timed_compile(ctx: Context, period: str) -> dict[str, Any]:
    """The compile's wall time, the part of it spent in Query, its own work output by output, and the floor."""
    queries = QueryClock(ctx.store.table.resource.meta.client)
    started = time.perf_counter()
    with attribution.outputs() as watch:  # its timers cost about a microsecond a call
        compiled = compiling.compile_period(ctx, period)
    wall, in_queries, pages = time.perf_counter() - started, queries.seconds, queries.pages
    floor = read_period(ctx, period)
    return {
        "prefix": compiled["prefix"],
        "compile_seconds": wall,
        "of_which_query_seconds": in_queries,
        "query_pages": pages,
        "compile_less_query_seconds": wall - in_queries,
        "floor_seconds": floor,
        "ratio": wall / floor,
        "own_seconds": dict(watch.seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[20000])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--period", default=MONTH, help="a month (YYYY-MM, default) or a year (YYYY)")
    parser.add_argument("--memory-only", action="store_true", help="only the peak memory (no timed compile, no floor)")
    parser.add_argument("--json", action="store_true", help="each size's figures as a line of JSON")
    arguments = parser.parse_args()
    for reports in arguments.reports:
        result = measure(reports, arguments.units, arguments.seed, arguments.period, timed=not arguments.memory_only)
        line = "  ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items())
        print(json.dumps(result) if arguments.json else line, flush=True)


def measure_apart(reports: int, timed: bool = True) -> dict[str, Any]:
    """`measure` in a process of its own (200 units, seed 8), so that its peak resident memory (`max_rss_mib`)
    is the seeding's and the compile's, not what benchmarks run before it left behind."""
    command = [sys.executable, "-m", "bench.compile_month", "--reports", str(reports), "--json"]
    answer = subprocess.run([*command, *([] if timed else ["--memory-only"])], capture_output=True, text=True)
    if answer.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{answer.stderr}")
    result: dict[str, Any] = json.loads(answer.stdout.splitlines()[-1])
    return result


if __name__ == "__main__":
    main()
