"""The README's walk-through, over HTTP, against the real local stack."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.conftest import report_body
from tests.e2e.conftest import TODAY, Stack
from tests.helpers.stack import city_token, compiled_anew, printed

pytestmark = pytest.mark.e2e


def _today_body(activity_type: str, **changes: object) -> dict[str, object]:

    return report_body(activity_type, occurred_on=TODAY.isoformat(), **changes)


def test_the_demo_county_is_seeded_and_tokens_printed(stack: Stack) -> None:
    printed = "".join(stack.output)
    assert "admin token: e2e-admin-token" in printed
    assert "demo reporter of sifaju: sy5." in printed
    status, units = stack.call("GET", "/units")
    assert status == 200
    assert {"sifaju", "minzhengju", "fayuan"} <= {u["unit_id"] for u in units["items"]}


def test_the_demo_city_reads_both_its_counties_and_each_county_keeps_its_own(stack: Stack) -> None:
    city = city_token(stack)
    status, tree = stack.call("GET", "/orgs", token=city)
    assert status == 200, tree
    assert (tree["scope"], tree["items"][0]["name"]) == ("city", "北湖市")
    assert [county["name"] for county in tree["items"][0]["children"]] == ["本县", "河西县"]

    # a report filed by a reporter of 河西县: the city reads it there; the demo county's tokens find no such report
    hexi = printed(stack, "河西县 reporter of sifaju: ")
    assert hexi.startswith("sy5.hexi.")
    status, filed = stack.call("POST", "/reports", _today_body("legal_lecture", title="河西县送法进军营"), token=hexi)
    assert (status, filed["unit_id"]) == (201, "sifaju"), filed
    status, listed = stack.call("GET", f"/reports?month={filed['month']}&org=hexi", token=city)
    assert status == 200, listed
    assert [(r["report_id"], r["title"]) for r in listed["items"]] == [(filed["report_id"], "河西县送法进军营")]
    report = f"/reports/{filed['report_id']}"
    assert stack.call("GET", report, token=printed(stack, "demo reporter of sifaju: "))[0] == 404  # same unit id
    assert stack.call("GET", report)[0] == 404  # the owner token acts in the demo county


def test_a_report_filed_in_the_second_county_changes_the_citys_year(stack: Stack) -> None:
    city, year = city_token(stack), str(TODAY.year)
    before = compiled_anew(stack, year, city)
    assert [row["name"] for row in before["by_org"]] == ["本县", "河西县"]
    assert before["narrative"][0]["text"].startswith(f"{year}年，全市2个县（区）共有")

    hexi = printed(stack, "河西县 reporter of jiaoyuju: ")
    status, filed = stack.call("POST", "/reports", _today_body("symposium", title="河西县军属座谈"), token=hexi)
    assert status == 201, filed
    assert stack.call("GET", f"/summaries/{year}", token=city)[1]["status"] == "stale"
    after = compiled_anew(stack, year, city)

    def reports(summary: dict[str, Any]) -> tuple[int, int, int]:
        home, hexi_row = summary["by_org"]
        return summary["totals"]["reports"], home["totals"]["reports"], hexi_row["totals"]["reports"]

    total, home, county = reports(before)
    assert reports(after) == (total + 1, home, county + 1)


def test_a_newcomers_walk_through(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:6]
    unit, other = f"unit-{suffix}", f"other-{suffix}"
    assert stack.call("POST", "/units", {"unit_id": unit, "name": "县司法局", "kind": "bureau"})[0] == 201
    assert stack.call("POST", "/units", {"unit_id": other, "name": "县教育局", "kind": "bureau"})[0] == 201
    token = stack.call("POST", f"/units/{unit}/reporters", {"label": "e2e"})[1]["token"]
    other_token = stack.call("POST", f"/units/{other}/reporters", {})[1]["token"]

    bodies = [_today_body(activity_type) for activity_type in ("visit", "legal_lecture", "mediation", "symposium")]
    submitted = []
    for body in bodies:
        status, report = stack.call("POST", "/reports", body, token=token)
        assert status == 201, report
        submitted.append(report)
    assert stack.call("POST", "/reports", bodies[0], token=token) == (200, submitted[0])
    assert stack.call("POST", "/reports", {**bodies[0], "title": "改过的标题"}, token=token)[0] == 409

    month = submitted[0]["month"]
    status, listed = stack.call("GET", f"/reports?month={month}", token=token)
    assert sorted(r["report_id"] for r in listed["items"]) == sorted(r["report_id"] for r in submitted)
    assert stack.call("GET", f"/reports/{submitted[0]['report_id']}", token=other_token)[0] == 404
    assert stack.call("GET", f"/reports?month={month}&unit_id={unit}", token=other_token)[0] == 404


def test_concurrent_duplicates_store_exactly_one_report(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:6]
    unit = f"dup-{suffix}"
    stack.call("POST", "/units", {"unit_id": unit, "name": "重复提交单位", "kind": "bureau"})
    token = stack.call("POST", f"/units/{unit}/reporters", {})[1]["token"]
    body = _today_body("visit")
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: stack.call("POST", "/reports", body, token=token)[0], range(16)))
    assert statuses.count(201) == 1
    assert set(statuses) == {200, 201}
    month = body["occurred_on"][:7]  # type: ignore[index]
    listed = stack.call("GET", f"/reports?month={month}", token=token)[1]["items"]
    assert [r["report_id"] for r in listed] == [body["submission_id"]]
