"""A unit-month is reported (at least one live report) or 本月无活动, never both, whatever the order and
however the requests race: of two racing requests one is refused with 409.5.

The races run in threads against the app and moto in process, each request to DynamoDB atomic
and each thread its own request, as in the cloud (tests/helpers/races.py): the app's own steps between
its requests interleave freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest

import app as application
from chalicelib.context import Context
from chalicelib.reports.service import CONTENT_FIELDS
from tests.conftest import Answer, Api, SettableClock, report_body
from tests.helpers.races import one_request_per_thread, serialized, together

MONTH = "2026-08"
ROUNDS = 20
NIL_BESIDE_REPORTS = "本单位2026年8月已有活动报告，不能再报告“本月无活动”"
REPORT_BESIDE_NIL = "本单位2026年8月已报告“本月无活动”，请先撤回“本月无活动”再报送该月活动"


@pytest.fixture(autouse=True)
def as_in_the_cloud() -> Iterator[None]:
    with serialized(), one_request_per_thread(application.app):
        yield


def nil_path(unit_id: str, month: str = MONTH) -> str:
    return f"/units/{unit_id}/months/{month}/nil-report"


def send_report(api: Api, token: str) -> Answer:
    return api.post("/reports", report_body(), token=token)


def send_nil(api: Api, unit_id: str, token: str, note: str = "本月无活动") -> Answer:
    return api.put(nil_path(unit_id), {"note": note}, token=token)


def unit_with_reporter(api: Api, unit_id: str) -> str:
    api.unit(unit_id)
    return api.reporter(unit_id)


def live_reports(api: Api, unit_id: str) -> int:
    return len(api.get(f"/reports?month={MONTH}&unit_id={unit_id}").json["items"])


def has_nil(api: Api, unit_id: str) -> bool:
    return api.get(nil_path(unit_id)).status == 200


def test_a_nil_report_and_a_report_sent_together_never_both_stand(api: Api) -> None:
    winners = []
    for round_ in range(ROUNDS):
        unit_id = f"unit{round_:02d}"
        token = unit_with_reporter(api, unit_id)
        report, nil = together(partial(send_report, api, token), partial(send_nil, api, unit_id, token))
        assert sorted([report.status, nil.status]) == [201, 409], (report.body, nil.body)
        loser = nil if report.status == 201 else report
        assert loser.json["code"] == "409.5"
        assert loser.json["message"] == (NIL_BESIDE_REPORTS if loser is nil else REPORT_BESIDE_NIL)
        assert (live_reports(api, unit_id), has_nil(api, unit_id)) == ((1, False) if loser is nil else (0, True))
        winners.append("report" if loser is nil else "nil")
    print("winners:", {w: winners.count(w) for w in set(winners)})


def test_several_reports_racing_a_nil_report_leave_one_or_the_other(api: Api) -> None:
    for round_ in range(ROUNDS // 2):
        unit_id = f"unit{round_:02d}"
        token = unit_with_reporter(api, unit_id)
        answers = together(*[partial(send_report, api, token)] * 3, partial(send_nil, api, unit_id, token))
        *reports, nil = answers
        created = sum(a.status == 201 for a in reports)
        assert all(a.status in (201, 409) for a in answers), [a.body for a in answers]
        if nil.status == 201:  # filed first: every report refused
            assert created == 0 and (live_reports(api, unit_id), has_nil(api, unit_id)) == (0, True)
        else:  # a report came first: 本月无活动 refused, the reports stored
            assert (nil.status, nil.json["code"]) == (409, "409.5")
            assert created >= 1 and (live_reports(api, unit_id), has_nil(api, unit_id)) == (created, False)
        assert all(a.json["code"] == "409.5" for a in answers if a.status == 409)


def test_identical_nil_reports_sent_together_store_one_and_count_one_change(api: Api, ctx: Context) -> None:
    for round_ in range(ROUNDS):
        unit_id = f"unit{round_:02d}"
        token = unit_with_reporter(api, unit_id)
        before = ctx.store.months.changes(MONTH)
        answers = together(*[partial(send_nil, api, unit_id, token, "无涉军活动")] * 4)
        assert sorted(a.status for a in answers) == [200, 200, 200, 201]
        stored = api.get(nil_path(unit_id)).json
        assert all(a.json == stored for a in answers) and stored["note"] == "无涉军活动"
        assert ctx.store.months.changes(MONTH) == before + 1  # one nil report written: one change of August


def test_a_nil_report_refuses_reports_until_withdrawn_and_the_other_way_round(api: Api, clock: SettableClock) -> None:
    token = unit_with_reporter(api, "sifaju")
    clock.set("2026-08-03T10:00:00")
    july = api.post("/reports", report_body(occurred_on="2026-07-30"), token=token).json
    assert api.put(nil_path("sifaju"), {}, token=token).status == 201

    refused = api.post("/reports", report_body(), token=token)
    assert (refused.status, refused.json["code"], refused.json["message"]) == (409, "409.5", REPORT_BESIDE_NIL)
    by_admin = api.post("/reports", report_body(unit_id="sifaju"))  # the county office too
    assert (by_admin.status, by_admin.json["code"]) == (409, "409.5")
    moved = {**{k: july[k] for k in CONTENT_FIELDS}, "occurred_on": "2026-08-02", "version": july["version"]}
    into_august = api.put(f"/reports/{july['report_id']}", moved, token=token)  # a July report moved into August
    assert (into_august.status, into_august.json["code"]) == (409, "409.5")
    assert api.get(f"/reports/{july['report_id']}", token=token).json["occurred_on"] == "2026-07-30"
    assert (live_reports(api, "sifaju"), has_nil(api, "sifaju")) == (0, True)

    assert api.delete(nil_path("sifaju"), token=token).status == 204
    report = api.post("/reports", report_body(), token=token)
    assert report.status == 201
    nil = api.put(nil_path("sifaju"), {}, token=token)
    assert (nil.status, nil.json["code"], nil.json["message"]) == (409, "409.5", NIL_BESIDE_REPORTS)
    assert api.put(f"/reports/{july['report_id']}", moved, token=token).status == 200  # two reports now
    assert api.delete(f"/reports/{report.json['report_id']}", token=token).status == 200
    assert api.put(nil_path("sifaju"), {}, token=token).status == 409  # the moved report is still there
    back = {**moved, "occurred_on": "2026-07-31", "version": 2}
    assert api.put(f"/reports/{july['report_id']}", back, token=token).status == 200  # moved back to July
    assert api.put(nil_path("sifaju"), {}, token=token).status == 201  # August has no live report now
    assert (live_reports(api, "sifaju"), has_nil(api, "sifaju")) == (0, True)


def test_a_withdrawal_racing_a_nil_report_leaves_a_consistent_month(api: Api) -> None:
    for round_ in range(ROUNDS // 2):
        unit_id = f"unit{round_:02d}"
        token = unit_with_reporter(api, unit_id)
        report = api.post("/reports", report_body(), token=token).json
        withdraw = partial(api.delete, f"/reports/{report['report_id']}", token=token)
        withdrawn, nil = together(withdraw, partial(send_nil, api, unit_id, token))
        assert withdrawn.status == 200
        assert nil.status in (201, 409)
        assert (live_reports(api, unit_id), has_nil(api, unit_id)) == (0, nil.status == 201)
        if nil.status == 409:  # it met the report: once withdrawn, 本月无活动 goes through
            assert api.put(nil_path(unit_id), {}, token=token).status == 201
