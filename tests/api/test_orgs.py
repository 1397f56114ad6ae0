"""The organisations' tree (issue 29, first slice): the owner token registers a province, its cities and their
counties; GET /orgs answers the tree the caller may see; every refusal names the field and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.context import Context
from tests.conftest import Api, SettableClock


def _org(org_id: str, name: str, level: str, parent_id: str | None = None) -> dict[str, Any]:
    return {"org_id": org_id, "name": name, "level": level, "parent_id": parent_id}


def _items(ctx: Context) -> list[dict[str, Any]]:
    return ctx.store.table.resource.scan()["Items"]  # type: ignore[return-value]


def _staff_token(api: Api, role: str) -> str:
    answer = api.post("/staff", {"name": "孙管理", "role": role})
    assert answer.status == 201, answer.body
    return answer.json["token"]  # type: ignore[no-any-return]


@pytest.fixture
def province(api: Api, clock: SettableClock) -> None:
    """江南省 with 北湖市 under it; 城关县 registered before 安平县 (whose id sorts first), both under 北湖市."""
    registered = [
        ("2026-08-20T10:00:00", _org("jiangnan", "江南省", "province")),
        ("2026-08-20T10:01:00", _org("beihu", "北湖市", "city", "jiangnan")),
        ("2026-08-20T10:02:00", _org("chengguan", "城关县", "county", "beihu")),
        ("2026-08-20T10:03:00", _org("anping", "安平县", "county", "beihu")),
    ]
    for moment, org in registered:
        clock.set(moment)
        answer = api.post("/orgs", org)
        assert answer.status == 201, answer.body


def test_the_owner_registers_a_province_a_city_and_two_counties(api: Api, clock: SettableClock) -> None:
    clock.set("2026-08-20T10:00:00")
    made = api.post("/orgs", _org("jiangnan", "江南省", "province"))
    assert (made.status, made.json) == (
        201,
        {
            "org_id": "jiangnan",
            "name": "江南省",
            "level": "province",
            "parent_id": None,
            "created_at": "2026-08-20T10:00:00+08:00",
            "created_by": "admin",
        },
    )
    assert api.post("/orgs", _org("beihu", "北湖市", "city", "jiangnan")).status == 201
    assert api.post("/orgs", _org("chengguan", "城关县", "county", "beihu")).status == 201
    # a county right under its province, as a 省直管县 is
    assert api.post("/orgs", _org("xianning", "仙宁县", "county", "jiangnan")).status == 201
    # a city may stand alone (a deployment for one city)
    assert api.post("/orgs", _org("nanshan", "南山市", "city")).status == 201


@pytest.mark.usefixtures("province")
def test_the_owner_sees_the_whole_tree(api: Api) -> None:
    tree = api.get("/orgs")
    assert tree.status == 200, tree.body
    assert tree.json == {
        "implicit": False,
        "scope": "all",
        "note": "本部署登记的全部组织，共4个",
        "items": [
            {
                "org_id": "jiangnan",
                "name": "江南省",
                "level": "province",
                "parent_id": None,
                "children": [
                    {
                        "org_id": "beihu",
                        "name": "北湖市",
                        "level": "city",
                        "parent_id": "jiangnan",
                        "children": [  # in the order registered
                            {
                                "org_id": "chengguan",
                                "name": "城关县",
                                "level": "county",
                                "parent_id": "beihu",
                                "children": [],
                            },
                            {
                                "org_id": "anping",
                                "name": "安平县",
                                "level": "county",
                                "parent_id": "beihu",
                                "children": [],
                            },
                        ],
                    }
                ],
            }
        ],
    }


@pytest.mark.usefixtures("province")
@pytest.mark.parametrize("role", ["admin", "reviewer", "viewer"])
def test_the_office_sees_its_own_county_once_registered(api: Api, role: str) -> None:
    token = _staff_token(api, role)  # of the deployment's own county (COUNTY_ID `county`), not yet in the tree
    assert api.get("/orgs", token=token).json["implicit"] is True
    assert api.post("/orgs", _org("county", "青山县", "county", "beihu")).status == 201
    assert api.get("/orgs", token=token).json == {
        "implicit": False,
        "scope": "county",
        "note": "你的凭证属于青山县",
        "items": [{"org_id": "county", "name": "青山县", "level": "county", "parent_id": "beihu", "children": []}],
    }


def test_without_organisations_the_deployment_is_its_one_county(api: Api) -> None:
    implicit = {"org_id": None, "name": "本县", "level": "county", "parent_id": None, "children": []}
    note = "尚未登记本县：本部署即本县这一个县，与以往相同"
    assert api.get("/orgs").json == {"implicit": True, "scope": "all", "note": note, "items": [implicit]}
    viewer = _staff_token(api, "viewer")
    assert api.get("/orgs", token=viewer).json == {
        "implicit": True,
        "scope": "county",
        "note": note,
        "items": [implicit],
    }
    # a city alone still leaves the data in the one implicit county
    assert api.post("/orgs", _org("beihu", "北湖市", "city")).status == 201
    assert api.get("/orgs", token=viewer).json["items"] == [implicit]


@pytest.mark.usefixtures("province")
@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (_org("xinhe", "新河县", "county", "nosuch"), "上级组织 nosuch 尚未登记，请先登记它"),
        (_org("xinhe", "新河县", "county"), "县须填写上级组织：它所属的市或省"),
        (_org("xinhe", "新河县", "county", "chengguan"), "上级组织城关县是县，县的上级组织须是市或省"),
        (_org("dongshan", "东山市", "city", "beihu"), "上级组织北湖市是市，市的上级组织须是省"),
        (_org("haibin", "海滨省", "province", "jiangnan"), "省是最高一级，不填上级组织"),
    ],
)
def test_a_parent_must_be_registered_and_one_level_up(
    api: Api, ctx: Context, sent: dict[str, Any], message: str
) -> None:
    before = _items(ctx)
    refused = api.post("/orgs", sent)
    assert (refused.status, refused.json["code"], refused.json["message"]) == (400, "400.2", message)
    assert refused.error_fields() == {"parent_id": message}
    assert _items(ctx) == before


@pytest.mark.usefixtures("province")
def test_fields_are_checked_and_named_in_chinese(api: Api, ctx: Context) -> None:
    before = _items(ctx)
    english = api.post("/orgs", _org("xinhe", "Xinhe", "county", "beihu"))
    assert english.error_fields() == {"name": "组织名称须用中文书写，如 北湖市"}
    bad = api.post("/orgs", {"org_id": "新河", "name": "新河县", "level": "town", "parent_id": "beihu"})
    assert bad.status == 400 and set(bad.error_fields()) == {"org_id", "level"}
    assert _items(ctx) == before


@pytest.mark.usefixtures("province")
def test_an_org_id_is_registered_once(api: Api, ctx: Context) -> None:
    before = _items(ctx)
    again = api.post("/orgs", _org("chengguan", "另一个城关县", "county", "beihu"))
    assert (again.status, again.json["code"], again.json["message"]) == (409, "409.4", "组织编号 chengguan 已存在")
    assert _items(ctx) == before
    assert api.get("/orgs").json["items"][0]["children"][0]["children"][0]["name"] == "城关县"


def test_only_the_owner_token_registers_an_organisation(api: Api, ctx: Context) -> None:
    admin = _staff_token(api, "admin")
    api.unit("sifaju")
    reporter = api.reporter("sifaju")
    before = _items(ctx)
    for token, message in [
        (admin, "你的角色（管理员）不能进行此操作"),
        (reporter, "只有县双拥办可以进行此操作"),
    ]:
        refused = api.post("/orgs", _org("jiangnan", "江南省", "province"), token=token)
        assert (refused.status, refused.json["code"], refused.json["message"]) == (403, "403.1", message)
    assert api.get("/orgs", token=reporter).status == 403
    assert _items(ctx) == before


def test_each_registration_is_in_the_audit_trail_in_words(api: Api) -> None:
    assert api.post("/orgs", _org("beihu", "北湖市", "city")).status == 201
    (entry,) = api.get("/audit?month=2026-08&kind=org").json["items"]
    shown = {k: entry[k] for k in ("action", "action_label", "record", "record_name", "person", "role")}
    assert shown == {
        "action": "org.registered",
        "action_label": "登记组织",
        "record": "org:beihu",
        "record_name": "北湖市",
        "person": "县双拥办（管理员令牌）",
        "role": "admin",
    }
