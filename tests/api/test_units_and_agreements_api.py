"""Units, reporters and co-building agreements through the HTTP API."""

from __future__ import annotations

from tests.conftest import Api, SettableClock, report_body
from tests.helpers.agreements import AGREEMENT


def test_units_are_registered_listed_and_changed(api: Api) -> None:
    created = api.post("/units", {"unit_id": "sifaju", "name": "县司法局", "kind": "bureau", "emails": ["a@b.cn"]})
    assert created.status == 201
    assert api.post("/units", {"unit_id": "sifaju", "name": "重复", "kind": "bureau"}).json["code"] == "409.4"
    changed = api.put("/units/sifaju", {"name": "县司法局（新）", "kind": "bureau", "emails": [], "active": False})
    assert changed.json["name"] == "县司法局（新）" and changed.json["active"] is False
    assert [u["name"] for u in api.get("/units").json["items"]] == ["县司法局（新）"]
    assert api.put("/units/nobody", {"name": "x", "kind": "bureau"}).status == 404


def test_a_bad_unit_names_its_fields(api: Api) -> None:
    answer = api.post("/units", {"unit_id": "Bad Id!", "name": "", "kind": "club", "emails": ["not-an-email"]})
    assert answer.status == 400
    assert set(answer.error_fields()) == {"unit_id", "name", "kind", "emails.0"}
    assert api.get("/units").json["items"] == []


def test_a_unit_may_not_take_the_id_the_plans_month_counter_has(api: Api) -> None:
    answer = api.post("/units", {"unit_id": "plan", "name": "规划局", "kind": "bureau"})
    assert answer.status == 400
    assert answer.error_fields() == {"unit_id": "单位编号 plan 为系统保留，请换一个"}
    assert api.get("/units").json["items"] == []
    assert api.post("/units", {"unit_id": "plan-bureau", "name": "规划局", "kind": "bureau"}).status == 201


def test_a_reporter_token_is_shown_once_with_a_link(api: Api) -> None:
    api.unit("sifaju")
    issued = api.post("/units/sifaju/reporters", {"label": "李四"}).json
    assert issued["token"].startswith("sy5.")
    assert issued["link"].endswith(issued["token"])
    listed = api.get("/units/sifaju/reporters").json["items"]
    assert [(r["reporter_id"], r["label"]) for r in listed] == [(issued["reporter_id"], "李四")]
    assert api.post("/units/nobody/reporters", {}).status == 404


def test_agreements_are_registered_with_their_period_and_ending(api: Api, clock: SettableClock) -> None:
    api.unit("sifaju")
    created = api.post("/agreements", AGREEMENT)
    assert created.status == 201, created.body
    agreement = created.json
    assert (agreement["status"], agreement["ends_in_days"]) == ("active", 41)
    clock.set("2026-10-01T09:00:00")
    assert api.get(f"/agreements/{agreement['agreement_id']}").json["status"] == "expired"
    assert [a["agreement_id"] for a in api.get("/agreements?status=expired").json["items"]] == [
        agreement["agreement_id"]
    ]
    assert api.get("/agreements?status=active").json["items"] == []


def test_an_agreement_edit_carries_its_version(api: Api) -> None:
    api.unit("sifaju")
    agreement = api.post("/agreements", AGREEMENT).json
    path = f"/agreements/{agreement['agreement_id']}"
    done = api.put(path, {**AGREEMENT, "status": "terminated", "version": 1})
    assert (done.status, done.json["version"], done.json["status"]) == (200, 2, "terminated")
    assert api.put(path, {**AGREEMENT, "version": 1}).json["code"] == "409.2"


def test_an_agreement_refuses_a_reversed_period_and_an_unknown_unit(api: Api) -> None:
    api.unit("sifaju")
    answer = api.post("/agreements", {**AGREEMENT, "valid_to": "2025-01-01"})
    assert "valid_to" in answer.error_fields()
    assert "unit_id" in api.post("/agreements", {**AGREEMENT, "unit_id": "nobody"}).error_fields()
    assert api.get("/agreements").json["items"] == []


def test_a_reporter_sees_its_units_agreements_only(api: Api) -> None:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    api.post("/agreements", AGREEMENT)
    other = api.post("/agreements", {**AGREEMENT, "unit_id": "jiaoyuju"}).json
    token = api.reporter("sifaju")
    assert [a["unit_id"] for a in api.get("/agreements", token=token).json["items"]] == ["sifaju"]
    assert api.get(f"/agreements/{other['agreement_id']}", token=token).status == 404


def test_an_agreements_activities_are_the_reports_naming_it(api: Api, clock: SettableClock) -> None:
    clock.set("2026-07-31T10:00")  # July still open: a report of July, then one of August
    api.unit("sifaju")
    agreement = api.post("/agreements", AGREEMENT).json
    other = api.post("/agreements", {**AGREEMENT, "title": "另一份协议"}).json
    token = api.reporter("sifaju")
    earlier = api.post(
        "/reports",
        report_body(title="八一座谈", occurred_on="2026-07-30", agreement_id=agreement["agreement_id"]),
        token=token,
    )
    clock.set("2026-08-20T10:00")
    under = api.post(
        "/reports",
        report_body(title="送法进军营", occurred_on="2026-08-05", agreement_id=agreement["agreement_id"]),
        token=token,
    )
    api.post("/reports", report_body(title="别的协议下", agreement_id=other["agreement_id"]), token=token)
    api.post("/reports", report_body(title="不属协议"), token=token)
    assert under.status == earlier.status == 201
    answer = api.get(f"/agreements/{agreement['agreement_id']}/reports")
    assert answer.status == 200
    assert [(r["title"], r["occurred_on"]) for r in answer.json["items"]] == [
        ("八一座谈", "2026-07-30"),
        ("送法进军营", "2026-08-05"),
    ]
    assert api.get(f"/agreements/{other['agreement_id']}/reports").json["items"][0]["title"] == "别的协议下"
    assert api.get("/agreements/nosuch/reports").status == 404
    assert api.get(f"/agreements/{agreement['agreement_id']}/reports", token=token).status == 403
