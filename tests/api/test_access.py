"""Who may do what: authentication fails closed, each role may call the routes the matrix below gives
it and no other, reporters see their own unit only."""

from __future__ import annotations

import re
from typing import Any

import pytest

import app as application
from chalicelib.core.auth import Role
from tests.conftest import ADMIN_TOKEN, Api, report_body
from tests.helpers.surveys import create_survey

# Who may call each route, written by hand from the rules of issue 14 (not read from the routes' declarations):
# columns O the owner token (ADMIN_TOKEN_SHA256), A a staff member with the admin role, R a reviewer,
# V a viewer, U a unit's reporter; a letter may call the route, a dot is refused (403). The organisations' tree
# (issue 29) is the deployment's own: registered by the owner token alone, read by the office.
# Reads of county data: the office's three roles (and reporters where they read their own unit);
# asking for a compile, and reviewing reports (通过 / 退回修改): admin and reviewer; every other write, and
# who holds a credential: admin;
# a unit's own writes: its reporter, or the office's admin. A year-end collection (issue 28): asked for by the admin,
# read by the office, a unit's file uploaded and submitted as a unit's write, reviewed and its archive asked for as a
# review and a compile are.
# (kept as a table: one route a line, its row under the columns)
# fmt: off
MATRIX: dict[tuple[str, str], str] = {
    #                                                          OARVU
    ("GET", "/health"):                                       "public",
    ("GET", "/openapi.json"):                                 "public",
    ("GET", "/"):                                             "public",
    ("GET", "/admin"):                                        "public",
    ("GET", "/assets/{name}"):                                "public",
    ("GET", "/s/{token}"):                                    "public",
    ("POST", "/s/{token}/responses"):                         "public",
    ("GET", "/forms"):                                        "OARVU",
    ("GET", "/forms/{form}/schema"):                          "OARVU",
    ("POST", "/units"):                                       "OA...",
    ("GET", "/units"):                                        "OARVU",
    ("GET", "/units/{unit_id}"):                              "OARVU",
    ("PUT", "/units/{unit_id}"):                              "OA...",
    ("POST", "/units/{unit_id}/reporters"):                   "OA...",
    ("GET", "/units/{unit_id}/reporters"):                    "OA...",
    ("POST", "/units/import"):                                "OA...",
    ("GET", "/units/template.xlsx"):                          "OARV.",
    ("DELETE", "/reporters/{reporter_id}"):                   "OA...",
    ("GET", "/me"):                                           "OARVU",
    ("POST", "/orgs"):                                        "O....",
    ("GET", "/orgs"):                                         "OARV.",
    ("POST", "/orgs/{org_id}/staff"):                         "OA...",
    ("POST", "/staff"):                                       "OA...",
    ("GET", "/staff"):                                        "OA...",
    ("DELETE", "/staff/{staff_id}"):                          "OA...",
    ("GET", "/audit"):                                        "OA...",
    ("GET", "/audit/filters"):                                "OA...",
    ("POST", "/reports"):                                     "OA..U",
    ("GET", "/reports"):                                      "OARVU",
    ("GET", "/reports/{report_id}"):                          "OARVU",
    ("PUT", "/reports/{report_id}"):                          "OA..U",
    ("DELETE", "/reports/{report_id}"):                       "OA..U",
    ("GET", "/reports/{report_id}/history"):                  "OARVU",
    ("GET", "/reports/{report_id}/photos"):                   "OARVU",
    ("POST", "/reports/{report_id}/review"):                  "OAR..",
    ("POST", "/units/{unit_id}/months/{month}/approve"):      "OAR..",
    ("PUT", "/units/{unit_id}/months/{month}/nil-report"):    "OA..U",
    ("GET", "/units/{unit_id}/months/{month}/nil-report"):    "OARVU",
    ("DELETE", "/units/{unit_id}/months/{month}/nil-report"): "OA..U",
    ("GET", "/settings"):                                     "OARVU",
    ("PUT", "/settings"):                                     "OA...",
    ("GET", "/months/{month}"):                               "OARVU",
    ("POST", "/months/{month}/lock"):                         "OA...",
    ("POST", "/months/{month}/reopen"):                       "OA...",
    ("POST", "/agreements"):                                  "OA...",
    ("GET", "/agreements"):                                   "OARVU",
    ("GET", "/agreements/{agreement_id}"):                    "OARVU",
    ("PUT", "/agreements/{agreement_id}"):                    "OA...",
    ("POST", "/agreements/{agreement_id}/documents/uploads"): "OA...",
    ("PUT", "/agreements/{agreement_id}/documents"):          "OA...",
    ("GET", "/agreements/{agreement_id}/reports"):            "OARV.",
    ("GET", "/reminders/settings"):                           "OARV.",
    ("PUT", "/reminders/settings"):                           "OA...",
    ("GET", "/reminders/campaigns"):                          "OARV.",
    ("PUT", "/reminders/campaigns"):                          "OA...",
    ("GET", "/reminders"):                                    "OARV.",
    ("POST", "/photos/uploads"):                              "OA..U",
    ("POST", "/qrcodes"):                                     "OA...",
    ("POST", "/surveys"):                                     "OA..U",
    ("GET", "/surveys"):                                      "OARVU",
    ("GET", "/surveys/{survey_id}"):                          "OARVU",
    ("PUT", "/surveys/{survey_id}"):                          "OA..U",
    ("POST", "/surveys/{survey_id}/open"):                    "OA..U",
    ("POST", "/surveys/{survey_id}/close"):                   "OA..U",
    ("POST", "/surveys/{survey_id}/copy"):                    "OA..U",
    ("DELETE", "/surveys/{survey_id}"):                       "OA..U",
    ("GET", "/surveys/{survey_id}/qr"):                       "OARVU",
    ("GET", "/surveys/{survey_id}/versions"):                 "OARVU",
    ("GET", "/surveys/{survey_id}/results"):                  "OARVU",
    ("GET", "/surveys/{survey_id}/results.xlsx"):             "OARVU",
    ("GET", "/surveys/{survey_id}/results.csv"):              "OARVU",
    ("GET", "/surveys/{survey_id}/responses.csv"):            "OARVU",
    ("POST", "/summaries/{period}"):                          "OAR..",
    ("GET", "/summaries/{period}"):                           "OARV.",
    ("PUT", "/summaries/{period}/notes"):                     "OA...",
    ("GET", "/summaries/{period}/notes"):                     "OARV.",
    ("GET", "/summaries/{period}/state"):                     "OARV.",
    ("POST", "/units/{unit_id}/summaries/{period}"):          "OAR.U",
    ("GET", "/units/{unit_id}/summaries/{period}"):           "OARVU",
    ("PUT", "/units/{unit_id}/summaries/{period}/notes"):     "OA..U",
    ("GET", "/units/{unit_id}/summaries/{period}/notes"):     "OARVU",
    ("POST", "/plans/{year}/tasks"):                          "OA...",
    ("POST", "/plans/{year}/import"):                         "OA...",
    ("GET", "/plans/{year}"):                                 "OARVU",
    ("GET", "/plans/{year}/window"):                          "OARV.",
    ("GET", "/plans/{year}/template.xlsx"):                   "OARV.",
    ("GET", "/plans/{year}/tasks/{task_id}"):                 "OARVU",
    ("PUT", "/plans/{year}/tasks/{task_id}"):                 "OA...",
    ("DELETE", "/plans/{year}/tasks/{task_id}"):              "OA...",
    ("POST", "/units/{unit_id}/plans/{year}/draft"):          "OARVU",
    ("PUT", "/profile/{year}"):                               "OA...",
    ("GET", "/profile/{year}"):                               "OARV.",
    ("GET", "/reporting/{year}"):                             "OARV.",
    ("POST", "/collections"):                                 "OA...",
    ("GET", "/collections"):                                  "OARV.",
    ("GET", "/collections/{collection_id}"):                  "OARV.",
    ("GET", "/units/{unit_id}/collections"):                  "OARVU",
    ("POST", "/collections/{collection_id}/uploads"):         "OA..U",
    ("PUT", "/collections/{collection_id}/units/{unit_id}"):  "OA..U",
    ("POST", "/collections/{collection_id}/units/{unit_id}/review"): "OAR..",
    ("POST", "/collections/{collection_id}/archive"):         "OAR..",
    ("GET", "/collections/{collection_id}/archive"):          "OARV.",
}
# fmt: on
COLUMNS = "OARVU"
DECLARED = {Role.ADMIN: "OA", Role.REVIEWER: "R", Role.VIEWER: "V", Role.REPORTER: "U", Role.OWNER: "O"}
REFUSALS = {  # what each holder is told on a route the matrix closes to it
    "O": "你的角色（管理员）不能进行此操作",
    "A": "你的角色（管理员）不能进行此操作",
    "R": "你的角色（审核员）不能进行此操作",
    "V": "你的角色（查看）不能进行此操作",
    "U": "只有县双拥办可以进行此操作",
}


@pytest.fixture
def two_units(api: Api) -> tuple[str, str, dict[str, object]]:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    mine, theirs = api.reporter("sifaju"), api.reporter("jiaoyuju")
    their_report = api.post("/reports", report_body(), token=theirs).json
    return mine, theirs, their_report


def _app_routes() -> set[tuple[str, str]]:
    return {(method, path) for path, methods in application.app.routes.items() for method in methods}


def test_every_route_declares_who_may_call_it() -> None:
    declared = application.access.routes()
    for method, path in _app_routes():
        assert (method, path) in declared, f"{method} {path} has no roles"


def test_the_matrix_names_every_route_and_the_owner_may_do_what_an_admin_may_and_more() -> None:
    assert set(MATRIX) == _app_routes()
    assert len(MATRIX) == 102  # counted by hand: 7 public, 95 behind a token
    owners_alone = [route for route, row in MATRIX.items() if row == "O...."]
    assert owners_alone == [("POST", "/orgs")]
    for route, row in MATRIX.items():
        assert row == "public" or (len(row) == 5 and (row[0] == "O") >= (row[1] == "A")), route


def test_each_route_declares_the_roles_the_matrix_gives_it() -> None:
    for (method, path), row in MATRIX.items():
        roles = application.access.roles(method, path) or frozenset()
        if Role.PUBLIC in roles:
            assert row == "public", (method, path)
            continue
        letters = "".join(DECLARED[role] for role in roles)
        declared = "".join(column if column in letters else "." for column in COLUMNS)
        assert declared == row, f"{method} {path}: declared {declared}, the matrix says {row}"


def _register(api: Api, role: str) -> dict[str, Any]:
    answer = api.post("/staff", {"name": f"{role}人员", "role": role})
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


@pytest.fixture
def holders(api: Api) -> dict[str, str]:
    """A token of each kind, and a county with a record of each kind to call the routes on."""
    api.unit("sifaju")
    reporter = api.reporter("sifaju")
    revoked = _register(api, "admin")
    assert api.delete(f"/staff/{revoked['staff_id']}").status == 200
    return {
        "O": ADMIN_TOKEN,
        "A": _register(api, "admin")["token"],
        "R": _register(api, "reviewer")["token"],
        "V": _register(api, "viewer")["token"],
        "U": reporter,
        "revoked": revoked["token"],
        "unknown": "sy4.county.AAAAAAAAAAAAAAAA." + "B" * 43,
    }


def _path_values(api: Api, reporter: str) -> dict[str, str]:
    """Real records of the reporter's unit where the path names one, so an allowed call goes past the door."""
    task = {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    return {
        "unit_id": "sifaju",
        "report_id": api.post("/reports", report_body(), token=reporter).json["report_id"],
        "survey_id": create_survey(api, token=reporter)["survey_id"],
        "task_id": api.post("/plans/2026/tasks", task).json["task_id"],
        "month": "2026-08",
        "period": "2026-08",
        "year": "2026",
        "form": "report",
    }


@pytest.mark.parametrize("holder", ["O", "A", "R", "V", "U", "revoked", "unknown"])
def test_every_route_answers_each_holder_as_the_matrix_says(api: Api, holders: dict[str, str], holder: str) -> None:
    values = _path_values(api, holders["U"])
    wrong = []
    for (method, path), row in MATRIX.items():
        if row == "public":
            continue
        concrete = re.sub(r"{(\w+)}", lambda found: values.get(found.group(1), "x"), path) + "?month=2026-08"
        answer = api.call(method, concrete, token=holders[holder], raw=b"{}")
        if holder not in COLUMNS:  # a revoked or unknown token opens nothing
            expected = "401 401.1"
        elif holder in row:
            expected = "past the door"
        else:
            expected = f"403 403.1 {REFUSALS[holder]}"
        if expected == "past the door":
            got = "past the door" if answer.status < 500 and answer.status not in (401, 403) else str(answer.status)
        elif answer.status in (401, 403):
            got = " ".join(str(part) for part in (answer.status, answer.json["code"], answer.json["message"]))
            got = got if expected.startswith("403") else got[:9]
        else:
            got = str(answer.status)
        if got != expected:
            wrong.append(f"{method} {path}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer nonsense",
        "Basic abc",
        "Bearer sy1.AAAAAAAAAAAAAAAA." + "B" * 43,
        "Bearer sy2.AAAAAAAAAAAAAAAA." + "B" * 43,
        "Bearer sy3.AAAAAAAAAAAAAAAA." + "B" * 43,
        "bearer  ",
    ],
)
def test_no_valid_token_is_401_on_every_private_route(api: Api, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    for path, methods in application.app.routes.items():
        for method in methods:
            roles = application.access.roles(method, path)
            if roles and "public" in roles:
                continue
            concrete = re.sub(r"{(\w+)}", "x", path).replace("/x/months/x", "/x/months/2026-08")
            answer = api.call(method, concrete, token=None, headers=headers, raw=b"{}")
            assert answer.status == 401, f"{method} {concrete}: {answer.status}"
            assert answer.json["code"] == "401.1"


def test_a_revoked_reporter_is_locked_out_at_once(api: Api) -> None:
    api.unit("sifaju")
    issued = api.post("/units/sifaju/reporters", {"label": "张三"}).json
    assert api.get("/units/sifaju", token=issued["token"]).status == 200
    assert api.delete(f"/reporters/{issued['reporter_id']}").status == 200
    assert api.get("/units/sifaju", token=issued["token"]).status == 401
    assert api.post("/reports", report_body(), token=issued["token"]).status == 401


def test_the_token_is_stored_only_as_a_hash(api: Api, ctx: object) -> None:
    api.unit("sifaju")
    issued = api.post("/units/sifaju/reporters", {}).json
    secret = issued["token"].split(".")[-1]
    items = ctx.store.table.resource.scan()["Items"]  # type: ignore[attr-defined]
    assert secret not in repr(items)
    listed = api.get("/units/sifaju/reporters").json["items"]
    assert "token" not in listed[0] and "token_hash" not in listed[0]


def test_a_reporter_cannot_read_change_or_learn_of_another_units_report(
    api: Api, two_units: tuple[str, str, dict[str, object]]
) -> None:
    mine, _, theirs = two_units
    path = f"/reports/{theirs['report_id']}"
    edit = {
        k: v
        for k, v in theirs.items()
        if k in ("activity_type", "title", "occurred_on", "location", "counterpart", "participants", "metrics")
    }
    answers = [
        api.get(path, token=mine),
        api.put(path, {**edit, "version": 1}, token=mine),
        api.delete(path, token=mine),
        api.get(f"{path}/history", token=mine),
    ]
    assert [a.status for a in answers] == [404, 404, 404, 404]
    assert all("八一" not in a.body.decode() for a in answers)
    assert api.get(path).json["version"] == 1


def test_a_reporter_lists_only_its_own_unit(api: Api, two_units: tuple[str, str, dict[str, object]]) -> None:
    mine, _, _ = two_units
    assert api.get("/reports?month=2026-08", token=mine).json["items"] == []
    assert api.get("/reports?month=2026-08&unit_id=jiaoyuju", token=mine).status == 404
    assert [u["unit_id"] for u in api.get("/units", token=mine).json["items"]] == ["sifaju"]
    assert api.get("/units/jiaoyuju", token=mine).status == 404
    assert api.put("/units/jiaoyuju/months/2026-08/nil-report", {}, token=mine).status == 404


def test_admin_routes_are_closed_to_reporters(api: Api, two_units: tuple[str, str, dict[str, object]]) -> None:
    mine, _, _ = two_units
    attempts = [
        api.post("/units", {"unit_id": "x1", "name": "x", "kind": "bureau"}, token=mine),
        api.post("/units/sifaju/reporters", {}, token=mine),
        api.put("/units/sifaju", {"name": "改名", "kind": "bureau"}, token=mine),
        api.post("/months/2026-08/reopen", token=mine),
        api.post("/agreements", {}, token=mine),
    ]
    assert {a.status for a in attempts} == {403}
    assert {a.json["code"] for a in attempts} == {"403.1"}
