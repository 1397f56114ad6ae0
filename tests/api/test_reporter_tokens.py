"""Reporters' sy3 tokens: a submission is authorized and stored in one DynamoDB round trip (counted by the
client's own event hooks), a forged or revoked token is refused with 401 on every route a reporter may call and
stores nothing, and the tokens issued before (sy1) keep working."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import app as application
from bench.calls import DynamoCalls
from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import OWNER, Role, hash_secret
from chalicelib.reports.service import CONTENT_FIELDS
from tests.conftest import BUCKET, Api, SettableClock, report_body
from tests.helpers.surveys import create_survey


@pytest.fixture
def calls(ctx: Context) -> DynamoCalls:
    return DynamoCalls(ctx.store.table.resource.meta.client)


def _issue(api: Api, unit_id: str = "sifaju", label: str = "张三") -> dict[str, Any]:
    answer = api.post(f"/units/{unit_id}/reporters", {"label": label})
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def test_a_token_names_its_reporter_unit_and_label(api: Api) -> None:
    api.unit("sifaju")
    issued = _issue(api)
    prefix, org, reporter_id, unit_id, label, secret = issued["token"].split(".")
    assert (prefix, org, reporter_id, unit_id, label) == ("sy5", "county", issued["reporter_id"], "sifaju", "5byg5LiJ")
    assert len(secret) == 43
    assert issued["link"] == f"https://sy.example.cn/#token={issued['token']}"


def test_a_submission_is_one_dynamodb_call(api: Api, calls: DynamoCalls) -> None:
    api.unit("sifaju")
    token = _issue(api)["token"]
    calls.take()
    for _ in range(3):  # the process's first submission too: it reads no settings
        body = report_body()
        answer = api.post("/reports", body, token=token)
        assert answer.status == 201, answer.body
        assert calls.take() == ["TransactWriteItems"]
        assert answer.json["created_by_name"] == "张三"
        retried = api.post("/reports", body, token=token)  # the same submission again: the stored report
        assert (retried.status, retried.json["report_id"]) == (200, body["submission_id"])
        assert calls.take() == ["TransactWriteItems"]
    listed = api.get("/reports?month=2026-08", token=token).json["items"]
    assert len(listed) == 3


def test_a_correction_within_its_month_reads_the_reporter_the_report_and_the_month_once_each(
    api: Api, calls: DynamoCalls
) -> None:
    api.unit("sifaju")
    token = _issue(api)["token"]
    made = api.post("/reports", report_body(occurred_on="2026-08-02"), token=token).json
    api.get("/settings", token=token)  # the calendar, as a warm process knows it
    calls.take()
    body = {**{k: made[k] for k in CONTENT_FIELDS}, "title": "改正后的标题", "version": made["version"]}
    answer = api.put(f"/reports/{made['report_id']}", body, token=token)
    assert (answer.status, answer.json["title"]) == (200, "改正后的标题"), answer.body
    assert calls.take() == ["GetItem", "GetItem", "GetItem", "TransactWriteItems"]  # reporter, report, month lock


def _fresh_process(ctx: Context) -> Context:
    """A process that has read nothing yet (a cold Lambda), on the same table, bucket and clock."""
    fresh = Context(ctx.config, clock=ctx.clock, table=ctx.store.table.resource, s3=ctx.bucket.client)
    application.use_context(fresh)
    return fresh


def _stored_report(ctx: Context, report_id: str) -> Any:
    return ctx.store.table.resource.get_item(Key={"PK": f"O#county#REPORT#{report_id}", "SK": "REPORT"}).get("Item")


def test_with_the_calendar_configured_a_fresh_process_submits_last_month_in_one_call(
    ctx: Context, api: Api, clock: SettableClock, calls: DynamoCalls
) -> None:
    api.unit("sifaju")
    token = _issue(api)["token"]
    assert api.put("/settings", {"deadline_day": 15, "lock_day": 25}).status == 200
    clock.set("2026-09-03T10:00")
    _fresh_process(ctx)
    calls.take()
    # August's report on 3 September: on time and open, by the stored days (15, 25) as by the defaults (5, 10);
    # the transaction checks the stored days say so, and September's report needs no day at all
    august = api.post("/reports", report_body(occurred_on="2026-08-28"), token=token)
    assert (august.status, august.json["late"]) == (201, False), august.body
    assert calls.take() == ["TransactWriteItems"]
    september = api.post("/reports", report_body(occurred_on="2026-09-02"), token=token)
    assert (september.status, september.json["late"]) == (201, False), september.body
    assert calls.take() == ["TransactWriteItems"]


def test_a_submission_checks_the_stored_calendar_in_its_transaction(
    ctx: Context, api: Api, clock: SettableClock, calls: DynamoCalls
) -> None:
    api.unit("sifaju")
    token = _issue(api)["token"]
    office = ctx
    assert api.put("/settings", {"deadline_day": 15, "lock_day": 25}).status == 200
    clock.set("2026-09-12T10:00")
    reporters = _fresh_process(ctx)
    calls.take()
    # by the defaults August would be late and locked since 10 September; by the stored days it is neither:
    # the transaction refuses the assumed defaults, the settings are read, and the report is stored on time
    first = api.post("/reports", report_body(occurred_on="2026-08-28"), token=token)
    assert (first.status, first.json["late"]) == (201, False), first.body
    assert calls.take() == ["TransactWriteItems", "GetItem", "TransactWriteItems"]
    second = api.post("/reports", report_body(occurred_on="2026-08-29"), token=token)
    assert (second.status, second.json["late"]) == (201, False), second.body
    assert calls.take() == ["TransactWriteItems"]

    application.use_context(office)  # another process: the office locks August from 11 September on
    assert api.put("/settings", {"deadline_day": 5, "lock_day": 11}).status == 200
    application.use_context(reporters)  # which this process has not read: its transaction finds it out at once
    calls.take()
    body = report_body(occurred_on="2026-08-30")
    refused = api.post("/reports", body, token=token)
    assert refused.status == 409, refused.body
    assert refused.json["code"] == "409.3"
    # the assumed days refused, the settings read, the month refused, then the token confirmed before a 409
    assert calls.take() == ["TransactWriteItems", "GetItem", "TransactWriteItems", "GetItem"]
    assert _stored_report(ctx, body["submission_id"]) is None
    assert api.post("/months/2026-08/reopen").status == 200
    calls.take()
    late = api.post("/reports", body, token=token)  # reopened: stored, and late by the new deadline
    assert (late.status, late.json["late"]) == (201, True), late.body
    assert calls.take() == ["TransactWriteItems"]


def test_a_token_issued_before_sy3_keeps_working_at_one_read_more(ctx: Context, api: Api, calls: DynamoCalls) -> None:
    api.unit("sifaju")
    secret = "s" * 43
    ctx.store.reporters.add(
        {
            "reporter_id": "OldReporter00001",
            "unit_id": "sifaju",
            "label": "李四",
            "created_at": "2026-01-05T09:00:00+08:00",
            "token_hash": hash_secret(secret),
        },
        audit=audit.step(ctx, OWNER, "reporter.issued", "reporter:OldReporter00001", "2026-01-05T09:00:00+08:00"),
    )
    token = f"sy1.OldReporter00001.{secret}"
    assert api.post("/reports", report_body(), token=token).status == 201
    calls.take()
    answer = api.post("/reports", report_body(), token=token)
    assert answer.status == 201, answer.body
    assert answer.json["created_by_name"] == "李四"
    assert calls.take() == ["GetItem", "TransactWriteItems"]  # the reporter, then the report


def _stored(ctx: Context) -> tuple[Any, Any]:
    """Everything in the table and the bucket."""
    items = ctx.store.table.resource.scan(ConsistentRead=True)["Items"]
    files = ctx.bucket.client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(json.dumps(item, sort_keys=True, default=str) for item in items), sorted(f["Key"] for f in files)


def _forged(token: str, part: int, value: str) -> str:
    parts = token.split(".")
    parts[part] = value
    return ".".join(parts)


@pytest.fixture
def refused_tokens(api: Api) -> dict[str, Any]:
    """A working sy3 token with real records of its unit, and the tokens that must open nothing."""
    api.unit("sifaju")
    api.unit("jiaoyuju")
    mine, revoked = _issue(api), _issue(api, label="王五")
    assert api.delete(f"/reporters/{revoked['reporter_id']}").status == 200
    token = mine["token"]
    report = api.post("/reports", report_body(), token=token).json
    agreement = {
        "title": "法律服务共建协议",
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": "2025-12-20",
        "valid_from": "2026-01-01",
        "valid_to": "2027-12-31",
    }
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    asked = {"title": "2026年度双拥工作总结", "kind": "year_summary", "year": 2026, "due_on": "2026-12-20"}
    return {
        "token": token,
        "report": report,
        "collection_id": api.post("/collections", asked).json["collection_id"],
        "survey_id": create_survey(api, token=token)["survey_id"],
        "agreement_id": api.post("/agreements", agreement).json["agreement_id"],
        "task_id": api.post("/plans/2026/tasks", task).json["task_id"],
        "refused": {
            "revoked": revoked["token"],
            "another secret": _forged(token, 4, "x" * 43),
            "another unit": _forged(token, 2, "jiaoyuju"),
            "another label": _forged(token, 3, "5byg5LiK"),  # 张丄
            "no label": _forged(token, 3, ""),
            "unknown reporter": _forged(token, 1, "A" * 16),
        },
    }


def _reporter_routes() -> list[tuple[str, str]]:
    access = application.access
    return sorted((m, p) for m, p in access.routes() if Role.REPORTER in (access.roles(m, p) or ()))


def test_a_forged_or_revoked_token_is_401_on_every_reporter_route_and_stores_nothing(
    ctx: Context, api: Api, refused_tokens: dict[str, Any]
) -> None:
    report = refused_tokens["report"]
    values = {
        "unit_id": "sifaju",
        "report_id": report["report_id"],
        "survey_id": refused_tokens["survey_id"],
        "agreement_id": refused_tokens["agreement_id"],
        "task_id": refused_tokens["task_id"],
        "collection_id": refused_tokens["collection_id"],
        "month": "2026-08",
        "year": "2026",
        "period": "2026",
        "form": "report",
    }
    # bodies a reporter's own token would get past every check with, so only the token can refuse them
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/reports"): report_body(agreement_id=values["agreement_id"], plan_task_id=values["task_id"]),
        ("PUT", "/reports/{report_id}"): {**report_body(), "version": 1},
        ("PUT", "/units/{unit_id}/months/{month}/nil-report"): {},
        ("POST", "/photos/uploads"): {"content_type": "image/jpeg"},
        ("PUT", "/units/{unit_id}/summaries/{period}/notes"): {"version": 0, "problems": "本单位的话"},
        ("POST", "/collections/{collection_id}/uploads"): {
            "filename": "总结.pdf",
            "content_type": "application/pdf",
            "size": 9,
        },
    }
    routes = _reporter_routes()
    assert len(routes) == 44  # counted by hand from the matrix of tests/api/test_access.py: the U column
    assert ("POST", "/reports") in routes
    before = _stored(ctx)
    wrong = []
    for name, token in refused_tokens["refused"].items():
        for method, path in routes:
            concrete = re.sub(r"{(\w+)}", lambda found: values[found.group(1)], path) + "?month=2026-08"
            for body in (bodies.get((method, path)), {"title": ""}):  # a body that passes, and one that does not
                answer = api.call(method, concrete, body, token=token)
                if answer.status != 401 or answer.json["code"] != "401.1":
                    wrong.append(f"{name}: {method} {concrete}: {answer.status} {answer.body[:80]!r}")
    assert not wrong, "\n".join(wrong)
    assert _stored(ctx) == before
    submitted = api.post("/reports", bodies[("POST", "/reports")], token=refused_tokens["token"])
    assert submitted.status == 201, submitted.body  # the reporter's own token, with the same body


def test_a_forged_token_cannot_replay_a_stored_submission(
    ctx: Context, api: Api, refused_tokens: dict[str, Any]
) -> None:
    """A retried submission answers the stored report, but only to a token the table confirms in the same call."""
    body = report_body()
    assert api.post("/reports", body, token=refused_tokens["token"]).status == 201
    before = _stored(ctx)
    for token in refused_tokens["refused"].values():
        answer = api.post("/reports", body, token=token)
        assert (answer.status, answer.json["code"]) == (401, "401.1")
        assert body["title"] not in answer.body.decode()
    assert _stored(ctx) == before
    assert api.post("/reports", body, token=refused_tokens["token"]).status == 200


def test_a_malformed_label_is_401(api: Api) -> None:
    api.unit("sifaju")
    token = _issue(api)["token"]
    for label in ("5", "_w"):  # not base64url of anything; base64url of a byte that is not UTF-8
        answer = api.post("/reports", report_body(), token=_forged(token, 3, label))
        assert answer.status == 401, label
