"""The county's basic facts of a year (PUT|GET /profile/{year}), and the 情况汇报 opening with them."""

from __future__ import annotations

from dataclasses import replace

import boto3

from chalicelib.context import Context
from tests.conftest import Api
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
    stored = api.put("/profile/2026", FACTS)
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
    assert api.put("/profile/2026", {"garrisons": 4, "beneficiaries": beneficiaries}).status == 200
    found = compiled(api, ctx, aws, "2026-bayi")
    assert (
        found["narrative"][0]["text"]
        == "有各类优抚对象1032人（其中：烈属12人、军属350户（1020人）），辖区内有驻军4处。"
    )
    assert api.put("/profile/2026", {}).status == 200  # all unknown again: no 基本情况 at all
    assert compiled(api, ctx, aws, "2026-bayi")["narrative"][0]["topic"] == "总体情况"


def test_only_the_admin_writes_the_facts_and_bad_ones_are_named(api: Api, ctx: Context) -> None:
    api.unit("minzhengju", "县退役军人事务局")
    reporter = api.reporter("minzhengju")
    assert api.put("/profile/2026", {"garrisons": 4}, token=reporter).status == 403
    assert api.get("/profile/2026", token=reporter).status == 403
    refused = api.put(
        "/profile/2026",
        {"population": -1, "beneficiaries": {"martyr_families": {}}, "honours": [{"year": 2019, "title": "x"}]},
    )
    assert refused.status == 400
    fields = refused.error_fields()
    assert set(fields) >= {"population", "beneficiaries", "honours.0.level"}, fields
    assert fields["beneficiaries"] == "烈属须填写人数或户数"
    assert api.get("/profile/2026").json["population"] is None  # nothing stored
    assert api.put("/profile/20x6", {}).json["message"] == "年份应为四位数字，如 2026"
