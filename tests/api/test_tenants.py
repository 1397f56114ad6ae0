"""Each county its own tenant (issue 29): two sibling counties under one city, the same unit id in both, and every
route walked with each one's tokens and the city's: a county never sees or changes the other's records (404 by
key), the city reads a county it names (`?org=`) and writes in none, but provisions its staff."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from tests.api.test_access import MATRIX
from tests.conftest import Api, report_body
from tests.helpers.agreements import AGREEMENT
from tests.helpers.surveys import create_survey

HOME = "county"  # the deployment's own county (Config.county_id): the tests' table was written as this county
CITY_ROLE = "你的角色（北湖市的管理员）只能查看河西县的数据，不能在河西县进行此操作"


def _org(org_id: str, name: str, level: str, parent_id: str | None = None) -> dict[str, Any]:
    return {"org_id": org_id, "name": name, "level": level, "parent_id": parent_id}


@pytest.fixture
def city(api: Api) -> dict[str, str]:
    """北湖市 with two counties: the deployment's own (青山县, `county`) and 河西县; an admin of each county and
    of the city, provisioned by the owner and the city."""
    for org in (
        _org("beihu", "北湖市", "city"),
        _org(HOME, "青山县", "county", "beihu"),
        _org("hexi", "河西县", "county", "beihu"),
    ):
        assert api.post("/orgs", org).status == 201
    city_admin = api.post("/orgs/beihu/staff", {"name": "市管理员", "role": "admin"})
    assert city_admin.status == 201, city_admin.body
    hexi_admin = api.post("/orgs/hexi/staff", {"name": "河西管理员", "role": "admin"}, token=city_admin.json["token"])
    assert hexi_admin.status == 201, hexi_admin.body
    assert hexi_admin.json["token"].startswith("sy4.hexi.")
    return {"city": city_admin.json["token"], "hexi": hexi_admin.json["token"]}


def test_the_same_unit_id_in_two_counties_holds_two_units_and_their_reports_apart(
    api: Api, city: dict[str, str]
) -> None:
    hexi = city["hexi"]
    api.unit("sifaju", "县司法局")
    assert api.post("/units", {"unit_id": "sifaju", "name": "河西县司法局", "kind": "bureau"}, token=hexi).status == 201
    home_reporter = api.reporter("sifaju")
    hexi_reporter = api.post("/units/sifaju/reporters", {"label": "小河"}, token=hexi).json["token"]
    assert hexi_reporter.startswith("sy5.hexi.")
    mine = api.post("/reports", report_body(title="青山县的走访"), token=home_reporter)
    theirs = api.post("/reports", report_body(title="河西县的走访"), token=hexi_reporter)
    assert (mine.status, theirs.status) == (201, 201), theirs.body

    home_titles = [r["title"] for r in api.get("/reports?month=2026-08").json["items"]]
    hexi_titles = [r["title"] for r in api.get("/reports?month=2026-08", token=hexi).json["items"]]
    assert (home_titles, hexi_titles) == (["青山县的走访"], ["河西县的走访"])
    assert api.get("/units/sifaju").json["name"] == "县司法局"
    assert api.get("/units/sifaju", token=hexi).json["name"] == "河西县司法局"

    # another county's record is not found, by its own office or by its units' reporters
    hexi_report = theirs.json["report_id"]
    assert api.get(f"/reports/{hexi_report}").status == 404
    assert api.get(f"/reports/{hexi_report}", token=home_reporter).status == 404
    assert api.delete(f"/reports/{hexi_report}", token=home_reporter).status == 404
    assert api.get(f"/reports/{hexi_report}", token=hexi_reporter).status == 200


def test_a_reporter_token_naming_another_county_is_refused(api: Api, city: dict[str, str]) -> None:
    api.post("/units", {"unit_id": "sifaju", "name": "河西县司法局", "kind": "bureau"}, token=city["hexi"])
    token = api.post("/units/sifaju/reporters", {"label": "小河"}, token=city["hexi"]).json["token"]
    forged = token.replace("sy5.hexi.", f"sy5.{HOME}.")  # its secret, claimed for the other county
    assert api.post("/reports", report_body(), token=forged).status == 401
    assert api.get("/me", token=forged).status == 401
    assert api.get("/reports?month=2026-08", token=forged).status == 401


def test_the_city_reads_a_county_it_names_and_writes_in_none(api: Api, city: dict[str, str]) -> None:
    api.post("/units", {"unit_id": "sifaju", "name": "河西县司法局", "kind": "bureau"}, token=city["hexi"])
    mayor = city["city"]
    assert api.get("/units", token=mayor).json["items"] == []  # the city's own direct units: none
    listed = api.get("/units?org=hexi", token=mayor)
    assert [u["name"] for u in listed.json["items"]] == ["河西县司法局"]
    refused = api.post(
        "/units?org=hexi", {"unit_id": "jiaoyuju", "name": "河西县教育局", "kind": "bureau"}, token=mayor
    )
    assert (refused.status, refused.json["code"], refused.json["message"]) == (403, "403.1", CITY_ROLE)
    assert [u["unit_id"] for u in api.get("/units", token=city["hexi"]).json["items"]] == ["sifaju"]  # nothing stored

    # a county names neither its sibling nor its city (the owner token names any)
    home_admin = api.post("/staff", {"name": "青山管理员", "role": "admin"}).json["token"]
    assert api.get("/units?org=hexi", token=home_admin).json == {"code": "404.1", "message": "未找到该组织"}
    assert [u["name"] for u in api.get("/units?org=hexi").json["items"]] == ["河西县司法局"]
    assert api.get(f"/units?org={HOME}", token=city["hexi"]).status == 404
    assert api.get("/units?org=beihu", token=city["hexi"]).status == 404
    assert api.post(f"/orgs/{HOME}/staff", {"name": "越权", "role": "admin"}, token=city["hexi"]).status == 404


@pytest.mark.parametrize("org", ["nosuch", "HEXI", "河西县", "٣", "hexi%00", "a" * 300, "", "../county"])
def test_an_organisation_that_is_not_below_is_not_found_in_chinese(api: Api, city: dict[str, str], org: str) -> None:
    answer = api.get(f"/units?org={quote(org, safe='')}", token=city["city"])
    if org == "":
        assert answer.status == 200  # none named: the city's own
    else:
        assert (answer.status, answer.json) == (404, {"code": "404.1", "message": "未找到该组织"})


def test_the_tree_each_office_sees_is_its_own_and_below(api: Api, city: dict[str, str]) -> None:
    seen = api.get("/orgs", token=city["city"]).json
    assert (seen["scope"], seen["note"]) == ("city", "你的凭证属于北湖市，可查看下属2个组织")
    assert [child["name"] for child in seen["items"][0]["children"]] == ["青山县", "河西县"]
    county = api.get("/orgs", token=city["hexi"]).json
    assert (county["scope"], county["items"][0]["name"], county["items"][0]["children"]) == ("county", "河西县", [])
    assert api.get("/me", token=city["hexi"]).json["org_id"] == "hexi"


def _home_records(api: Api) -> dict[str, str]:
    """A record of each kind in the deployment's own county, named where a path names one."""
    api.unit("sifaju", "县司法局")
    reporter = api.reporter("sifaju")
    task = {"heading": "法律拥军", "title": "青山送法进军营", "unit_ids": ["sifaju"], "window": "8月"}
    agreement = {**AGREEMENT, "title": "青山县司法局共建协议"}
    collection = {"title": "青山县2026年度双拥工作总结", "kind": "year_summary", "year": 2026, "due_on": "2027-01-05"}
    made = {
        "unit_id": "sifaju",
        "report_id": api.post("/reports", report_body(title="青山县独有的走访"), token=reporter).json["report_id"],
        "survey_id": create_survey(api, token=reporter)["survey_id"],
        "task_id": api.post("/plans/2026/tasks", task).json["task_id"],
        "agreement_id": api.post("/agreements", agreement).json["agreement_id"],
        "collection_id": api.post("/collections", collection).json["collection_id"],
        "reporter_id": api.get("/units/sifaju/reporters").json["items"][0]["reporter_id"],
        "staff_id": api.post("/staff", {"name": "青山审核", "role": "reviewer"}).json["staff_id"],
        "month": "2026-08",
        "period": "2026-08",
        "year": "2026",
        "form": "report",
    }
    assert all(made.values()), made
    return made


RECORDS = ("report_id", "survey_id", "task_id", "agreement_id", "collection_id", "reporter_id", "staff_id")


def test_every_route_keeps_one_county_from_the_other_and_the_city_to_reading(api: Api, city: dict[str, str]) -> None:
    home = _home_records(api)
    secrets = [home[name] for name in RECORDS] + ["青山县独有", "青山送法", "青山县司法局", "青山审核"]
    wrong = []
    for (method, path), row in MATRIX.items():
        if row == "public" or path == "/orgs":  # the deployment's own tree: test_the_tree_each_office_sees…
            continue
        concrete = re.sub(r"{(\w+)}", lambda found: home.get(found.group(1), "x"), path)
        names_a_record = any(f"{{{name}}}" in path for name in RECORDS)
        # the sibling county's admin, on the home county's records: not found, and nothing of them in any answer
        answer = api.call(method, f"{concrete}?month=2026-08", token=city["hexi"], raw=b"{}")
        leaked = [secret for secret in secrets if secret.encode() in answer.body]
        if leaked or answer.status >= 500 or (names_a_record and answer.status != 404 and method == "GET"):
            wrong.append(f"河西县 {method} {path}: {answer.status} {leaked}")
        # the city naming the home county: every read goes past the door, every write is refused by role
        read = api.call(method, f"{concrete}?month=2026-08&org={HOME}", token=city["city"], raw=b"{}")
        if method == "GET":
            not_found = read.status == 404 and read.json["message"].startswith("未找到")  # not: 尚未申请打包下载
            if read.status >= 500 or read.status in (401, 403) or (names_a_record and not_found):
                wrong.append(f"北湖市 {method} {path}: {read.status} {read.body[:80]!r}")
        elif path != "/orgs/{org_id}/staff":
            expected = "你的角色（北湖市的管理员）只能查看青山县的数据，不能在青山县进行此操作"
            if (read.status, read.json.get("message")) != (403, expected):
                wrong.append(f"北湖市 {method} {path}: {read.status} {read.body[:80]!r}")
    assert not wrong, "\n".join(wrong)
