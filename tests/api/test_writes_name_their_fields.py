"""Writes change only what they name: a PUT of a stored document keeps every field it leaves out and clears one
it sends as null; every route refuses a field it does not know, and a body not sent as JSON (415.1)."""

from __future__ import annotations

from typing import Any

from tests.conftest import ADMIN_TOKEN, Api, report_body
from tests.helpers.agreements import AGREEMENT


def test_a_unit_keeps_what_a_save_leaves_out_and_null_clears_its_addresses(api: Api) -> None:
    api.unit("sifaju", "县司法局", emails=["sfj@example.cn"])
    assert api.put("/units/sifaju", {"active": False}).status == 200
    renamed = api.put("/units/sifaju", {"name": "县司法局（法律援助中心）"})  # no `active`: it stays set not to report
    assert (renamed.json["name"], renamed.json["active"], renamed.json["emails"]) == (
        "县司法局（法律援助中心）",
        False,
        ["sfj@example.cn"],
    )
    cleared = api.put("/units/sifaju", {"emails": None})
    assert (cleared.json["emails"], cleared.json["kind"], cleared.json["active"]) == ([], "bureau", False)


def test_a_required_field_cannot_be_cleared_and_the_refusal_stores_nothing(api: Api) -> None:
    api.unit("sifaju", "县司法局")
    refused = api.put("/units/sifaju", {"name": None, "active": False, "phone": "123"})
    assert refused.status == 400
    assert refused.error_fields() == {"name": "必填项，不能清空", "phone": "不认识的字段，请删除"}
    unit = api.get("/units/sifaju").json
    assert (unit["name"], unit["active"]) == ("县司法局", True)


def test_the_calendar_settings_keep_what_a_save_leaves_out(api: Api) -> None:
    assert api.put("/settings", {"count": "approved", "jurisdiction": "全区"}).status == 200
    assert api.put("/settings", {"deadline_day": 6, "lock_day": 12}).json == {
        "deadline_day": 6,
        "lock_day": 12,
        "count": "approved",
        "jurisdiction": "全区",
    }
    cleared = api.put("/settings", {"jurisdiction": None, "lock_day": None}).json  # back to none, and to the 10th
    assert (cleared["jurisdiction"], cleared["lock_day"], cleared["deadline_day"]) == (None, 10, 6)


def test_the_reminder_settings_keep_what_a_save_leaves_out(api: Api) -> None:
    emails = ["ban@example.cn"]
    assert api.put("/reminders/settings", {"nudge_days": [24], "county_emails": emails}).status == 200
    kept = api.put("/reminders/settings", {"reminder_days": [2]}).json
    assert kept == {"nudge_days": [24], "reminder_days": [2], "county_emails": emails}
    cleared = api.put("/reminders/settings", {"county_emails": None}).json
    assert cleared == {"nudge_days": [24], "reminder_days": [2], "county_emails": []}


def _campaign(api: Api, code: str) -> dict[str, Any]:
    return next(c for c in api.get("/reminders/campaigns").json["campaigns"] if c["code"] == code)


def test_a_festival_keeps_its_days_when_a_save_does_not_send_them(api: Api) -> None:
    before = api.get("/reminders/campaigns").json["campaigns"]
    listed = [{k: c[k] for k in ("code", "name", "lead_days", "annual_on", "nth_weekday", "dates")} for c in before]
    for campaign in listed:  # the office page before it showed the days: 春节 with next year's date added
        if campaign["code"] == "chunjie":
            campaign["dates"] = [*campaign["dates"], "2031-01-23"]
    assert api.put("/reminders/campaigns", {"campaigns": listed}).status == 200
    spring = _campaign(api, "chunjie")
    assert (spring["days_before"], spring["days_after"], spring["dates"][-1]) == (30, 15, "2031-01-23")
    conscription = _campaign(api, "zhengbing")
    assert (conscription["days_before"], conscription["days_after"]) == (0, 46)
    assert _campaign(api, "bayi")["days_before"] == 15


def test_null_clears_a_festivals_days_and_its_date_rule(api: Api) -> None:
    listed = [{"code": "chunjie", "days_before": None}, {"code": "bayi", "annual_on": None, "dates": ["2026-08-01"]}]
    saved = api.put("/reminders/campaigns", {"campaigns": listed})
    assert saved.status == 200, saved.body
    assert [c["code"] for c in saved.json["campaigns"]] == ["chunjie", "bayi"]  # the others were left off the list
    spring, bayi = saved.json["campaigns"]
    assert (spring["name"], spring["days_before"], spring["days_after"]) == ("春节", 15, 15)  # the default 15
    assert (bayi["annual_on"], bayi["dates"], bayi["days_after"]) == (None, ["2026-08-01"], 7)
    refused = api.put("/reminders/campaigns", {"campaigns": [{"code": "bayi", "name": None}]})
    assert refused.error_fields() == {"campaigns.0.name": "必填项，不能清空"}


def test_the_year_notes_keep_the_texts_a_save_leaves_out(api: Api) -> None:
    first = {
        "version": 0,
        "problems": "部分单位报送不及时。",
        "next_steps": "加强督促。",
        "areas": {"legal": "送法进军营。"},
    }
    assert api.put("/summaries/2026/notes", first).status == 200
    kept = api.put("/summaries/2026/notes", {"version": 1, "next_steps": "按月通报。"}).json
    assert (kept["version"], kept["problems"], kept["next_steps"], kept["areas"]) == (
        2,
        "部分单位报送不及时。",
        "按月通报。",
        {"legal": "送法进军营。"},
    )
    cleared = api.put("/summaries/2026/notes", {"version": 2, "problems": None, "areas": None}).json
    assert (cleared["problems"], cleared["next_steps"], cleared["areas"]) == ("", "按月通报。", {})
    assert api.put("/summaries/2026/notes", {"problems": "无版本"}).error_fields() == {"version": "必填项，请填写"}


def test_an_agreement_keeps_its_terms_a_save_leaves_out(api: Api) -> None:
    api.unit("sifaju")
    agreement = api.post("/agreements", AGREEMENT).json
    path = f"/agreements/{agreement['agreement_id']}"
    ended = api.put(path, {"version": 1, "status": "terminated"})
    assert ended.status == 200, ended.body
    assert (ended.json["status"], ended.json["title"], ended.json["tasks"]) == (
        "terminated",
        AGREEMENT["title"],
        AGREEMENT["tasks"],
    )
    cleared = api.put(path, {"version": 2, "goals": None, "contacts": None}).json
    assert (cleared["goals"], cleared["contacts"], cleared["military_unit"]) == ("", [], "73026部队")
    refused = api.put(path, {"version": 3, "valid_to": "2025-01-01"})  # before the stored start
    assert refused.error_fields() == {"valid_to": "终止日期不能早于起始日期"}
    stale = api.put(path, {"version": 2, "goals": "另一份"})
    assert (stale.status, stale.json["code"], stale.json["current_version"]) == (409, "409.2", 3)
    assert api.get(path).json["goals"] == ""


def test_the_months_approval_refuses_a_body_it_does_not_take_and_approves_nothing(api: Api) -> None:
    api.unit("sifaju")
    report = api.post("/reports", report_body(unit_id="sifaju"), token=ADMIN_TOKEN).json
    refused = api.post(
        "/units/sifaju/months/2026-08/approve", {"report_ids": [report["report_id"]], "decision": "return"}
    )
    assert refused.status == 400
    assert refused.error_fields() == {"report_ids": "不认识的字段，请删除", "decision": "不认识的字段，请删除"}
    assert api.get(f"/reports/{report['report_id']}").json["review"]["state"] == "pending"
    assert api.post("/units/sifaju/months/2026-08/approve", {}).json["approved"] == 1  # an empty object names nothing


def test_a_body_not_sent_as_json_is_refused_and_stores_nothing(api: Api) -> None:
    body = b'{"unit_id": "sifaju", "name": "\xe5\x8f\xb8\xe6\xb3\x95\xe5\xb1\x80", "kind": "bureau"}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "text/json"):
        refused = api.post("/units", raw=body, headers={"Content-Type": content_type})
        assert (refused.status, refused.json["code"]) == (415, "415.1"), content_type
        assert refused.json["message"] == "提交的内容须以 JSON 格式发送（Content-Type: application/json）"
    unlabelled = api.client.http.post("/units", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, body=body)
    assert unlabelled.status_code == 415
    assert api.get("/units/sifaju").status == 404
    created = api.post("/units", raw=body, headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert created.status == 201


def test_a_request_without_a_body_needs_no_content_type(api: Api) -> None:
    sent = api.client.http.post("/months/2026-07/lock", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert sent.status_code == 200
    plain = api.post("/months/2026-07/reopen", headers={"Content-Type": "text/plain"})  # no body: its type is moot
    assert plain.status == 200
