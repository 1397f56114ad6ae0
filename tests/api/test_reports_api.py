"""Reports through the HTTP API: submission, idempotency, validation, edits, history, months."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from chalicelib.core.catalogue import ACTIVITY_TYPES
from chalicelib.reports.service import CONTENT_FIELDS
from tests.conftest import Api, SettableClock, report_body


@pytest.fixture
def reporter(api: Api) -> str:
    api.unit("sifaju", "县司法局")
    return api.reporter("sifaju")


def test_a_report_of_every_type_is_stored_with_its_month_and_unit(api: Api, reporter: str) -> None:
    for activity in ACTIVITY_TYPES:
        metrics: dict[str, object] = {f.code: 1 for f in activity.figures}
        if activity.code == "visit":
            metrics["target"] = "veterans"
        for choice in activity.choices:  # 优抚's category and target; an honour's level, name, recipient
            metrics[choice.code] = choice.options[0][0] if choice.options else "全国双拥模范县（城）"
        answer = api.post("/reports", report_body(activity.code, metrics=metrics), token=reporter)
        assert answer.status == 201, answer.body
        stored = answer.json
        assert stored["unit_id"] == "sifaju"
        assert stored["month"] == "2026-08"
        assert stored["version"] == 1
        assert stored["late"] is False
        assert stored["metrics"] == metrics
    listed = api.get("/reports?month=2026-08", token=reporter).json["items"]
    assert sorted(r["activity_type"] for r in listed) == sorted(a.code for a in ACTIVITY_TYPES)


def test_the_reporters_unit_comes_from_the_token_alone(api: Api, reporter: str) -> None:
    api.unit("jiaoyuju")
    refused = api.post("/reports", report_body(unit_id="jiaoyuju"), token=reporter)
    assert refused.status == 403
    assert api.get("/reports?month=2026-08").json["items"] == []


def test_money_is_exact_to_the_fen(api: Api, reporter: str) -> None:
    raw = json.dumps(report_body()).replace('"funds_yuan": 62000', '"funds_yuan": 0.1').encode()
    answer = api.post("/reports", raw=raw, token=reporter)
    assert answer.status == 201, answer.body
    assert b'"funds_yuan":0.1' in answer.body
    stored = api.get(f"/reports/{answer.json['report_id']}", token=reporter)
    assert json.loads(stored.body, parse_float=Decimal)["metrics"]["funds_yuan"] == Decimal("0.1")


def test_a_retried_submission_is_stored_once(api: Api, reporter: str) -> None:
    body = report_body()
    first = api.post("/reports", body, token=reporter)
    again = api.post("/reports", body, token=reporter)
    assert (first.status, again.status) == (201, 200)
    assert again.json == first.json
    assert len(api.get("/reports?month=2026-08").json["items"]) == 1


def test_the_same_submission_id_with_other_content_is_a_conflict(api: Api, reporter: str) -> None:
    body = report_body()
    api.post("/reports", body, token=reporter)
    changed = api.post("/reports", {**body, "title": "另一项活动"}, token=reporter)
    assert changed.status == 409
    assert changed.json["code"] == "409.1"
    assert api.get(f"/reports/{body['submission_id']}").json["title"] == body["title"]


def test_another_units_submission_id_is_a_conflict_that_reveals_nothing(api: Api, reporter: str) -> None:
    api.unit("jiaoyuju")
    other = api.reporter("jiaoyuju")
    body = report_body()
    api.post("/reports", body, token=other)
    answer = api.post("/reports", body, token=reporter)
    assert answer.status == 409
    assert "八一" not in answer.body.decode()


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"participants": -1}, "participants", "负数"),
        ({"participants": "12"}, "participants", "整数"),
        ({"participants": 1.5}, "participants", "整数"),
        ({"participants": True}, "participants", "整数"),
        ({"occurred_on": "2027-01-01"}, "occurred_on", "晚于今天"),
        ({"occurred_on": "1999-12-31"}, "occurred_on", "2000年"),
        ({"occurred_on": "2026/08/01"}, "occurred_on", "年-月-日"),
        ({"occurred_on": 20260801}, "occurred_on", "年-月-日"),
        ({"title": ""}, "title", "必填"),
        ({"title": "长" * 101}, "title", "100"),
        ({"nickname": "x"}, "nickname", "不认识"),
        ({"activity_type": "picnic"}, "activity_type", "活动类型"),
        ({"submission_id": "not-a-uuid"}, "submission_id", "格式"),
        ({"metrics": {"target": "troops", "funds_yuan": "62000"}}, "metrics.funds_yuan", "金额"),
        ({"metrics": {"target": "troops", "funds_yuan": -5}}, "metrics.funds_yuan", "负数"),
        ({"metrics": {"target": "aliens"}}, "metrics.target", "取值"),
        ({"metrics": {"households": 1}}, "metrics.target", "必填"),
        ({"metrics": {"target": "troops", "goats": 1}}, "metrics.goats", "不认识"),
    ],
)
def test_bad_input_names_the_field_in_chinese_and_stores_nothing(
    api: Api, reporter: str, change: dict[str, object], field: str, fragment: str
) -> None:
    answer = api.post("/reports", report_body(**change), token=reporter)  # type: ignore[arg-type]
    assert answer.status == 400, answer.body
    assert answer.json["code"] == "400.2"
    assert fragment in answer.error_fields()[field]
    assert api.get("/reports?month=2026-08").json["items"] == []


def test_money_with_more_than_two_decimals_is_refused(api: Api, reporter: str) -> None:
    raw = json.dumps(report_body()).replace('"funds_yuan": 62000', '"funds_yuan": 62000.001').encode()
    answer = api.post("/reports", raw=raw, token=reporter)
    assert answer.status == 400
    assert "两位小数" in answer.error_fields()["metrics.funds_yuan"]


@pytest.mark.parametrize(
    ("activity_type", "metrics", "field"),
    [
        ("mediation", {"disputes": 2, "resolved": 3}, "metrics.resolved"),
        ("symposium", {"attendees": 10, "beneficiary_attendees": 11}, "metrics.beneficiary_attendees"),
    ],
)
def test_impossible_figures_are_refused(
    api: Api, reporter: str, activity_type: str, metrics: dict[str, int], field: str
) -> None:
    answer = api.post("/reports", report_body(activity_type, metrics=metrics), token=reporter)
    assert answer.status == 400
    assert "不能多于" in answer.error_fields()[field]


def test_every_failing_field_is_named_at_once(api: Api, reporter: str) -> None:
    answer = api.post(
        "/reports",
        report_body(title="", participants=-2, metrics={"target": "troops", "persons": -1}),
        token=reporter,
    )
    assert set(answer.error_fields()) == {"title", "participants", "metrics.persons"}


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"{not json", 400, "400.1"),
        (b"[1, 2]", 400, "400.1"),
        (b'{"participants": NaN}', 400, "400.1"),
        (b"\xff\xfe", 400, "400.1"),
        (b'{"a": "' + b"x" * 70_000 + b'"}', 413, "413.1"),
    ],
)
def test_malformed_and_oversized_bodies_are_refused(
    api: Api, reporter: str, raw: bytes, status: int, code: str
) -> None:
    answer = api.post("/reports", raw=raw, token=reporter)
    assert (answer.status, answer.json["code"]) == (status, code)


def test_the_month_is_the_beijing_date_not_the_utc_one(api: Api, reporter: str, clock: SettableClock) -> None:
    clock.set("2026-08-01T00:30:00+08:00")  # still 31 July in UTC
    answer = api.post("/reports", report_body(occurred_on="2026-08-01"), token=reporter)
    assert answer.status == 201, answer.body
    assert answer.json["month"] == "2026-08"
    assert answer.json["created_at"].startswith("2026-08-01T00:30:00+08:00")


def test_reports_after_the_deadline_day_are_late(api: Api, reporter: str, clock: SettableClock) -> None:
    clock.set("2026-08-05T23:59:00")
    on_time = api.post("/reports", report_body(occurred_on="2026-07-30"), token=reporter)
    clock.set("2026-08-06T00:01:00")
    late = api.post("/reports", report_body(occurred_on="2026-07-31"), token=reporter)
    assert (on_time.json["late"], late.json["late"]) == (False, True)


def test_after_the_lock_day_only_the_admin_changes_the_month(api: Api, reporter: str, clock: SettableClock) -> None:
    clock.set("2026-08-09T12:00:00")
    kept = api.post("/reports", report_body(occurred_on="2026-07-20"), token=reporter).json
    clock.set("2026-08-11T09:00:00")
    refused = api.post("/reports", report_body(occurred_on="2026-07-21"), token=reporter)
    assert (refused.status, refused.json["code"]) == (409, "409.3")
    edit = {**report_body(occurred_on="2026-07-20"), "version": 1}
    del edit["submission_id"]
    assert api.put(f"/reports/{kept['report_id']}", edit, token=reporter).status == 409
    assert api.delete(f"/reports/{kept['report_id']}", token=reporter).status == 409
    assert api.post("/reports", report_body(occurred_on="2026-07-21", unit_id="sifaju")).status == 201
    assert api.post("/months/2026-07/reopen").json["locked"] is False
    assert api.post("/reports", report_body(occurred_on="2026-07-22"), token=reporter).status == 201
    assert api.post("/months/2026-07/lock").json["locked"] is True
    assert api.post("/reports", report_body(occurred_on="2026-07-23"), token=reporter).status == 409


def test_settings_move_the_deadline_and_lock_days(api: Api, reporter: str, clock: SettableClock) -> None:
    assert api.put("/settings", {"deadline_day": 8, "lock_day": 6}).status == 400
    assert api.put("/settings", {"deadline_day": 8, "lock_day": 12}, token=reporter).status == 403
    assert api.put("/settings", {"deadline_day": 8, "lock_day": 12}).status == 200
    clock.set("2026-08-07T12:00:00")
    assert api.post("/reports", report_body(occurred_on="2026-07-31"), token=reporter).json["late"] is False
    status = api.get("/months/2026-07", token=reporter).json
    assert (status["deadline"], status["lock_date"], status["locked"]) == ("2026-08-08", "2026-08-12", False)


def _edit(report: dict[str, object], **changes: object) -> dict[str, object]:
    """The PUT body that corrects `report`: what the reporter filled in, and the version it edits."""
    return {**{k: report[k] for k in CONTENT_FIELDS}, "version": report["version"], **changes}


def test_an_edit_carries_its_version_and_leaves_a_revision(api: Api, reporter: str) -> None:
    report = api.post("/reports", report_body(), token=reporter).json
    edited = api.put(f"/reports/{report['report_id']}", _edit(report, participants=15), token=reporter)
    assert edited.status == 200, edited.body
    assert (edited.json["version"], edited.json["participants"]) == (2, 15)
    stale = api.put(f"/reports/{report['report_id']}", _edit(report, participants=99), token=reporter)
    assert (stale.status, stale.json["code"]) == (409, "409.2")
    assert api.get(f"/reports/{report['report_id']}").json["participants"] == 15
    history = api.get(f"/reports/{report['report_id']}/history", token=reporter).json["items"]
    assert [h["action"] for h in history] == ["created", "updated"]
    assert history[1]["changes"] == {"participants": [12, 15]}
    assert history[1]["by"] != "admin"


def test_an_edit_can_move_a_report_to_another_month(api: Api, reporter: str, clock: SettableClock) -> None:
    clock.set("2026-08-03T10:00:00")
    report = api.post("/reports", report_body(occurred_on="2026-07-31"), token=reporter).json
    api.put(f"/reports/{report['report_id']}", _edit(report, occurred_on="2026-08-02"), token=reporter)
    assert api.get("/reports?month=2026-07").json["items"] == []
    assert [r["report_id"] for r in api.get("/reports?month=2026-08").json["items"]] == [report["report_id"]]


def test_a_withdrawn_report_drops_out_but_keeps_its_history(api: Api, reporter: str) -> None:
    report = api.post("/reports", report_body(), token=reporter).json
    assert api.delete(f"/reports/{report['report_id']}", token=reporter).status == 200
    assert api.get(f"/reports/{report['report_id']}", token=reporter).status == 404
    assert api.get("/reports?month=2026-08").json["items"] == []
    history = api.get(f"/reports/{report['report_id']}/history").json["items"]
    assert [h["action"] for h in history] == ["created", "withdrawn"]
    assert api.delete(f"/reports/{report['report_id']}", token=reporter).status == 404


def test_listing_pages_through_a_month(api: Api, reporter: str) -> None:
    ids = {api.post("/reports", report_body(), token=reporter).json["report_id"] for _ in range(7)}
    seen: list[str] = []
    token = None
    while True:
        path = "/reports?month=2026-08&limit=3" + (f"&next_token={token}" if token else "")
        page = api.get(path, token=reporter).json
        seen += [r["report_id"] for r in page["items"]]
        token = page["next_token"]
        if not token:
            break
    assert sorted(seen) == sorted(ids)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?month=2026-13",
        "?month=202608",
        "?month=2026-08&limit=0",
        "?month=2026-08&limit=x",
        "?month=2026-08&next_token=%%%",
        "?month=2026-08&activity_type=picnic",
    ],
)
def test_bad_list_parameters_are_refused(api: Api, reporter: str, query: str) -> None:
    answer = api.get(f"/reports{query}", token=reporter)
    assert (answer.status, answer.json["code"]) == (400, "400.3")


def test_a_next_token_cannot_reach_into_another_units_range(api: Api, reporter: str) -> None:
    api.unit("jiaoyuju")
    other = api.reporter("jiaoyuju")
    for _ in range(3):
        api.post("/reports", report_body(), token=other)
    token = api.get("/reports?month=2026-08&limit=1").json["next_token"]
    answer = api.get(f"/reports?month=2026-08&next_token={token}", token=reporter)
    assert answer.status == 400


def test_nil_report_for_a_month(api: Api, reporter: str) -> None:
    path = "/units/sifaju/months/2026-08/nil-report"
    filed = api.put(path, {"note": "本月无涉军活动"}, token=reporter)
    assert filed.status == 201, filed.body
    assert api.put(path, {"note": "本月无涉军活动"}, token=reporter).status == 200
    assert api.get(path, token=reporter).json["note"] == "本月无涉军活动"
    month = api.get("/months/2026-08", token=reporter).json  # the report page reads it here, never a 404
    assert (month["nil_report"]["unit_id"], month["nil_report"]["note"]) == ("sifaju", "本月无涉军活动")
    assert api.get("/months/2026-08").json["nil_report"] is None  # the county office has no unit of its own
    assert api.delete(path, token=reporter).status == 204
    assert api.get(path, token=reporter).status == 404
    assert api.get("/months/2026-08", token=reporter).json["nil_report"] is None
    assert api.put("/units/sifaju/months/2026-09/nil-report", {}, token=reporter).status == 400


def test_a_nil_report_is_refused_beside_reports(api: Api, reporter: str) -> None:
    api.post("/reports", report_body(), token=reporter)
    answer = api.put("/units/sifaju/months/2026-08/nil-report", {}, token=reporter)
    assert (answer.status, answer.json["code"]) == (409, "409.5")


def test_a_report_can_belong_to_its_units_agreement_only(api: Api, reporter: str) -> None:
    api.unit("jiaoyuju")
    agreement = {
        "title": "共建协议",
        "military_unit": "73026部队",
        "signed_on": "2026-01-10",
        "valid_from": "2026-01-10",
        "valid_to": "2028-01-09",
    }
    own = api.post("/agreements", {**agreement, "unit_id": "sifaju"}).json["agreement_id"]
    other = api.post("/agreements", {**agreement, "unit_id": "jiaoyuju"}).json["agreement_id"]
    assert api.post("/reports", report_body(agreement_id=own), token=reporter).status == 201
    refused = api.post("/reports", report_body(agreement_id=other), token=reporter)
    assert refused.status == 400
    assert "agreement_id" in refused.error_fields()
