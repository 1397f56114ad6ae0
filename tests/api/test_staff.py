"""The county office as named staff with roles: a person is registered with a token shown once,
listed without secrets, locked out at once; each role is refused, in Chinese naming the role,
what it may not do, and office staff of any role read every unit's records."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from chalicelib.context import Context
from chalicelib.core.auth import Principal, Role, authenticate
from chalicelib.web.routing import Organisations
from tests.conftest import ADMIN_TOKEN, Api, SettableClock, report_body
from tests.helpers.surveys import create_survey

NOW = "2026-08-20T10:00:00+08:00"  # the tests' clock (conftest), as the API writes it


def register(api: Api, role: str, name: str = "王五", token: str = ADMIN_TOKEN, **fields: Any) -> dict[str, Any]:
    answer = api.post("/staff", {"name": name, "role": role, **fields}, token=token)
    assert answer.status == 201, answer.body
    return answer.json  # type: ignore[no-any-return]


@pytest.fixture
def county(api: Api) -> dict[str, str]:
    """Two units with a report each, and a reporter's token for the first."""
    api.unit("sifaju", "县司法局")
    api.unit("jiaoyuju", "县教育局")
    tokens = {unit_id: api.reporter(unit_id) for unit_id in ("sifaju", "jiaoyuju")}
    for unit_id, token in tokens.items():
        assert api.post("/reports", report_body(title=f"{unit_id}八一走访"), token=token).status == 201
    return {"reporter": tokens["sifaju"]}


def test_registering_a_person_answers_their_token_and_personal_link_once(api: Api) -> None:
    issued = register(api, "reviewer", "李四", emails=["lisi@example.cn"])
    assert set(issued) == {"staff_id", "name", "role", "emails", "token", "link", "created_at"}
    assert (issued["name"], issued["role"], issued["emails"], issued["created_at"]) == (
        "李四",
        "reviewer",
        ["lisi@example.cn"],
        NOW,
    )
    assert re.fullmatch(rf"sy4\.county\.{re.escape(issued['staff_id'])}\.[A-Za-z0-9_-]{{43}}", issued["token"])
    assert issued["link"] == f"https://sy.example.cn/admin#token={issued['token']}"
    assert register(api, "viewer", "赵六")["emails"] == []  # e-mail addresses are optional


def test_the_list_names_people_and_roles_and_holds_no_token_or_hash(
    api: Api, ctx: Context, clock: SettableClock
) -> None:
    first = register(api, "admin", "张三")
    clock.set("2026-08-20T10:05:00")  # the list is in the order people were registered
    second = register(api, "viewer", "赵六", emails=["zl@example.cn"])
    listed = api.get("/staff").json["items"]
    assert [(m["name"], m["role"], m["emails"], m["created_by"]) for m in listed] == [
        ("张三", "admin", [], "admin"),
        ("赵六", "viewer", ["zl@example.cn"], "admin"),
    ]
    assert all(set(m) <= {"staff_id", "name", "role", "emails", "created_at", "created_by"} for m in listed)
    secrets = [issued["token"].split(".")[-1] for issued in (first, second)]
    stored = repr(ctx.store.table.resource.scan()["Items"])
    assert not any(secret in stored for secret in secrets)
    assert hashlib.sha256(secrets[0].encode()).hexdigest() in stored  # the hash, and only in the table
    assert "token" not in api.get("/staff").body.decode()


def test_the_token_works_at_once_and_deleting_locks_the_person_out_at_once(api: Api, clock: SettableClock) -> None:
    viewer = register(api, "viewer", "赵六")
    api.unit("sifaju")
    assert api.get("/units/sifaju", token=viewer["token"]).status == 200
    revoked = api.delete(f"/staff/{viewer['staff_id']}")
    assert (revoked.status, revoked.json) == (200, {"staff_id": viewer["staff_id"], "revoked_at": NOW})
    refused = api.get("/units/sifaju", token=viewer["token"])
    assert (refused.status, refused.json["code"]) == (401, "401.1")
    clock.set("2026-08-21T09:00:00")
    again = api.delete(f"/staff/{viewer['staff_id']}")
    assert (again.status, again.json["revoked_at"]) == (200, NOW)  # the first revocation stands
    (listed,) = api.get("/staff").json["items"]
    assert (listed["name"], listed["revoked_at"], listed["revoked_by"]) == ("赵六", NOW, "admin")


def test_deleting_someone_unknown_is_404(api: Api) -> None:
    answer = api.delete("/staff/AAAAAAAAAAAAAAAA")
    assert (answer.status, answer.json["code"], answer.json["message"]) == (404, "404.1", "未找到该工作人员")


def test_a_form_without_a_name_or_with_an_unknown_role_is_refused_in_chinese(api: Api) -> None:
    answer = api.post("/staff", {"role": "boss", "emails": ["not-an-address"]})
    assert (answer.status, answer.json["code"]) == (400, "400.2")
    assert answer.error_fields() == {
        "name": "必填项，请填写",
        "role": "不是允许的取值，应为以下之一：admin, reviewer, viewer",
        "emails.0": "格式不正确",
    }
    assert api.get("/staff").json["items"] == []


def test_an_unknown_staff_token_and_one_of_a_record_with_an_unknown_role_are_401(api: Api, ctx: Context) -> None:
    issued = register(api, "viewer")
    forged = issued["token"][:-1] + ("A" if issued["token"][-1] != "A" else "B")
    assert api.get("/units", token=forged).status == 401
    ctx.store.table.update(
        {"PK": "STAFF", "SK": f"STAFF#{issued['staff_id']}"},
        UpdateExpression="SET #r = :r",
        ExpressionAttributeNames={"#r": "role"},
        ExpressionAttributeValues={":r": "reporter"},
    )
    assert api.get("/units", token=issued["token"]).status == 401


OFFICE_ONLY = "只有县双拥办可以进行此操作"


@pytest.mark.parametrize(
    ("role", "method", "path", "message"),
    [
        ("viewer", "POST", "/units", "你的角色（查看）不能进行此操作"),
        ("viewer", "PUT", "/units/sifaju", "你的角色（查看）不能进行此操作"),
        ("viewer", "POST", "/reports", "你的角色（查看）不能进行此操作"),
        ("viewer", "POST", "/summaries/2026-07", "你的角色（查看）不能进行此操作"),
        ("viewer", "POST", "/months/2026-07/lock", "你的角色（查看）不能进行此操作"),
        ("reviewer", "POST", "/staff", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "GET", "/staff", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "DELETE", "/staff/AAAAAAAAAAAAAAAA", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "POST", "/units", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "PUT", "/units/sifaju", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "POST", "/units/sifaju/reporters", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "PUT", "/settings", "你的角色（审核员）不能进行此操作"),
        ("reviewer", "POST", "/surveys", "你的角色（审核员）不能进行此操作"),
        ("reporter", "POST", "/staff", OFFICE_ONLY),
        ("reporter", "GET", "/summaries/2026-07", OFFICE_ONLY),
        ("reporter", "GET", "/reminders/settings", OFFICE_ONLY),
    ],
)
def test_each_role_is_refused_what_it_may_not_do_in_chinese_naming_the_role(
    api: Api, county: dict[str, str], role: str, method: str, path: str, message: str
) -> None:
    token = county["reporter"] if role == "reporter" else register(api, role)["token"]
    answer = api.call(method, path, {"name": "改名", "kind": "bureau"}, token=token)
    assert (answer.status, answer.json["code"], answer.json["message"]) == (403, "403.1", message)
    assert api.get("/units/sifaju").json["name"] == "县司法局"


def test_a_reviewer_asks_for_a_compile_and_a_viewer_reads_the_summary(api: Api, county: dict[str, str]) -> None:
    reviewer, viewer = register(api, "reviewer")["token"], register(api, "viewer")["token"]
    assert api.get("/summaries/2026-08", token=viewer).status == 404  # nothing asked for yet
    requested = api.post("/summaries/2026-08", token=reviewer)
    assert requested.status == 202, requested.body
    shown = api.get("/summaries/2026-08", token=viewer)
    assert (shown.status, shown.json["status"]) == (200, "compiling")


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_office_staff_of_any_role_read_every_units_records(api: Api, county: dict[str, str], role: str) -> None:
    create_survey(api)  # county-wide: only the office sees it
    api.post(
        "/plans/2026/tasks", {"heading": "法律拥军", "title": "送法进军营", "unit_ids": ["jiaoyuju"], "window": "8月"}
    )
    token = register(api, role)["token"]
    reports = api.get("/reports?month=2026-08", token=token).json["items"]
    assert sorted(r["unit_id"] for r in reports) == ["jiaoyuju", "sifaju"]
    for report in reports:
        assert api.get(f"/reports/{report['report_id']}", token=token).status == 200
        assert api.get(f"/reports/{report['report_id']}/history", token=token).status == 200
    assert [u["unit_id"] for u in api.get("/units", token=token).json["items"]] == ["jiaoyuju", "sifaju"]
    assert api.get("/units/jiaoyuju", token=token).status == 200
    assert [s["unit_id"] for s in api.get("/surveys", token=token).json["items"]] == [None]
    assert [t["title"] for t in api.get("/plans/2026", token=token).json["tasks"]] == ["送法进军营"]
    assert api.get("/reminders/settings", token=token).status == 200


def test_a_reviewer_lists_one_units_reports(api: Api, county: dict[str, str]) -> None:
    token = register(api, "reviewer")["token"]
    reports = api.get("/reports?month=2026-08&unit_id=jiaoyuju", token=token).json["items"]
    assert [r["unit_id"] for r in reports] == ["jiaoyuju"]


def test_an_admin_staff_member_writes_as_the_office_under_their_own_id(api: Api, county: dict[str, str]) -> None:
    admin = register(api, "admin", "张三")
    token = admin["token"]
    assert api.post("/units", {"unit_id": "gonganju", "name": "县公安局", "kind": "bureau"}, token=token).status == 201
    filed = api.post("/reports", report_body(unit_id="gonganju"), token=token)
    assert (filed.status, filed.json["created_by"]) == (201, admin["staff_id"])
    survey = create_survey(api, token=token)
    assert survey["created_by"] == admin["staff_id"]
    colleague = register(api, "viewer", "赵六", token=token)
    assert api.delete(f"/staff/{colleague['staff_id']}", token=token).status == 200
    listed = {m["name"]: m for m in api.get("/staff", token=token).json["items"]}
    assert (listed["赵六"]["created_by"], listed["赵六"]["revoked_by"]) == (admin["staff_id"], admin["staff_id"])


def test_each_token_names_its_holder(api: Api, ctx: Context) -> None:
    """What histories will show: the person's name, and the id the records keep."""
    api.unit("sifaju")
    reporter = api.post("/units/sifaju/reporters", {"label": "司法局小陈"}).json
    unlabelled = api.post("/units/sifaju/reporters", {}).json
    reviewer = register(api, "reviewer", "李四")
    deployment = Organisations(ctx)
    found = [authenticate(t, deployment) for t in (ADMIN_TOKEN, reviewer["token"])]
    found += [authenticate(r["token"], deployment) for r in (reporter, unlabelled)]
    assert found == [
        Principal(Role.ADMIN, "admin", None, "县双拥办（管理员令牌）", org="county"),
        Principal(Role.REVIEWER, reviewer["staff_id"], None, "李四", org="county"),
        Principal(Role.REPORTER, reporter["reporter_id"], "sifaju", "司法局小陈", org="county"),
        Principal(Role.REPORTER, unlabelled["reporter_id"], "sifaju", "填报员", org="county"),
    ]


def test_the_staff_routes_are_documented_with_their_bodies_answers_and_roles(api: Api) -> None:
    document = api.get("/openapi.json").json
    create, listing = document["paths"]["/staff"]["post"], document["paths"]["/staff"]["get"]
    revoke = document["paths"]["/staff/{staff_id}"]["delete"]
    schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/StaffForm"}
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IssuedStaff"
    }
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {  # {"items": [...]}
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/StaffMember"}}},
    }
    assert revoke["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RevokedStaff"
    }
    for operation in (create, listing, revoke):
        assert (operation["x-roles"], operation["description"]) == (["admin"], "可调用：管理员")
    form = document["components"]["schemas"]["StaffForm"]
    assert form["required"] == ["name", "role"]
    assert "token_hash" not in str(document["components"]["schemas"]["StaffMember"])
    units = document["paths"]["/units"]["get"]
    assert (units["x-roles"], units["description"]) == (
        ["admin", "reporter", "reviewer", "viewer"],
        "可调用：管理员、审核员、查看、填报员",
    )


# The roles as GET /me answers them to every signed-in role: the county office's page copies none of it.
ROLES = [
    {
        "role": "admin",
        "label": "管理员",
        "duties": "全部操作，含登记人员",
        "staff": True,
        "may": ["write", "compile", "review"],
    },
    {
        "role": "reviewer",
        "label": "审核员",
        "duties": "审核报告、申请汇总",
        "staff": True,
        "may": ["compile", "review"],
    },
    {"role": "viewer", "label": "查看", "duties": "只查看和下载", "staff": True, "may": []},
    {"role": "reporter", "label": "填报员", "duties": None, "staff": False, "may": []},
    {"role": "system", "label": "系统", "duties": None, "staff": False, "may": []},
]


def test_me_says_who_the_token_is_and_holds_no_token_or_hash(api: Api) -> None:
    api.unit("sifaju")
    viewer = register(api, "viewer", "张三")
    reporter = api.post("/units/sifaju/reporters", {"label": "司法局小陈"}).json
    assert api.get("/me", token=viewer["token"]).json == {
        "role": "viewer",
        "name": "张三",
        "actor": viewer["staff_id"],
        "unit_id": None,
        "org_id": "county",
        "roles": ROLES,
        "ending_soon_days": 60,
    }
    assert api.get("/me").json == {
        "role": "admin",
        "name": "县双拥办（管理员令牌）",
        "actor": "admin",
        "unit_id": None,
        "org_id": "county",
        "roles": ROLES,
        "ending_soon_days": 60,
    }
    assert api.get("/me", token=reporter["token"]).json == {
        "role": "reporter",
        "name": "司法局小陈",
        "actor": reporter["reporter_id"],
        "unit_id": "sifaju",
        "org_id": "county",
        "roles": ROLES,
        "ending_soon_days": 60,
    }
    answer = api.get("/me", token=viewer["token"])
    assert viewer["token"].split(".")[-1] not in answer.body.decode() and "hash" not in answer.body.decode()
    assert api.get("/me", token=None).status == 401
    assert api.delete(f"/staff/{viewer['staff_id']}").status == 200
    assert api.get("/me", token=viewer["token"]).status == 401  # a revoked person is nobody


def test_me_is_documented_with_its_answer_for_every_signed_in_role(api: Api) -> None:
    operation = api.get("/openapi.json").json["paths"]["/me"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}
    assert operation["x-roles"] == ["admin", "reporter", "reviewer", "viewer"]
    assert set(api.get("/openapi.json").json["components"]["schemas"]["Me"]["properties"]) == {
        "role",
        "name",
        "actor",
        "unit_id",
        "org_id",
        "roles",
        "ending_soon_days",
    }
