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
from unittest import mock

from bench.calls import DynamoCalls

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openpyxl", "docx", "moto", "segno", "lxml")

APP_START = """
import json, sys
import app
ctx = app.context()
ctx.store.table.resource.name, ctx.bucket.client
print(json.dumps([m for m in {heavy!r} if m in sys.modules]))
"""
# The floor: the runtime the app stands on, with pydantic loaded as any app using it loads it (`import pydantic`
# alone loads almost nothing: pydantic imports its parts on first use), and the clients made.
FLOOR_START = """
import chalice, boto3
from pydantic import BaseModel, Field
class Floor(BaseModel):
    name: str = Field(max_length=10)
Floor(name="floor")
boto3.resource("dynamodb").Table("shuangyong").name, boto3.client("s3")
"""
BARE_FLOOR = """
import chalice, boto3, pydantic
boto3.resource("dynamodb").Table("shuangyong").name, boto3.client("s3")
"""


def bytecode() -> None:
    """Compile the app's modules as `make package` ships them (the libraries' are compiled when installed), so a
    cold start is measured without compiling sources, whether or not PYTHONDONTWRITEBYTECODE is set."""
    import compileall

    compileall.compile_file(str(ROOT / "app.py"), quiet=2)
    for folder in ("chalicelib", "bench"):
        compileall.compile_dir(str(ROOT / folder), quiet=2)


def spread(app_times: list[float], floor_times: list[float]) -> dict[str, Any]:
    """How far the runs lie apart on a shared machine: each side's range, and the range of the ratio of the
    runs made side by side."""
    ratios = sorted(a / f for a, f in zip(app_times, floor_times, strict=True))
    return {
        "runs": len(app_times),
        "value_range_s": [min(app_times), max(app_times)],
        "floor_range_s": [min(floor_times), max(floor_times)],
        "paired_ratio_range": [ratios[0], ratios[-1]],
        "paired_ratio_quartiles": [ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]],
    }


def cold_start(runs: int = 11) -> dict[str, Any]:
    bytecode()
    app_times, floor_times, bare_times, loaded = [], [], [], "[]"
    for _ in range(runs):  # interleaved, so drift hits both alike
        elapsed, loaded = _fresh_process(APP_START.format(heavy=HEAVY))
        app_times.append(elapsed)
        floor_times.append(_fresh_process(FLOOR_START)[0])
        bare_times.append(_fresh_process(BARE_FLOOR)[0])
    app_median, floor_median = statistics.median(app_times), statistics.median(floor_times)
    return {
        "figure": "cold start (import app + clients)",
        "value_s": app_median,
        "floor_s": floor_median,
        "ratio": app_median / floor_median,
        "target": 1.25,
        **spread(app_times, floor_times),
        "heavy_modules_loaded": json.loads(loaded),
        "bare_floor_s": statistics.median(bare_times),
        "ratio_to_bare_floor": app_median / statistics.median(bare_times),
    }


# A cold Lambda's first request: import the app, then one POST /reports through its handler (an API Gateway
# proxy event), against a moto server; it prints the answer's status and the DynamoDB calls it made.
FIRST_REQUEST = """
import json
import app
from bench.calls import DynamoCalls
calls = DynamoCalls(app.context().store.table.resource.meta.client)
answer = app.app(json.loads({event!r}), None)
print(json.dumps([answer["statusCode"], calls.take()]))
"""
FLOOR_PUT = (
    FLOOR_START
    + """
import json
from decimal import Decimal
boto3.resource("dynamodb").Table("shuangyong").put_item(Item=json.loads({item!r}, parse_float=Decimal))
"""
)


def _fresh_process(code: str, endpoint: str | None = None) -> tuple[float, str]:
    env = {
        **os.environ,
        "TABLE_NAME": "shuangyong",
        "BUCKET_NAME": "shuangyong-files",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    if endpoint:
        env.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return time.perf_counter() - started, done.stdout.strip()


def first_request(runs: int = 11) -> dict[str, Any]:
    """Import + the first POST /reports through the handler, in a fresh process, against the floor's process
    making one PutItem of a report item, both against the same moto server."""
    import uuid

    import boto3

    from bench import data
    from bench.compile_month import moto_server
    from chalicelib.context import Context
    from chalicelib.core.auth import OWNER
    from chalicelib.core.config import Config
    from chalicelib.core.dates import local_today, system_clock
    from chalicelib.core.responses import dumps
    from chalicelib.db.reports import report_item
    from chalicelib.units import service as unit_service
    from chalicelib.units.models import NewUnitForm, ReporterForm
    from local import resources

    bytecode()
    with moto_server() as endpoint, mock.patch.dict(os.environ, AWS_ENDPOINT_URL=endpoint):
        session = boto3.Session(region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench")
        resources.create_all(session, "shuangyong", "shuangyong-files")
        ctx = Context(Config(), table=session.resource("dynamodb").Table("shuangyong"))
        unit_service.create(
            ctx, OWNER, NewUnitForm.model_validate({"unit_id": "unit-000", "name": "单位unit-000", "kind": "bureau"})
        )
        token = unit_service.issue_reporter(ctx, OWNER, "unit-000", ReporterForm(label="填报员"))["token"]
        today = local_today(system_clock).isoformat()  # the child runs on the system clock: today is open
        app_times, floor_times, answers = [], [], []
        for report in data.reports(runs, ["unit-000"], today[:7], seed=18):
            report = {**report, "occurred_on": today, "photos": []}
            event = {
                "resource": "/reports",
                "path": "/reports",
                "httpMethod": "POST",
                "headers": {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                "multiValueHeaders": {},
                "queryStringParameters": None,
                "multiValueQueryStringParameters": None,
                "pathParameters": None,
                "stageVariables": None,
                "requestContext": {"resourcePath": "/reports", "httpMethod": "POST", "path": "/api/reports"},
                "body": dumps(data.submission(report)),
                "isBase64Encoded": False,
            }
            elapsed, printed = _fresh_process(FIRST_REQUEST.format(event=json.dumps(event)), endpoint)
            app_times.append(elapsed)
            answers.append(json.loads(printed.splitlines()[-1]))
            item = {**report_item(report), "PK": f"REPORT#{uuid.uuid4()}"}
            floor_times.append(_fresh_process(FLOOR_PUT.format(item=dumps(item)), endpoint)[0])
    statuses = sorted({status for status, _ in answers})
    assert statuses == [201], f"the first request answered {statuses}"
    app_median, floor_median = statistics.median(app_times), statistics.median(floor_times)
    return {
        "figure": "first request (import + POST /reports)",
        "value_s": app_median,
        "floor_s": floor_median,
        "ratio": app_median / floor_median,
        "target": 1.25,
        **spread(app_times, floor_times),
        "dynamodb_calls": answers[0][1],
    }


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
        batch["read"],
        batch["per_request"],
    ]


def _same_calls(ctx: Any, table: Any, stored: list[dict[str, Any]], tokens: dict[str, str]) -> None:
    """The calls the app makes for each report, made directly: a HEAD of each photo and the report's transaction
    (with its audit entry, the proof of the reporter's token and the check of the calendar's days), through the
    storage and bucket layers alone."""
    from chalicelib.audit.service import entry, entry_id
    from chalicelib.calendar.month_status import calendar_check, submission_terms
    from chalicelib.context import Context
    from chalicelib.core.auth import authenticate
    from chalicelib.reports.service import proof, record
    from chalicelib.reports.shares import share_of

    direct = Context(ctx.config, clock=ctx.clock, table=table)
    store, terms = direct.store, submission_terms(ctx, False, "2026-08")
    check = calendar_check(direct, terms)
    for report in stored:
        principal = authenticate(tokens[report["unit_id"]], "", store, proven_by_write=True)
        for key in report["photos"]:
            ctx.bucket.exists(key)
        at = report["created_at"]
        made = entry(principal, "report.submitted", record(report["report_id"]), at, entry_id(direct, at))
        recorded = store.audit.entry_step(made)
        store.reports.add(
            report,
            terms.guard,
            unit_must_report=True,
            share=share_of(report),
            audit=recorded,
            proof=proof(principal, direct),
            calendar=check,
        )


SURVEY = {
    "title": "送法进军营法律需求调查问卷",
    "questions": [
        {
            "id": "need",
            "type": "single_choice",
            "label": "您最需要哪类法律帮助？",
            "required": True,
            "options": [{"value": "marriage", "label": "婚姻家庭"}, {"value": "labour", "label": "劳动争议"}],
        },
        {"id": "satisfaction", "type": "rating", "label": "您对本次活动的满意程度", "required": True},
    ],
}


def _per_request(client: Any, counter: DynamoCalls, stored: list[dict[str, Any]], tokens: dict[str, str]) -> Any:
    """Each kind of request a reporter (or the public) makes, timed over `len(stored)` requests, with the
    DynamoDB calls each made: submit is timed over the whole batch above; edit, read, list, survey answer here."""
    import uuid

    import app as application
    from chalicelib.core.auth import OWNER
    from chalicelib.core.responses import dumps
    from chalicelib.reports.service import CONTENT_FIELDS
    from chalicelib.surveys import service as surveys
    from chalicelib.surveys.models import NewSurveyForm

    ctx = application.context()
    survey = surveys.create(ctx, OWNER, NewSurveyForm.model_validate(SURVEY))
    link = surveys.open_survey(ctx, OWNER, survey["survey_id"])["link"]
    public = "/s/" + link.rsplit("/", 1)[1]

    def as_reporter(report: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[report['unit_id']]}", "Content-Type": "application/json"}

    def edit(report: dict[str, Any]) -> Any:
        body = {**{k: report.get(k) for k in CONTENT_FIELDS}, "title": report["title"] + "（更正）", "version": 1}
        return client.http.put(f"/reports/{report['report_id']}", headers=as_reporter(report), body=dumps(body))

    def read(report: dict[str, Any]) -> Any:
        return client.http.get(f"/reports/{report['report_id']}", headers=as_reporter(report))

    def listing(report: dict[str, Any]) -> Any:
        return client.http.get("/reports?month=2026-08&limit=100", headers=as_reporter(report))

    def answer(_: dict[str, Any]) -> Any:
        body = {"response_id": str(uuid.uuid4()), "answers": {"need": "labour", "satisfaction": 5}}
        return client.http.post(f"{public}/responses", headers={"Content-Type": "application/json"}, body=dumps(body))

    figures = []
    kinds = [
        ("edit: PUT /reports/{id}", edit, 200),
        ("read: GET /reports/{id}", read, 200),
        ("list: GET /reports?month=", listing, 200),
        ("survey answer: POST /s/{token}/responses", answer, 201),
    ]
    for figure, request, status in kinds:
        counter.take()
        started = time.perf_counter()
        for report in stored:
            got = request(report)
            assert got.status_code == status, (figure, got.status_code, got.body)
        elapsed = time.perf_counter() - started
        calls = counter.take()
        figures.append(
            {
                "figure": figure,
                "value_s": elapsed / len(stored),
                "dynamodb_calls": len(calls) / len(stored),
                "dynamodb_call_kinds": sorted(set(calls)),
            }
        )
    return figures


def _submit_batch(reports: list[dict[str, Any]], units: int, last: bool) -> dict[str, Any]:
    from datetime import datetime

    import boto3
    from boto3.dynamodb.conditions import Key
    from chalice.test import Client
    from moto import mock_aws

    import app as application
    from bench import data
    from chalicelib.calendar import month_status
    from chalicelib.context import Context
    from chalicelib.core.auth import OWNER
    from chalicelib.core.config import Config
    from chalicelib.core.dates import CHINA
    from chalicelib.core.responses import dumps
    from chalicelib.db.table import plain
    from chalicelib.units import service as unit_service
    from chalicelib.units.models import NewUnitForm, ReporterForm
    from local import resources

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    moment = datetime(2026, 9, 3, 10, tzinfo=CHINA)  # August is open and on time
    result: dict[str, Any] = {}
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        resources.create_all(session, "bench", "bench-files")
        resources.create_table(session.client("dynamodb"), "floor")
        table, floor = session.resource("dynamodb").Table("bench"), session.resource("dynamodb").Table("floor")
        counter = DynamoCalls(table.meta.client)
        ctx = Context(Config(table_name="bench", bucket_name="bench-files"), clock=lambda: moment, table=table)
        application.use_context(ctx)
        tokens = {}
        for index in range(units):
            unit_id = data.unit_id(index)
            unit_service.create(
                ctx, OWNER, NewUnitForm.model_validate({"unit_id": unit_id, "name": f"单位{unit_id}", "kind": "bureau"})
            )
            tokens[unit_id] = unit_service.issue_reporter(ctx, OWNER, unit_id, ReporterForm())["token"]
        bodies = [(report["unit_id"], dumps(data.submission(report))) for report in reports]
        for key in {key for report in reports for key in report["photos"]}:  # as the phones upload them
            ctx.bucket.put(key, b"\xff\xd8\xff\xd9", "image/jpeg")
        # the office set its calendar in another process: this one assumes the defaults, checked in each transaction
        office = Context(Config(table_name="bench", bucket_name="bench-files"), clock=lambda: moment, table=table)
        month_status.update_settings(office, OWNER, {"deadline_day": 8, "lock_day": 15})
        resources.create_table(session.client("dynamodb"), "direct")
        direct = session.resource("dynamodb").Table("direct")
        for item in table.scan()["Items"]:  # the same units and reporters, so moto's copies cost the same
            direct.put_item(Item=item)

        with Client(application.app) as client:
            counter.take()
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
            result["calls"] = counter.take()
            partition = ctx.store.table.partition
            items = [
                table.get_item(Key={"PK": partition(f"REPORT#{r['report_id']}"), "SK": "REPORT"})["Item"]
                for r in stored
            ]
            result["sizes"] = [len(dumps(item).encode()) for item in items]
            result["floor_s"] = _timed(lambda: [floor.put_item(Item=item) for item in items])
            result["same_calls_s"] = _timed(lambda: _same_calls(ctx, direct, [plain(item) for item in items], tokens))

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
                            KeyConditionExpression=Key("GSI1PK").eq(ctx.store.table.partition("MONTH#2026-08"))
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
                result["per_request"] = _per_request(client, counter, stored[:PER_REQUEST], tokens)
        application.use_context(None)
    return result


PER_REQUEST = 100  # requests of each kind timed for the per-request table


if __name__ == "__main__":
    print(json.dumps([cold_start(), first_request(), *submit_and_read()], indent=2, ensure_ascii=False))
