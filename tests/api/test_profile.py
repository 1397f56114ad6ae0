"""The county's basic facts of a year (PUT|GET /profile/{year}), and the 情况汇报 opening with them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

import boto3
import pytest

import app as application
from chalicelib.context import Context
from tests.conftest import Api
from tests.helpers.races import one_request_per_thread, serialized, together
from tests.helpers.summaries import compiled

FACTS = {
    "townships": 3,
    "subdistricts": 5,
    "population": 324_600,
    "beneficiaries": {
        "martyr_families": {"persons": 12},
        "military_families": {"households": 350},
        "disabled_veterans": {"persons": 45},
        "demobilized": {"persons": 26},
        "retired_cadres": {"persons": 15},
    },
    "garrisons": 4,
    "allowance_households": 120,
    "honours": [
        {"year": 2023, "title": "省级双拥模范县（城）", "level": "provincial"},
        {"year": 2019, "title": "全国双拥模范县（城）", "level": "national"},
        {"year": 2026, "title": "今年的荣誉", "level": "city"},  # not an earlier year's: not in the opening
    ],
}


def test_the_years_facts_open_every_report_of_that_year(
    api: Api,
    ctx: Context,
    aws: boto3.Session,
    festivals: None,
) -> None:
    ctx.config = replace(ctx.config, county_name="北湖区")
    assert api.get("/profile/2026").json["townships"] is None  # nothing entered yet: every fact unknown
    stored = api.put("/profile/2026", {**FACTS, "version": 0})
    assert stored.status == 200, stored.body
    assert api.get("/profile/2026").json["beneficiaries"]["military_families"] == {"persons": None, "households": 350}
    found = compiled(api, ctx, aws, "2026-two-festivals")
    assert found["narrative"][0] == {
        "topic": "基本情况",
        "text": "北湖区辖3个乡镇、5个街道办事处，总人口32.46万人。"
        "有优抚对象烈属12人、军属350户、伤残军人45人、在乡老复员军人26人，另有军队离退休干部15人，辖区内有驻军4处。"
        "2019年被评为全国双拥模范县（城），2023年又被评为省级双拥模范县（城）。",
    }
    assert found["narrative"][1]["topic"] == "总体情况"
    assert compiled(api, ctx, aws, "2026-08")["narrative"][0]["topic"] == "基本情况"  # a month of the year too
    assert compiled(api, ctx, aws, "2026")["narrative"][0]["topic"] == "基本情况"


def test_missing_facts_leave_their_sentences_out(
    api: Api,
    ctx: Context,
    aws: boto3.Session,
    festivals: None,
) -> None:
    beneficiaries = {"martyr_families": {"persons": 12}, "military_families": {"persons": 1020, "households": 350}}
    assert api.put("/profile/2026", {"version": 0, "garrisons": 4, "beneficiaries": beneficiaries}).status == 200
    found = compiled(api, ctx, aws, "2026-bayi")
    assert (
        found["narrative"][0]["text"]
        == "有各类优抚对象1032人（其中：烈属12人、军属350户（1020人）），辖区内有驻军4处。"
    )
    cleared = api.put("/profile/2026", {"version": 1, "garrisons": None, "beneficiaries": None})
    assert cleared.status == 200  # all unknown again: no 基本情况 at all
    assert compiled(api, ctx, aws, "2026-bayi")["narrative"][0]["topic"] == "总体情况"


def test_only_the_admin_writes_the_facts_and_bad_ones_are_named(api: Api, ctx: Context) -> None:
    api.unit("minzhengju", "县退役军人事务局")
    reporter = api.reporter("minzhengju")
    assert api.put("/profile/2026", {"version": 0, "garrisons": 4}, token=reporter).status == 403
    assert api.get("/profile/2026", token=reporter).status == 403
    refused = api.put(
        "/profile/2026",
        {
            "version": 0,
            "population": -1,
            "beneficiaries": {"martyr_families": {}},
            "honours": [{"year": 2019, "title": "x"}],
        },
    )
    assert refused.status == 400
    fields = refused.error_fields()
    assert set(fields) >= {"population", "beneficiaries", "honours.0.level"}, fields
    assert fields["beneficiaries"] == "烈属须填写人数或户数"
    assert api.get("/profile/2026").json["population"] is None  # nothing stored
    assert api.put("/profile/20x6", {}).json["message"] == "年份应为四位数字，如 2026"


def test_a_save_changes_only_the_facts_it_names_and_null_clears_one(api: Api) -> None:
    first = api.put("/profile/2026", {"version": 0, "townships": 3, "population": 324_600, "garrisons": 4})
    assert (first.status, first.json["version"]) == (200, 1)
    second = api.put("/profile/2026", {"version": 1, "population": 330_000, "garrisons": None})
    assert second.status == 200
    shown = api.get("/profile/2026").json
    assert (shown["version"], shown["townships"], shown["population"], shown["garrisons"]) == (2, 3, 330_000, None)
    left_out = api.put("/profile/2026", {"version": 2})  # names nothing: nothing changes, nothing is stored
    assert left_out.json["version"] == 2
    assert api.put("/profile/2026", {"version": 2, "honours": None}).json["honours"] == []  # a list clears to empty


def test_a_stale_save_is_refused_with_the_current_version_and_a_retry_stores_once(api: Api) -> None:
    assert api.put("/profile/2026", {"version": 0, "townships": 3}).status == 200
    retried = api.put("/profile/2026", {"version": 0, "townships": 3})  # the first answer was lost
    assert (retried.status, retried.json["version"], retried.json["townships"]) == (200, 1, 3)
    stale = api.put("/profile/2026", {"version": 0, "townships": 4})
    assert stale.status == 409
    assert stale.json["code"] == "409.2"
    assert stale.json["current_version"] == 1
    assert stale.json["message"] == "2026年的基本情况已被他人修改（当前版本 1），请刷新后在最新内容上修改再保存"
    assert api.get("/profile/2026").json["townships"] == 3
    entries = api.get("/audit?month=2026-08&record=profile:2026").json["items"]
    assert len(entries) == 1  # the retry and the refusal wrote nothing


@pytest.fixture
def as_in_the_cloud() -> Iterator[None]:
    with serialized(), one_request_per_thread(application.app):
        yield


def test_of_ten_saves_at_once_over_one_version_one_is_stored_and_nine_are_told(api: Api, as_in_the_cloud: None) -> None:
    saves = [partial(api.put, "/profile/2026", {"version": 0, "population": 300_000 + i}) for i in range(10)]
    answers = together(*saves)
    assert sorted(answer.status for answer in answers) == [200] + [409] * 9
    (stored,) = [answer.json for answer in answers if answer.status == 200]
    assert {answer.json["current_version"] for answer in answers if answer.status == 409} == {1}
    shown = api.get("/profile/2026").json
    assert (shown["version"], shown["population"]) == (1, stored["population"])
