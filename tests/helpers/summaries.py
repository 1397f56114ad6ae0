"""Summaries in the tests: a month's or a year's straight from lists of reports (the compile's tallies without
the table), and a month's or a period's through the API on moto (reports entered, the compile requested, the
compile function run as SQS would run it, the summary read and its files downloaded)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import boto3
import requests
import simplejson
from chalice.test import Client

import app as application
from chalicelib.context import Context
from chalicelib.summaries.narrate import YearWords, narrated
from chalicelib.summaries.tally import MonthTally
from chalicelib.summaries.year import YearTally
from local.pump import sqs_event
from tests.conftest import Api

MONTH = "2026-08"

# --- straight from lists of reports -----------------------------------------------------------

# A year's sections when every area has something to say, in the county's order (core/catalogue.AREAS).
EVERY_AREA = [
    "一、组织领导",
    "二、宣传教育（含国防教育）",
    "三、拥军优属",
    "四、法律拥军",
    "五、军地共建",
    "六、退役军人服务",
    "七、其他工作",
]


def summarise(
    month: str,
    reports: Iterable[dict[str, Any]],
    units: list[dict[str, Any]],
    nil_reports: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    deadline: date,
    county: str = "本县",
    overdue_tasks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The month's summary as the compile makes it: its figures, then its words (no basic facts)."""
    tally = MonthTally()
    for report in reports:
        tally.add(report)
    figures = tally.month_figures(month, units, nil_reports, agreements, deadline, county, overdue_tasks)
    return narrated(figures, None, int(month[:4]))


def summarise_year(
    year: int,
    reports: dict[str, Iterable[dict[str, Any]]],
    units: list[dict[str, Any]],
    nil_reports: dict[str, list[dict[str, Any]]],
    agreements: list[dict[str, Any]],
    deadlines: dict[str, date],
    plan: dict[str, Any] | None = None,
    as_of: date | None = None,
    previous: dict[str, Any] | None = None,
    notes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The year from its months' reports, for the months given (keys of `reports`); `previous` is the year
    before's summary, `notes` the office's words."""
    tally = YearTally(year)
    for month, found in sorted(reports.items()):
        for report in found:
            tally.add(month, report)
        tally.close_month(month, units, nil_reports.get(month, []), agreements, deadlines[month], "本县", None)
    empty_plan = {"counts": {"tasks": 0}, "headings": [], "tasks": []}
    figures = tally.year_figures(
        units, agreements, plan or empty_plan, [], as_of or date(year, 12, 31), "本县", None, previous
    )
    return narrated(figures, None, year, YearWords(notes or {}, tally.unit_figures()))


def numbered_headings(paragraphs: list[str]) -> list[str]:
    """A Word draft's section headings (一、… 十、…), in order."""
    return [p for p in paragraphs if re.match(r"[一二三四五六七八九十]+、", p)]


# An agreement as the table stores it, in force from March 2026, for a year counted without AWS.
AGREEMENT = {
    "agreement_id": "a1",
    "title": "法律服务共建协议",
    "unit_id": "sifaju",
    "military_unit": "73026部队",
    "signed_on": "2026-03-01",
    "valid_from": "2026-03-01",
    "valid_to": "2027-02-28",
    "status": "active",
    "updated_at": "2026-03-01T09:00:00+08:00",
}


# --- the compile queue, as Lambda's trigger would feed it -----------------------------------


def compile_queue(ctx: Context, aws: boto3.Session) -> tuple[Any, str, str]:
    """The compile queue: an SQS client, the queue's URL and its ARN."""
    sqs = aws.client("sqs")
    url = sqs.get_queue_url(QueueName=ctx.config.compile_queue)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sqs, url, arn


def received(ctx: Context, aws: boto3.Session) -> list[dict[str, Any]]:
    """Every message waiting on the compile queue, as Lambda's SQS events; the messages are deleted."""
    sqs, url, arn = compile_queue(ctx, aws)
    events = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            events.append(sqs_event(message, arn))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return events


def invoke(event: dict[str, Any]) -> None:
    with Client(application.app) as client:
        client.lambda_.invoke("compile_month", event)


def deliver(ctx: Context, aws: boto3.Session) -> int:
    """Hand every waiting message to the compile function; answer how many there were."""
    events = received(ctx, aws)
    for event in events:
        invoke(event)
    return len(events)


# --- a summary asked for, compiled, read and downloaded --------------------------------------


def summary(api: Api, month: str = MONTH) -> dict[str, Any]:
    answer = api.get(f"/summaries/{month}")
    assert answer.status == 200, answer.body
    return json.loads(answer.body, parse_float=Decimal)  # type: ignore[no-any-return]


def compiled(api: Api, ctx: Context, aws: boto3.Session, month: str = MONTH) -> dict[str, Any]:
    """Ask for the month's compile, let the compile function run, answer GET's summary."""
    assert api.post(f"/summaries/{month}").status == 202
    deliver(ctx, aws)
    return summary(api, month)


def download(found: dict[str, Any], fmt: str) -> requests.Response:
    link = found["downloads"][fmt]
    response = requests.get(link["url"], timeout=10)
    assert response.status_code == 200
    return response


# --- reports entered through the API, money as exact JSON numbers ---------------------------


def submit(api: Api, token: str, activity_type: str, metrics: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": activity_type,
        "title": fields.pop("title", "活动"),
        "occurred_on": fields.pop("occurred_on", "2026-08-01"),
        "location": "驻地",
        "counterpart": "73026部队",
        "participants": fields.pop("participants", 10),
        "metrics": metrics,
        **fields,
    }
    raw = simplejson.dumps(body, use_decimal=True, ensure_ascii=False).encode()  # money as exact JSON numbers
    answer = api.post("/reports", raw=raw, token=token)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def visit(api: Api, token: str, target: str, households: int, funds: str, **fields: Any) -> dict[str, Any]:
    metrics = {"target": target, "households": households, "persons": households, "funds_yuan": Decimal(funds)}
    return submit(api, token, "visit", metrics, participants=6, **fields)
