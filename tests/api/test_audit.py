"""The audit trail (issue 14): every write names who did it, with which role, what, to which record, when, and
for an edit which fields changed (names only: never a value, a token, a hash or an e-mail address); it is
written in the same transaction as the change, so a refused or retried write leaves no entry of its own; only
the admin reads it, newest first, and nothing changes it. The walk below calls every write route the app
declares and finds exactly one entry after each: a new write route without its entry fails it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests

import app as application
from chalicelib.context import Context
from chalicelib.core.auth import OWNER_NAME, Role
from chalicelib.summaries import requests as summary_requests
from tests.conftest import ADMIN_TOKEN, Api, SettableClock, report_body
from tests.helpers.plans import xlsx
from tests.helpers.surveys import SURVEY, respond, valid_answers
from tests.helpers.units import units_sheet

MONTH = "2026-08"


@pytest.fixture
def people(api: Api, clock: SettableClock) -> dict[str, Any]:
    """司法局 with its reporter 张三, 教育局 with its reporter 李四, a reviewer 王审核 and a viewer 赵查看,
    set up in July (their entries are July's), the clock back on 2026-08-20 10:00."""
    clock.set("2026-07-31T09:00:00")
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    zhang = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    li = api.post("/units/jiaoyuju/reporters", {"label": "李四"}).json
    reviewer = api.post("/staff", {"name": "王审核", "role": "reviewer"}).json
    viewer = api.post("/staff", {"name": "赵查看", "role": "viewer"}).json
    clock.set("2026-08-20T10:00:00")
    return {"zhang": zhang, "li": li, "reviewer": reviewer, "viewer": viewer}


def _entries(api: Api, month: str = MONTH, limit: int = 2, **filters: str) -> list[dict[str, Any]]:
    """Every entry of the month, page by page (two a page unless told, to walk the pages too)."""
    found: list[dict[str, Any]] = []
    token = ""
    while True:
        asked = "".join(f"&{name}={value}" for name, value in filters.items())
        answer = api.get(f"/audit?month={month}&limit={limit}{asked}" + (f"&next_token={token}" if token else ""))
        assert answer.status == 200, answer.body
        found += answer.json["items"]
        token = answer.json["next_token"]
        if not token:
            return found


# What an entry keeps (the answer adds, when read, the labels and the records' names as they are now).
RECORDED = ("entry_id", "at", "actor", "actor_name", "role", "action", "record", "fields")


def _recorded(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{name: entry[name] for name in RECORDED} for entry in entries]


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
        ("report.approved", "王审核", "reviewer", f"report:{report_id}", ["review"]),
        ("report.updated", "张三", "reporter", f"report:{report_id}", ["participants", "title"]),
        ("report.submitted", "张三", "reporter", f"report:{report_id}", []),
    ]
    assert [e["at"] for e in entries] == [f"2026-08-20T10:0{m}:00+08:00" for m in (4, 3, 2, 1)]
    assert [e["actor"] for e in entries] == [li["reporter_id"], reviewer["staff_id"]] + [zhang["reporter_id"]] * 2
    assert [e["action"] for e in _entries(api, actor=zhang["reporter_id"])] == ["report.updated", "report.submitted"]
    assert len(_entries(api, record=f"report:{report_id}")) == 3
    listed = repr(_recorded(entries))
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
    assert audit_routes == {"/audit": {"GET"}, "/audit/filters": {"GET"}}


# --- every write route, walked ---------------------------------------------------------------

# The action each write route's entry names (written by hand). A write route is a route that is not public and
# not a GET; the two below that store nothing say why. A new write route must be added here and walked below.
ACTIONS: dict[tuple[str, str], str] = {
    ("POST", "/staff"): "staff.registered",
    ("DELETE", "/staff/{staff_id}"): "staff.revoked",
    ("POST", "/orgs"): "org.registered",
    ("POST", "/orgs/{org_id}/staff"): "staff.registered",
    ("POST", "/units"): "unit.created",
    ("PUT", "/units/{unit_id}"): "unit.updated",
    ("POST", "/units/{unit_id}/reporters"): "reporter.issued",
    ("POST", "/units/import"): "unit.created",  # one entry per unit, beside its reporter's reporter.issued
    ("DELETE", "/reporters/{reporter_id}"): "reporter.revoked",
    ("POST", "/reports"): "report.submitted",
    ("PUT", "/reports/{report_id}"): "report.updated",
    ("DELETE", "/reports/{report_id}"): "report.withdrawn",
    ("POST", "/reports/{report_id}/review"): "report.approved",  # approved here; a return is report.returned
    ("POST", "/units/{unit_id}/months/{month}/approve"): "report.approved",  # one entry per report approved
    ("PUT", "/units/{unit_id}/months/{month}/nil-report"): "nil_report.filed",
    ("DELETE", "/units/{unit_id}/months/{month}/nil-report"): "nil_report.withdrawn",
    ("PUT", "/settings"): "settings.updated",
    ("POST", "/months/{month}/lock"): "month.locked",
    ("POST", "/months/{month}/reopen"): "month.reopened",
    ("POST", "/agreements"): "agreement.created",
    ("PUT", "/agreements/{agreement_id}"): "agreement.updated",
    ("PUT", "/agreements/{agreement_id}/documents"): "agreement.updated",
    ("PUT", "/reminders/settings"): "settings.updated",
    ("PUT", "/reminders/campaigns"): "settings.updated",
    ("POST", "/surveys"): "survey.created",
    ("PUT", "/surveys/{survey_id}"): "survey.updated",
    ("POST", "/surveys/{survey_id}/open"): "survey.opened",
    ("POST", "/surveys/{survey_id}/close"): "survey.closed",
    ("POST", "/surveys/{survey_id}/copy"): "survey.copied",
    ("DELETE", "/surveys/{survey_id}"): "survey.deleted",
    ("POST", "/summaries/{period}"): "summary.requested",
    ("POST", "/plans/{year}/tasks"): "plan_task.created",
    ("PUT", "/plans/{year}/tasks/{task_id}"): "plan_task.updated",
    ("DELETE", "/plans/{year}/tasks/{task_id}"): "plan_task.deleted",
    ("POST", "/plans/{year}/import"): "plan.imported",
    ("PUT", "/profile/{year}"): "profile.updated",
    ("PUT", "/summaries/{period}/notes"): "summary_notes.updated",
    ("POST", "/units/{unit_id}/summaries/{period}"): "unit_summary.requested",
    ("PUT", "/units/{unit_id}/summaries/{period}/notes"): "unit_summary_notes.updated",
    ("POST", "/collections"): "collection.created",
    ("PUT", "/collections/{collection_id}/units/{unit_id}"): "collection.submitted",
    ("POST", "/collections/{collection_id}/units/{unit_id}/review"): "collection.accepted",  # or collection.returned
    ("POST", "/collections/{collection_id}/archive"): "collection.archive_requested",
}
STORES_NOTHING = {
    (
        "POST",
        "/photos/uploads",
    ): "signs the phone's upload to S3; the photo counts once a report that names it is stored",
    ("POST", "/qrcodes"): "draws a link's QR code",
    (
        "POST",
        "/agreements/{agreement_id}/documents/uploads",
    ): "signs the page's upload to S3; the document counts once the agreement names it",
    ("POST", "/units/{unit_id}/plans/{year}/draft"): "writes a draft from what is stored, to download; changes nothing",
    (
        "POST",
        "/collections/{collection_id}/uploads",
    ): "signs the page's upload to S3; the file counts once the unit submits it",
}


def _write_routes() -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, methods in application.app.routes.items()
        for method in methods
        if method != "GET" and Role.PUBLIC not in (application.access.roles(method, path) or frozenset())
    }


def test_every_write_route_is_named_with_its_action_or_why_it_stores_nothing() -> None:
    assert _write_routes() == set(ACTIONS) | set(STORES_NOTHING)
    assert len(ACTIONS) == 43 and len(STORES_NOTHING) == 5  # counted by hand


class Walk:
    """Calls write routes one by one as a given holder, each time reading the month's audit trail and checking
    that the call added exactly one entry (or none, for a route that stores nothing)."""

    def __init__(self, api: Api, holders: dict[str, tuple[str, str, str]]) -> None:
        self.api, self.holders = api, holders
        self.seen = {e["entry_id"] for e in _entries(api, limit=100)}
        self.walked: set[tuple[str, str]] = set()

    def call(
        self,
        who: str,
        method: str,
        route: str,
        values: dict[str, str] | None = None,
        body: Any = None,
        record: str | Callable[[Any], str] = "",
        fields: tuple[str, ...] = (),
        reporters: int = 0,
    ) -> Any:
        """Call the route (its {names} filled from `values`) as `who`; check the one entry it left: action,
        the holder's name and role, the record (or, for a new record, the record named by the answer), fields;
        and, beside it, the `reporters` it issued, each a reporter.issued entry of the same holder."""
        token, name, role = self.holders[who]
        path = re.sub(r"{(\w+)}", lambda found: (values or {})[found.group(1)], route)
        answer = self.api.call(method, path, body, token=token)
        assert answer.status < 300, (method, path, answer.body)
        shown = answer.json if answer.body else None
        new = [e for e in _entries(self.api, limit=100) if e["entry_id"] not in self.seen]
        self.seen |= {e["entry_id"] for e in new}
        self.walked.add((method, route))
        if (method, route) in STORES_NOTHING:
            assert new == [], (method, route)
            return shown
        issued = [e for e in new if e["action"] == "reporter.issued"] if reporters else []
        assert [(e["actor_name"], e["role"]) for e in issued] == [(name, role)] * reporters, (method, route, new)
        new = [e for e in new if e not in issued]
        assert len(new) == 1, (method, route, new)
        named = record(shown) if callable(record) else record
        (entry,) = new
        got = (entry["action"], entry["actor_name"], entry["role"], entry["record"], entry["fields"])
        assert got == (ACTIONS[(method, route)], name, role, named, list(fields)), (method, route)
        return shown


def test_each_write_route_leaves_exactly_one_entry_naming_the_person_and_role(api: Api) -> None:
    sun = api.post("/staff", {"name": "孙管理", "role": "admin"}).json  # the owner registers the first admin
    holders = {"O": (ADMIN_TOKEN, OWNER_NAME, "admin"), "A": (sun["token"], "孙管理", "admin")}
    walk = Walk(api, holders)
    # the office: staff, units, reporters
    wang = walk.call(
        "A",
        "POST",
        "/staff",
        body={"name": "王审核", "role": "reviewer", "emails": ["wsh@example.cn"]},
        record=lambda made: f"staff:{made['staff_id']}",
    )
    holders["R"] = (wang["token"], "王审核", "reviewer")
    unit = {"unit_id": "sifaju", "name": "司法局", "kind": "bureau", "emails": ["sfj@example.cn"]}
    walk.call("A", "POST", "/units", body=unit, record="unit:sifaju")
    walk.call("O", "POST", "/orgs", body={"org_id": "beihu", "name": "北湖市", "level": "city"}, record="org:beihu")
    walk.call(  # the county's own admin provisions staff of the county, as a city does for it
        "A",
        "POST",
        "/orgs/{org_id}/staff",
        {"org_id": "county"},
        {"name": "钱查看", "role": "viewer"},
        lambda made: f"staff:{made['staff_id']}",
    )
    edited = {**unit, "name": "县司法局", "emails": ["sfj@example.cn", "sfj2@example.cn"], "active": True}
    edited.pop("unit_id")
    walk.call("O", "PUT", "/units/{unit_id}", {"unit_id": "sifaju"}, edited, "unit:sifaju", ("emails", "name"))
    zhang = walk.call(
        "A",
        "POST",
        "/units/{unit_id}/reporters",
        {"unit_id": "sifaju"},
        {"label": "张三"},
        lambda made: f"reporter:{made['reporter_id']}",
    )
    holders["U"] = (zhang["token"], "张三", "reporter")
    # a unit's reports, and their review
    body = report_body()
    first = walk.call("U", "POST", "/reports", body=body, record=lambda made: f"report:{made['report_id']}")
    ids = {"report_id": first["report_id"], "unit_id": "sifaju", "month": MONTH}
    correction = {k: v for k, v in body.items() if k != "submission_id"} | {"version": 1, "participants": 15}
    walk.call("U", "PUT", "/reports/{report_id}", ids, correction, f"report:{first['report_id']}", ("participants",))
    decision = {"decision": "approve", "comment": "", "version": 2}
    walk.call("R", "POST", "/reports/{report_id}/review", ids, decision, f"report:{first['report_id']}", ("review",))
    second = walk.call("U", "POST", "/reports", body=report_body(), record=lambda made: f"report:{made['report_id']}")
    walk.call(
        "R", "POST", "/units/{unit_id}/months/{month}/approve", ids, None, f"report:{second['report_id']}", ("review",)
    )
    third = walk.call("U", "POST", "/reports", body=report_body(), record=lambda made: f"report:{made['report_id']}")
    walk.call(
        "U", "DELETE", "/reports/{report_id}", {"report_id": third["report_id"]}, None, f"report:{third['report_id']}"
    )
    walk.call(
        "O",
        "POST",
        "/units",
        body={"unit_id": "jiaoyuju", "name": "县教育局", "kind": "bureau"},
        record="unit:jiaoyuju",
    )
    sheet = units_sheet([["县委宣传部", "局/委/办", "xcb@example.cn", "李四", None]])
    walk.call("A", "POST", "/units/import", body={"file": sheet}, record="unit:weixuanchuanbu", reporters=1)
    nil = {"unit_id": "jiaoyuju", "month": MONTH}
    path = "/units/{unit_id}/months/{month}/nil-report"
    walk.call("O", "PUT", path, nil, {"note": "本月无活动"}, f"nil_report:jiaoyuju/{MONTH}")
    walk.call("O", "DELETE", path, nil, None, f"nil_report:jiaoyuju/{MONTH}")
    walk.call("U", "POST", "/photos/uploads", body={})
    walk.call("O", "POST", "/qrcodes", body={"link": "https://sy.example.cn/#token=" + zhang["token"]})
    # the calendar, the reminders, the campaign calendar
    walk.call("A", "PUT", "/settings", body={"count": "approved"}, record="settings:calendar", fields=("count",))
    walk.call(
        "A",
        "PUT",
        "/profile/{year}",
        {"year": "2026"},
        {"version": 0, "townships": 3, "population": 324600},
        "profile:2026",
        ("population", "townships"),
    )
    notes = {"version": 0, "problems": "部分单位报送不及时。", "areas": {"legal": "法律服务进军营。"}}
    walk.call(
        "A", "PUT", "/summaries/{period}/notes", {"period": "2026"}, notes, "summary_notes:2026", ("areas", "problems")
    )
    walk.call("A", "POST", "/months/{month}/lock", {"month": "2026-07"}, record="month:2026-07")
    walk.call("A", "POST", "/months/{month}/reopen", {"month": "2026-07"}, record="month:2026-07")
    reminders = {"nudge_days": [24], "reminder_days": [1, 3], "county_emails": ["ban@example.cn"]}
    walk.call(
        "A",
        "PUT",
        "/reminders/settings",
        body=reminders,
        record="settings:reminders",
        fields=("county_emails", "nudge_days"),
    )
    campaigns = {"campaigns": [{"code": "bayi", "name": "八一建军节", "annual_on": "08-01"}]}
    walk.call("A", "PUT", "/reminders/campaigns", body=campaigns, record="settings:campaigns", fields=("campaigns",))
    # agreements
    terms = {
        "title": "县司法局与73026部队法律服务共建协议",
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": "2024-01-01",
        "valid_from": "2024-01-01",
        "valid_to": "2027-12-31",
    }
    made = walk.call("O", "POST", "/agreements", body=terms, record=lambda made: f"agreement:{made['agreement_id']}")
    ended = {**terms, "status": "terminated", "version": 1}
    walk.call("O", "PUT", "/agreements/{agreement_id}", made, ended, f"agreement:{made['agreement_id']}", ("status",))
    pdf = {"filename": "共建协议.pdf", "content_type": "application/pdf", "size": 9}
    upload = walk.call("A", "POST", "/agreements/{agreement_id}/documents/uploads", made, pdf)
    file = {"file": ("a.pdf", b"%PDF-1.7\n", "application/pdf")}
    posted = requests.post(upload["url"], data=upload["fields"], files=file)
    assert posted.status_code in (200, 201, 204), posted.text
    attached = {"version": 2, "documents": [{"key": upload["key"], "filename": "共建协议.pdf"}]}
    path = "/agreements/{agreement_id}/documents"
    walk.call("A", "PUT", path, made, attached, f"agreement:{made['agreement_id']}", ("documents",))
    # a year-end collection: the unit's file submitted, accepted, and every file asked for as one archive
    asked = {"title": "2026年度双拥工作总结", "kind": "year_summary", "year": 2026, "due_on": "2026-12-20"}
    made = walk.call("A", "POST", "/collections", body=asked, record=lambda made: f"collection:{made['collection_id']}")
    upload = walk.call("U", "POST", "/collections/{collection_id}/uploads", made, {**pdf, "filename": "总结.pdf"})
    posted = requests.post(upload["url"], data=upload["fields"], files=file)
    assert posted.status_code in (200, 201, 204), posted.text
    ids = {"collection_id": made["collection_id"], "unit_id": "sifaju"}
    named = f"collection_unit:{made['collection_id']}/sifaju"
    path = "/collections/{collection_id}/units/{unit_id}"
    walk.call("U", "PUT", path, ids, {"key": upload["key"], "filename": "总结.pdf"}, named)
    accepted = {"decision": "approve", "comment": "", "version": 1}
    walk.call("R", "POST", path + "/review", ids, accepted, named, ("state",))
    walk.call("R", "POST", "/collections/{collection_id}/archive", made, None, f"collection:{made['collection_id']}")
    # a unit's survey
    survey = walk.call("U", "POST", "/surveys", body=SURVEY, record=lambda made: f"survey:{made['survey_id']}")
    named = f"survey:{survey['survey_id']}"
    walk.call("U", "PUT", "/surveys/{survey_id}", survey, {**SURVEY, "title": "法律需求调查"}, named, ("title",))
    walk.call("U", "POST", "/surveys/{survey_id}/open", survey, None, named)
    walk.call("U", "POST", "/surveys/{survey_id}/close", survey, None, named)
    copied = walk.call(
        "U", "POST", "/surveys/{survey_id}/copy", survey, None, lambda made: f"survey:{made['survey_id']}"
    )
    walk.call("U", "DELETE", "/surveys/{survey_id}", copied, None, f"survey:{copied['survey_id']}")
    # a compile asked for
    walk.call("R", "POST", "/summaries/{period}", {"period": "2026-07"}, None, "summary:2026-07")
    # a unit's own summary asked for, and its own words written, by its reporter
    own = {"unit_id": "sifaju", "period": "2026-07"}
    walk.call("U", "POST", "/units/{unit_id}/summaries/{period}", own, None, "unit_summary:sifaju/2026-07")
    own_notes = {"version": 0, "problems": "照片留存不全。"}
    path = "/units/{unit_id}/summaries/{period}/notes"
    year = {"unit_id": "sifaju", "period": "2026"}
    walk.call("U", "PUT", path, year, own_notes, "unit_summary_notes:sifaju/2026", ("problems",))
    # the year's plan
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    made = walk.call(
        "A", "POST", "/plans/{year}/tasks", {"year": "2026"}, task, lambda made: f"plan_task:2026/{made['task_id']}"
    )
    made["year"] = "2026"
    named = f"plan_task:2026/{made['task_id']}"
    changed = {**task, "title": "开展送法进军营活动", "version": 1}
    walk.call("A", "PUT", "/plans/{year}/tasks/{task_id}", made, changed, named, ("title",))
    walk.call("A", "DELETE", "/plans/{year}/tasks/{task_id}", made, None, named)
    sheet = {
        "file": xlsx([["二、法律拥军", "军人军属法律援助", "sifaju", "全年", None, None]]),
        "filename": "任务.xlsx",
    }
    walk.call("A", "POST", "/plans/{year}/import", {"year": "2026"}, sheet, "plan:2026")
    walk.call("U", "POST", "/units/{unit_id}/plans/{year}/draft", {"unit_id": "sifaju", "year": "2027"})
    # credentials revoked
    walk.call("A", "DELETE", "/reporters/{reporter_id}", zhang, None, f"reporter:{zhang['reporter_id']}")
    walk.call("O", "DELETE", "/staff/{staff_id}", wang, None, f"staff:{wang['staff_id']}")

    assert walk.walked == set(ACTIONS) | set(STORES_NOTHING)
    listed = repr(_recorded(_entries(api, limit=100)))
    for token in (sun["token"], wang["token"], zhang["token"]):
        assert token.split(".")[-1] not in listed
    assert "@" not in listed and "hash" not in listed  # no e-mail address, no token's hash
    assert "县司法局" not in listed and "法律需求调查" not in listed and "terminated" not in listed  # names, no values
    assert "报送不及时" not in listed and "进军营。" not in listed  # the office's texts are never in the trail


# --- refusals, histories, the schedule -------------------------------------------------------


def test_a_refused_write_leaves_no_entry(api: Api, people: dict[str, Any]) -> None:
    zhang, li = people["zhang"]["token"], people["li"]["token"]
    terms = {
        "title": "共建协议",
        "unit_id": "sifaju",
        "military_unit": "73026部队",
        "signed_on": "2024-01-01",
        "valid_from": "2024-01-01",
        "valid_to": "2027-12-31",
    }
    agreement = api.post("/agreements", terms).json
    assert api.put(f"/agreements/{agreement['agreement_id']}", {**terms, "title": "新", "version": 1}).status == 200
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    task_id = api.post("/plans/2026/tasks", task).json["task_id"]
    survey = api.post("/surveys", SURVEY, token=zhang).json
    before = _entries(api, limit=100)
    assert len(before) == 4  # the agreement made and changed, the task, the survey

    refused = [
        api.post("/units", {"unit_id": "Bad Id", "name": "单位", "kind": "bureau"}),  # 400
        api.post("/units", {"unit_id": "sifaju", "name": "县司法局", "kind": "bureau"}),  # 409: taken
        api.put("/units/nobody", {"name": "无此单位", "kind": "bureau"}),  # 404
        api.post("/units/sifaju/reporters", {"label": "x" * 200}),  # 400
        api.post("/staff", {"name": "某人", "role": "owner"}),  # 400
        api.delete("/staff/AAAAAAAAAAAAAAAA"),  # 404
        api.delete("/reporters/AAAAAAAAAAAAAAAA"),  # 404
        api.put(f"/agreements/{agreement['agreement_id']}", {**terms, "title": "更新", "version": 1}),  # 409: stale
        api.put(f"/plans/2026/tasks/{task_id}", {**task, "title": "改", "version": 7}),  # 409: stale
        api.post("/plans/2026/tasks", task),  # 409: the same task again
        api.put(f"/surveys/{survey['survey_id']}", {**SURVEY, "title": "别人的"}, token=li),  # 404: not theirs
        api.post(f"/surveys/{survey['survey_id']}/close", token=zhang),  # 409: a draft is not closed
        api.put("/settings", {"deadline_day": 20, "lock_day": 10}),  # 400: locked before the deadline
        api.put("/reminders/settings", {"reminder_days": [9]}),  # 400: after the deadline day
        api.post("/months/2026-13/lock"),  # 400
        api.post("/summaries/2027-01"),  # 400: not yet
        api.post("/reports", {**report_body(), "participants": -1}, token=zhang),  # 400
        api.put("/summaries/2026/notes", {"version": 2, "problems": "问题"}),  # 409: no version 2 to edit
        api.put("/summaries/2026/notes", {"version": 0, "areas": {"army": "段落"}}),  # 400: no such area
    ]
    assert [answer.status for answer in refused] == [
        400,
        409,
        404,
        400,
        400,
        404,
        404,
        409,
        409,
        409,
        404,
        409,
        400,
        400,
        400,
        400,
        400,
        409,
        400,
    ]
    assert _entries(api, limit=100) == before


def test_revoking_again_answers_the_first_revocation_and_records_it_once(
    api: Api, people: dict[str, Any], clock: SettableClock
) -> None:
    reviewer, zhang = people["reviewer"], people["zhang"]
    assert api.delete(f"/staff/{reviewer['staff_id']}").json["revoked_at"] == "2026-08-20T10:00:00+08:00"
    clock.set("2026-08-20T10:01:00")
    assert api.delete(f"/reporters/{zhang['reporter_id']}").json["revoked_at"] == "2026-08-20T10:01:00+08:00"
    clock.set("2026-08-21T10:00:00")
    assert api.delete(f"/staff/{reviewer['staff_id']}").json["revoked_at"] == "2026-08-20T10:00:00+08:00"
    assert api.delete(f"/reporters/{zhang['reporter_id']}").json["revoked_at"] == "2026-08-20T10:01:00+08:00"
    assert api.get("/reports?month=2026-08", token=zhang["token"]).status == 401
    assert [(e["action"], e["record"]) for e in _entries(api)] == [
        ("reporter.revoked", f"reporter:{zhang['reporter_id']}"),
        ("staff.revoked", f"staff:{reviewer['staff_id']}"),
    ]


def test_entries_of_the_same_second_are_listed_newest_first(api: Api, people: dict[str, Any]) -> None:
    # The test clock stands still at 10:00:00: six writes in one second, listed in the reverse of their order.
    for unit_id in ("a1", "a2", "a3", "a4", "a5", "a6"):
        api.unit(unit_id, f"单位{unit_id}")
    assert [e["record"] for e in _entries(api, limit=4)] == [f"unit:a{n}" for n in (6, 5, 4, 3, 2, 1)]


def test_a_unit_s_history_is_found_by_its_record(api: Api, clock: SettableClock) -> None:
    unit = {"name": "县司法局", "kind": "bureau", "emails": ["sfj@example.cn"]}
    clock.set("2026-08-03T09:00:00")
    assert api.post("/units", {"unit_id": "sifaju", **unit}).status == 201
    api.unit("jiaoyuju", "县教育局")
    clock.set("2026-08-04T09:00:00")
    assert api.put("/units/sifaju", {**unit, "name": "县司法局（法律援助中心）", "emails": []}).status == 200
    clock.set("2026-08-05T09:00:00")
    assert (
        api.put("/units/sifaju", {**unit, "name": "县司法局（法律援助中心）", "emails": [], "active": False}).status
        == 200
    )
    history = _entries(api, record="unit:sifaju")
    assert [(e["action"], e["fields"], e["at"]) for e in history] == [
        ("unit.updated", ["active"], "2026-08-05T09:00:00+08:00"),
        ("unit.updated", ["emails", "name"], "2026-08-04T09:00:00+08:00"),
        ("unit.created", [], "2026-08-03T09:00:00+08:00"),
    ]
    assert {e["actor_name"] for e in history} == {OWNER_NAME}
    assert "sfj@example.cn" not in repr(history)  # an e-mail address is never named, even when read
    assert "法律援助中心" not in repr(_recorded(history))


def test_a_survey_s_history_is_found_by_its_record(api: Api, people: dict[str, Any], clock: SettableClock) -> None:
    zhang = people["zhang"]["token"]
    survey_id = api.post("/surveys", SURVEY, token=zhang).json["survey_id"]
    clock.set("2026-08-20T10:01:00")
    opened = api.post(f"/surveys/{survey_id}/open", token=zhang).json
    public = "/s/" + opened["link"].rsplit("/", 1)[1]
    assert respond(api, public, valid_answers()).status == 201  # the public's anonymous answer: no entry
    clock.set("2026-08-20T10:02:00")
    fewer = {**SURVEY, "questions": SURVEY["questions"][:3]}
    assert api.put(f"/surveys/{survey_id}", fewer, token=zhang).json["version"] == 2
    clock.set("2026-08-20T10:03:00")
    assert api.post(f"/surveys/{survey_id}/close").status == 200
    assert api.post(f"/surveys/{survey_id}/close").status == 200  # closed already: nothing written, no entry
    history = _entries(api, record=f"survey:{survey_id}")
    assert [(e["action"], e["actor_name"], e["role"], e["fields"]) for e in history] == [
        ("survey.closed", OWNER_NAME, "admin", []),
        ("survey.updated", "张三", "reporter", ["questions", "version"]),  # the questions' new version
        ("survey.opened", "张三", "reporter", []),
        ("survey.created", "张三", "reporter", []),
    ]
    assert len(_entries(api)) == 4  # the month has no other entry: none for the answer


def test_a_scheduled_compile_request_is_recorded_as_the_schedule_s(
    api: Api, ctx: Context, clock: SettableClock
) -> None:
    clock.set("2026-09-06T09:00:00")  # the day after August's deadline day (5): the schedule asks for August
    assert summary_requests.request_scheduled(ctx) is not None
    (entry,) = _entries(api, month="2026-09")
    assert (entry["action"], entry["actor"], entry["actor_name"], entry["role"], entry["record"]) == (
        "summary.requested",
        "schedule",
        "定时任务",
        "system",
        "summary:2026-08",
    )
    assert entry["at"] == "2026-09-06T09:00:00+08:00"
