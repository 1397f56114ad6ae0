"""The audit trail (issue 14): every recorded write names who did it, with which role, what, to which record,
when, and for an edit which fields changed; it is written in the same transaction as the change, so a refused
or retried write leaves no entry of its own; only the admin reads it, newest first, and nothing changes it."""

from __future__ import annotations

from typing import Any

import pytest

import app as application
from chalicelib.core.auth import OWNER_NAME
from tests.conftest import Api, SettableClock, report_body

MONTH = "2026-08"


@pytest.fixture
def people(api: Api) -> dict[str, Any]:
    """司法局 with its reporter 张三, 教育局 with its reporter 李四, a reviewer 王审核 and a viewer 赵查看."""
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    zhang = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    li = api.post("/units/jiaoyuju/reporters", {"label": "李四"}).json
    reviewer = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json
    viewer = api.post("/staff", {"name": "赵查看", "role": "viewer"}).json
    return {"zhang": zhang, "li": li, "reviewer": reviewer, "viewer": viewer}


def _entries(api: Api, **filters: str) -> list[dict[str, Any]]:
    """Every entry of the month, page by page (two a page, to walk the pages too)."""
    found: list[dict[str, Any]] = []
    token = ""
    while True:
        asked = "".join(f"&{name}={value}" for name, value in filters.items())
        answer = api.get(f"/audit?month={MONTH}&limit=2{asked}" + (f"&next_token={token}" if token else ""))
        assert answer.status == 200, answer.body
        found += answer.json["items"]
        token = answer.json["next_token"]
        if not token:
            return found


def test_a_report_s_steps_and_a_nil_report_are_listed_newest_first_with_names(
    api: Api, people: dict[str, Any], clock: SettableClock
) -> None:
    zhang, li, reviewer = people["zhang"], people["li"], people["reviewer"]
    clock.set("2026-08-20T10:01:00")
    body = report_body()
    first = api.post("/reports", body, token=zhang["token"])
    assert first.status == 201
    report_id = first.json["report_id"]
    assert api.post("/reports", body, token=zhang["token"]).status == 200  # a retry: stored once, recorded once

    clock.set("2026-08-20T10:02:00")
    correction = {**body, "version": 1, "title": "八一走访慰问驻军官兵", "participants": 15}
    correction.pop("submission_id")
    assert api.put(f"/reports/{report_id}", correction, token=zhang["token"]).status == 200
    stale = api.put(f"/reports/{report_id}", {**correction, "participants": 20}, token=zhang["token"])
    assert (stale.status, stale.json["code"]) == (409, "409.2")  # refused: no entry

    clock.set("2026-08-20T10:03:00")
    reviewed = api.post(
        f"/reports/{report_id}/review", {"decision": "approve", "comment": "", "version": 2}, token=reviewer["token"]
    )
    assert reviewed.status == 200, reviewed.body

    clock.set("2026-08-20T10:04:00")
    nil = api.put(f"/units/jiaoyuju/months/{MONTH}/nil-report", {"note": "本月无活动"}, token=li["token"])
    assert nil.status == 201

    entries = _entries(api)
    assert [(e["action"], e["actor_name"], e["role"], e["record"], e["fields"]) for e in entries] == [
        ("nil_report.filed", "李四", "reporter", f"nil_report:jiaoyuju/{MONTH}", []),
        ("report.reviewed", "王审核", "reviewer", f"report:{report_id}", ["review"]),
        ("report.updated", "张三", "reporter", f"report:{report_id}", ["participants", "title"]),
        ("report.submitted", "张三", "reporter", f"report:{report_id}", []),
    ]
    assert [e["at"] for e in entries] == [f"2026-08-20T10:0{m}:00+08:00" for m in (4, 3, 2, 1)]
    assert [e["actor"] for e in entries] == [li["reporter_id"], reviewer["staff_id"]] + [zhang["reporter_id"]] * 2
    assert [e["action"] for e in _entries(api, actor=zhang["reporter_id"])] == ["report.updated", "report.submitted"]
    assert len(_entries(api, record=f"report:{report_id}")) == 3
    listed = repr(entries)
    for token in (zhang["token"], li["token"], reviewer["token"]):
        assert token not in listed and token.split(".")[-1] not in listed
    assert "hash" not in listed and "title" in listed  # field names, never the values
    assert "八一走访慰问驻军官兵" not in listed


def test_withdrawals_are_recorded_and_an_admin_s_write_names_the_owner(
    api: Api, people: dict[str, Any], clock: SettableClock
) -> None:
    clock.set("2026-08-20T11:00:00")
    report_id = api.post("/reports", report_body(unit_id="sifaju")).json["report_id"]
    clock.set("2026-08-20T11:01:00")
    assert api.delete(f"/reports/{report_id}").status == 200
    clock.set("2026-08-20T11:02:00")
    path = f"/units/jiaoyuju/months/{MONTH}/nil-report"
    assert api.put(path, {"note": "无"}, token=people["li"]["token"]).status == 201
    clock.set("2026-08-20T11:03:00")
    assert api.delete(path, token=people["li"]["token"]).status == 204
    assert api.delete(path, token=people["li"]["token"]).status == 404  # nothing to withdraw: no entry

    entries = _entries(api)
    assert [(e["action"], e["actor_name"]) for e in entries] == [
        ("nil_report.withdrawn", "李四"),
        ("nil_report.filed", "李四"),
        ("report.withdrawn", OWNER_NAME),
        ("report.submitted", OWNER_NAME),
    ]
    assert entries[-1]["actor"] == "admin" and entries[-1]["role"] == "admin"


def test_only_the_admin_reads_the_audit(api: Api, people: dict[str, Any]) -> None:
    for holder in (people["viewer"]["token"], people["reviewer"]["token"], people["zhang"]["token"]):
        assert api.get(f"/audit?month={MONTH}", token=holder).status == 403
    admin = api.post("/staff", {"name": "孙管理", "role": "admin"}).json
    assert api.get(f"/audit?month={MONTH}", token=admin["token"]).status == 200


@pytest.mark.parametrize(
    "asked", ["", "?month=2026-13", "?month=2026-08&limit=0", "?month=2026-08&limit=101", "?month=2026-08&next_token=x"]
)
def test_a_bad_question_is_400(api: Api, asked: str) -> None:
    answer = api.get(f"/audit{asked}")
    assert answer.status == 400, answer.body


def test_another_month_s_page_token_is_refused(api: Api, people: dict[str, Any], clock: SettableClock) -> None:
    for minute in range(3):
        clock.set(f"2026-08-20T12:0{minute}:00")
        assert api.post("/reports", report_body(), token=people["zhang"]["token"]).status == 201
    token = api.get(f"/audit?month={MONTH}&limit=1").json["next_token"]
    assert token
    assert api.get(f"/audit?month=2026-07&next_token={token}").status == 400
    assert api.get("/audit?month=2026-09").json == {"items": [], "next_token": None}


def test_the_api_has_no_way_to_change_or_delete_an_entry() -> None:
    audit_routes = {path: set(methods) for path, methods in application.app.routes.items() if "audit" in path}
    assert audit_routes == {"/audit": {"GET"}}
