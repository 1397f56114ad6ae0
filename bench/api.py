"""Cold start, submission and read benchmarks, each against a floor measured in the same run."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openpyxl", "docx", "moto", "segno", "lxml")

APP_START = """
import json, sys
import app
ctx = app.context()
ctx.store.table.resource.name, ctx.bucket.client
print(json.dumps([m for m in {heavy!r} if m in sys.modules]))
"""
FLOOR_START = """
import chalice, boto3, pydantic
boto3.resource("dynamodb").Table("shuangyong").name, boto3.client("s3")
"""


def _fresh_process(code: str) -> tuple[float, str]:
    env = {
        **os.environ,
        "TABLE_NAME": "shuangyong",
        "BUCKET_NAME": "shuangyong-files",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip()


def cold_start(runs: int = 11) -> dict[str, Any]:
    app_times, floor_times, loaded = [], [], "[]"
    for _ in range(runs):  # interleaved, so drift hits both alike
        elapsed, loaded = _fresh_process(APP_START.format(heavy=HEAVY))
        app_times.append(elapsed)
        floor_times.append(_fresh_process(FLOOR_START)[0])
    app_median, floor_median = statistics.median(app_times), statistics.median(floor_times)
    return {
        "figure": "cold start (import app + clients)",
        "value_s": app_median,
        "floor_s": floor_median,
        "ratio": app_median / floor_median,
        "target": 1.25,
        "heavy_modules_loaded": json.loads(loaded),
    }


class RequestCounter:
    """Counts DynamoDB API calls through a botocore event hook."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# moto's TransactWriteItems deep-copies the whole table on every call, and keeps memory
# from each copy: its cost and memory grow with the table (about 6 GB at 2,000 reports).
# Submissions are therefore timed in batches, each on a fresh moto backend; DynamoDB
# itself answers a transaction in one request whatever the table's size.
BATCH = 250


def submit_and_read(count: int = 2000, units: int = 50) -> list[dict[str, Any]]:
    from bench import data

    reports = list(data.reports(count, units, "2026-08", seed=2026))
    submit_s = floor_s = same_calls_s = 0.0
    calls: list[str] = []
    sizes: list[int] = []
    for start in range(0, count, BATCH):
        batch = _submit_batch(reports[start : start + BATCH], units, last=start + BATCH >= count)
        submit_s += batch["submit_s"]
        floor_s += batch["floor_s"]
        same_calls_s += batch["same_calls_s"]
        calls += batch["calls"]
        sizes += batch["sizes"]
    read = batch["read"]
    return [
        {
            "figure": f"submit: POST /reports x{count}",
            "value_s": submit_s / count,
            "floor_s": floor_s / count,
            "ratio": submit_s / floor_s,
            "target": 2.0,
            "dynamodb_calls_per_report": len(calls) / count,
            "report_item_bytes": statistics.mean(sizes),
            "dynamodb_call_kinds": sorted(set(calls)),
            "same_calls_s": same_calls_s / count,
            "ratio_to_same_calls": submit_s / same_calls_s,
        },
        read,
    ]


def _same_calls(table: Any, bucket: Any, stored: list[dict[str, Any]], tokens: dict[str, str]) -> None:
    """The calls the app makes for each report, made directly: the token's GetItem, a HEAD of each photo
    and the report's transaction, through the storage and bucket layers alone."""
    from chalicelib.audit import service as audit
    from chalicelib.core.auth import OWNER
    from chalicelib.db.reports import MonthGuard
    from chalicelib.db.store import Store

    store = Store(table)
    for report in stored:
        store.reporters.get(tokens[report["unit_id"]].split(".")[1])
        for key in report["photos"]:
            bucket.exists(key)
        entry = audit.entry(OWNER, "report.submitted", f"report:{report['report_id']}", report["created_at"])
        store.reports.add(report, MonthGuard.NOT_LOCKED, audit=store.audit.entry_step(entry))


def _submit_batch(reports: list[dict[str, Any]], units: int, last: bool) -> dict[str, Any]:
    from datetime import datetime

    import boto3
    from boto3.dynamodb.conditions import Key
    from chalice.test import Client
    from moto import mock_aws

    import app as application
    from bench import data
    from chalicelib.core.auth import OWNER
    from chalicelib.core.config import Config
    from chalicelib.core.context import Context
    from chalicelib.core.dates import CHINA
    from chalicelib.core.responses import dumps
    from chalicelib.db.table import plain
    from chalicelib.units import service as unit_service
    from local import resources

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    moment = datetime(2026, 9, 3, 10, tzinfo=CHINA)  # August is open and on time
    result: dict[str, Any] = {}
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        counter = RequestCounter()
        session.events.register("before-call.dynamodb", counter)
        resources.create_all(session, "bench", "bench-files")
        resources.create_table(session.client("dynamodb"), "floor")
        table, floor = session.resource("dynamodb").Table("bench"), session.resource("dynamodb").Table("floor")
        ctx = Context(Config(table_name="bench", bucket_name="bench-files"), clock=lambda: moment, table=table)
        application.use_context(ctx)
        tokens = {}
        for index in range(units):
            unit_id = data.unit_id(index)
            unit_service.create(ctx, OWNER, {"unit_id": unit_id, "name": f"单位{unit_id}", "kind": "bureau"})
            tokens[unit_id] = unit_service.issue_reporter(ctx, OWNER, unit_id, {})["token"]
        bodies = [(report["unit_id"], dumps(data.submission(report))) for report in reports]
        for key in {key for report in reports for key in report["photos"]}:  # as the phones upload them
            ctx.bucket.put(key, b"\xff\xd8\xff\xd9", "image/jpeg")
        resources.create_table(session.client("dynamodb"), "direct")
        direct = session.resource("dynamodb").Table("direct")
        for item in table.scan()["Items"]:  # the same units and reporters, so moto's copies cost the same
            direct.put_item(Item=item)

        with Client(application.app) as client:
            counter.calls.clear()
            stored: list[dict[str, Any]] = []

            def submit_all() -> None:
                for unit, body in bodies:
                    answer = client.http.post(
                        "/reports",
                        headers={"Authorization": f"Bearer {tokens[unit]}", "Content-Type": "application/json"},
                        body=body,
                    )
                    assert answer.status_code == 201, answer.body
                    stored.append(answer.json_body)

            result["submit_s"] = _timed(submit_all)
            result["calls"] = list(counter.calls)
            items = [table.get_item(Key={"PK": f"REPORT#{r['report_id']}", "SK": "REPORT"})["Item"] for r in stored]
            result["sizes"] = [len(dumps(item).encode()) for item in items]
            result["floor_s"] = _timed(lambda: [floor.put_item(Item=item) for item in items])
            result["same_calls_s"] = _timed(
                lambda: _same_calls(direct, ctx.bucket, [plain(item) for item in items], tokens)
            )

            if last:
                unit = data.unit_id(0)
                reads = 200

                def read_all() -> None:
                    for _ in range(reads):
                        answer = client.http.get(
                            "/reports?month=2026-08&limit=100", headers={"Authorization": f"Bearer {tokens[unit]}"}
                        )
                        assert answer.status_code == 200

                def query_all() -> None:
                    for _ in range(reads):
                        floor.query(
                            IndexName="GSI1",
                            KeyConditionExpression=Key("GSI1PK").eq("MONTH#2026-08")
                            & Key("GSI1SK").begins_with(f"R#{unit}#"),
                            Limit=100,
                        )

                read_s, query_s = _timed(read_all), _timed(query_all)
                result["read"] = {
                    "figure": "read: GET /reports?month= of one unit",
                    "value_s": read_s / reads,
                    "floor_s": query_s / reads,
                    "ratio": read_s / query_s,
                    "target": 1.5,
                }
        application.use_context(None)
    return result


if __name__ == "__main__":
    print(json.dumps([cold_start(), *submit_and_read()], indent=2, ensure_ascii=False))
