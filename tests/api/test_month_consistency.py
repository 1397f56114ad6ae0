"""A summary never says `ready` while missing a report stored before its compile began.

The month's reports are read from GSI1, which DynamoDB keeps eventually consistent; moto's is
always current, so here a LaggingIndex (tests/helpers/lagging_index.py) leaves out of it whatever was
written a moment ago, as DynamoDB's index can. Reports are written through the API and the
compile runs as the queue's function, right after, again and again.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest

from chalicelib.context import Context
from chalicelib.db.reports import report_item
from chalicelib.reports.recount import recount
from chalicelib.reports.service import CONTENT_FIELDS
from chalicelib.summaries import compiling
from tests.conftest import Api, SettableClock, report_body
from tests.helpers.lagging_index import LaggingIndex
from tests.helpers.summaries import compiled

MONTH = "2026-08"


@pytest.fixture
def tokens(api: Api, clock: SettableClock) -> dict[str, str]:
    clock.set("2026-09-02T10:00:00")  # August is over, still open
    api.unit("sifaju", "县司法局")
    api.unit("minzhengju", "县退役军人事务局")
    return {unit_id: api.reporter(unit_id) for unit_id in ("sifaju", "minzhengju")}


@pytest.fixture
def index(ctx: Context) -> Iterator[LaggingIndex]:
    yield LaggingIndex(ctx.store.table.resource.meta.client, seconds=0.5)


def visit(api: Api, token: str, funds: int, day: int) -> dict[str, Any]:
    metrics = {"target": "troops", "households": 1, "persons": 1, "funds_yuan": funds}
    answer = api.post("/reports", report_body(occurred_on=f"{MONTH}-{day:02d}", metrics=metrics), token=token)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


def funds(found: dict[str, Any]) -> Decimal:
    return Decimal(str(found["headline"]["visit_funds_yuan"]))


def test_each_compile_right_after_writes_counts_every_report_stored_before_it(
    api: Api,
    ctx: Context,
    aws: boto3.Session,
    tokens: dict[str, str],
    index: LaggingIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compiling, "REREAD_WAITS", (0.2, 0.4, 0.8))  # reads 0.2 and 0.6 s on: the last sees all
    stored: dict[str, dict[str, Any]] = {}
    for round_ in range(1, 13):
        token = tokens["sifaju" if round_ % 2 else "minzhengju"]
        report = visit(api, token, 1000 * round_, round_)  # funds 1000, 2000, … 12000 yuan
        stored[report["report_id"]] = report
        if round_ % 4 == 0:  # and a correction of an earlier report: 1 yuan more
            first = stored[next(iter(stored))]
            metrics = {**first["metrics"], "funds_yuan": first["metrics"]["funds_yuan"] + 1}
            body = {**{k: first[k] for k in CONTENT_FIELDS}, "metrics": metrics, "version": first["version"]}
            edited = api.put(f"/reports/{first['report_id']}", body, token=tokens["sifaju"])
            assert edited.status == 200, edited.body
            stored[first["report_id"]] = edited.json
        found = compiled(api, ctx, aws)
        assert found["status"] == "ready" and found["stale"] is False
        assert found["totals"]["reports"] == round_
        # 1000 × (1 + … + round_) yuan, and 1 yuan for each correction so far
        assert funds(found) == 1000 * round_ * (round_ + 1) // 2 + round_ // 4
    assert index.hidden > 0  # the index did lag: the compiles read again


def test_a_compile_that_never_agrees_with_the_counters_is_not_fresh(
    api: Api, ctx: Context, aws: boto3.Session, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiling, "REREAD_WAITS", (0.01, 0.01, 0.01))
    visit(api, tokens["sifaju"], 62000, 1)
    index = LaggingIndex(ctx.store.table.resource.meta.client, seconds=3600)  # from now on, stuck
    visit(api, tokens["minzhengju"], 1500, 2)
    lagging = compiled(api, ctx, aws)
    assert lagging["status"] == "stale" and lagging["stale"] is True
    assert lagging["totals"]["reports"] == 1  # what it could read, not claimed to be current

    index.catch_up()
    found = compiled(api, ctx, aws)
    assert found["status"] == "ready" and found["totals"]["reports"] == 2
    assert funds(found) == 63500


def test_reports_stored_before_the_counters_are_counted_once_by_the_recount(
    api: Api, ctx: Context, aws: boto3.Session, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiling, "REREAD_WAITS", (0.01, 0.01, 0.01))
    visit(api, tokens["sifaju"], 62000, 1)
    older = {
        **{k: v for k, v in visit(api, tokens["sifaju"], 1, 3).items() if k != "report_id"},
        "report_id": "0d6f0c2e-4b8a-4c55-9e43-9a1f4b2d7e01",
        "unit_id": "minzhengju",
        "metrics": {"target": "troops", "households": 1, "persons": 1, "funds_yuan": 34000},
    }
    ctx.store.table.put(report_item(older))  # as a deployment before the counters stored it
    assert compiled(api, ctx, aws)["status"] == "stale"  # read, but not counted: not claimed to be current
    assert recount(ctx.store) >= 2
    refused = api.put(f"/units/minzhengju/months/{MONTH}/nil-report", {}, token=tokens["minzhengju"])
    assert (refused.status, refused.json["code"]) == (409, "409.5")
    found = compiled(api, ctx, aws)
    assert found["status"] == "ready" and found["totals"]["reports"] == 3
    assert funds(found) == 62000 + 1 + 34000
    assert recount(ctx.store) >= 2  # again: nothing changes
    assert compiled(api, ctx, aws)["status"] == "ready"
