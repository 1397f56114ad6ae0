"""Who may do what: authentication fails closed, reporters see their own unit only."""

from __future__ import annotations

import re

import pytest

import app as application
from tests.conftest import Api, report_body


@pytest.fixture
def two_units(api: Api) -> tuple[str, str, dict[str, object]]:
    api.unit("sifaju")
    api.unit("jiaoyuju")
    mine, theirs = api.reporter("sifaju"), api.reporter("jiaoyuju")
    their_report = api.post("/reports", report_body(), token=theirs).json
    return mine, theirs, their_report


def test_every_route_declares_who_may_call_it() -> None:
    declared = application.access.routes()
    for path, methods in application.app.routes.items():
        for method in methods:
            assert (method, path) in declared, f"{method} {path} has no roles"


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer nonsense", "Basic abc", "Bearer sy1.AAAAAAAAAAAAAAAA." + "B" * 43, "bearer  "],
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
