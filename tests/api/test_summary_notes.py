"""The office's own words in the year summary (GET|PUT /summaries/{period}/notes): versioned like a report, audited,
written into the year's narrative and DOCX; and summaries turning stale when the office's texts change."""

from __future__ import annotations

import io
from typing import Any

import boto3
import pytest
from docx import Document

from chalicelib.context import Context
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import compiled, download, summary, visit

NOTES = {
    "version": 0,
    "problems": "个别成员单位报送不及时。\n部分活动记录不够完整。",
    "next_steps": "加强督促检查，确保按月报送。",
    "areas": {"legal": "县司法局开展法律服务进军营活动。", "support": ""},
}


def _entries(api: Api, record: str) -> list[dict[str, Any]]:
    answer = api.get(f"/audit?month=2026-08&record={record}")
    assert answer.status == 200, answer.body
    return answer.json["items"]  # type: ignore[no-any-return]


def test_notes_are_empty_until_written_then_versioned_and_audited_without_their_text(api: Api) -> None:
    assert api.get("/summaries/2026/notes").json == {
        "year": 2026,
        "version": 0,
        "problems": "",
        "next_steps": "",
        "areas": {},
    }
    stored = api.put("/summaries/2026/notes", NOTES)
    assert stored.status == 200, stored.body
    expected = {
        "year": 2026,
        "version": 1,
        "problems": "个别成员单位报送不及时。\n部分活动记录不够完整。",
        "next_steps": "加强督促检查，确保按月报送。",
        "areas": {"legal": "县司法局开展法律服务进军营活动。"},  # an empty paragraph is no paragraph
        "updated_at": "2026-08-20T10:00:00+08:00",
        "updated_by": "admin",  # the owner token, as the audit names it
    }
    assert stored.json == expected
    assert api.get("/summaries/2026/notes").json == expected
    assert api.get("/summaries/2025/notes").json["version"] == 0  # another year's are its own

    (entry,) = _entries(api, "summary_notes:2026")
    assert (entry["action"], entry["fields"]) == ("summary_notes.updated", ["areas", "next_steps", "problems"])
    assert "报送不及时" not in repr(entry)

    edited = {**NOTES, "version": 1, "next_steps": "加强督促检查。"}
    assert api.put("/summaries/2026/notes", edited).json["version"] == 2
    newest = _entries(api, "summary_notes:2026")[0]
    assert newest["fields"] == ["next_steps"]


def test_a_retried_write_is_stored_once_and_a_write_over_another_version_is_refused_in_chinese(api: Api) -> None:
    first = api.put("/summaries/2026/notes", NOTES)
    again = api.put("/summaries/2026/notes", NOTES)  # the same write sent again: its first answer was lost
    assert (first.status, again.status) == (200, 200)
    assert again.json == first.json
    unchanged = api.put("/summaries/2026/notes", {**NOTES, "version": 1})  # saved again as it stands
    assert (unchanged.status, unchanged.json["version"]) == (200, 1)
    assert len(_entries(api, "summary_notes:2026")) == 1

    # a second person saves over version 0 what the first already replaced
    other = api.put("/summaries/2026/notes", {**NOTES, "problems": "经费保障不足。"})
    assert other.status == 409
    assert other.json == {
        "code": "409.2",
        "message": "2026年度总结的文字已被他人修改（当前版本 1），请刷新后在最新内容上修改再保存",
        "current_version": 1,
    }
    assert api.get("/summaries/2026/notes").json["problems"] == NOTES["problems"]
    assert len(_entries(api, "summary_notes:2026")) == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**NOTES, "areas": {"army": "段落"}}, "areas", "没有“army”这个工作方面，应为以下之一："),
        ({**NOTES, "problems": "问" * 2001}, "problems", "不能超过2000个字"),
        ({**NOTES, "areas": {"legal": "段" * 2001}}, "areas.legal", "不能超过2000个字"),
        ({**NOTES, "next_steps": "下一步\x07工作"}, "next_steps", ""),
        ({**NOTES, "version": -1}, "version", "不能为负数"),
        ({"problems": "没有版本号"}, "version", "必填项"),
        ({**NOTES, "summary": "多余的字段"}, "summary", ""),
    ],
)
def test_bad_notes_are_refused_naming_the_field_and_nothing_is_stored(
    api: Api, body: dict[str, Any], field: str, message: str
) -> None:
    answer = api.put("/summaries/2026/notes", body)
    assert answer.status == 400, answer.body
    assert answer.error_fields()[field].startswith(message), answer.body
    assert api.get("/summaries/2026/notes").json["version"] == 0
    assert _entries(api, "summary_notes:2026") == []


def test_unknown_area_names_every_area_code(api: Api) -> None:
    answer = api.put("/summaries/2026/notes", {**NOTES, "areas": {"army": "段落"}})
    assert answer.error_fields()["areas"] == (
        "没有“army”这个工作方面，应为以下之一：organisation, publicity, support, legal, co_building, veterans, other"
    )


def test_a_bad_year_is_refused(api: Api) -> None:
    assert api.put("/summaries/26/notes", NOTES).status == 400
    assert api.get("/summaries/twenty/notes").status == 400


# --- stale when the office's texts change -----------------------------------------------------------------


@pytest.fixture
def county(api: Api, clock: SettableClock) -> None:
    """One unit's visit in August 2025 and one in August 2026; the clock in September 2026."""
    api.unit("minzhengju", "县民政局")
    token = api.reporter("minzhengju")
    clock.set("2025-08-20T10:00:00")
    visit(api, token, "military_families", 5, "2500.00", occurred_on="2025-08-01")
    clock.set("2026-08-20T10:00:00")
    visit(api, token, "military_families", 12, "6000.00", occurred_on="2026-08-01")
    clock.set("2026-09-15T10:00:00")


def _status(api: Api, period: str) -> tuple[str, bool]:
    found = summary(api, period)
    return found["status"], found["stale"]


def _docx_paragraphs(found: dict[str, Any]) -> list[str]:
    document = Document(io.BytesIO(download(found, "docx").content))
    return [p.text for p in document.paragraphs]


def test_new_notes_make_the_year_stale_and_the_recompile_writes_them_in_place(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    year = compiled(api, ctx, aws, "2026")
    assert (year["status"], year["stale"]) == ("ready", False)
    assert year["notes"] == {"problems": "", "next_steps": "", "areas": {}}
    pending = [(p["topic"], p["text"]) for p in year["narrative"][-2:]]
    assert pending == [("存在的问题", "（待县双拥办填写）"), ("下一步工作打算", "（待县双拥办填写）")]  # no words yet
    assert compiled(api, ctx, aws, "2026-08")["stale"] is False

    assert api.put("/summaries/2026/notes", NOTES).status == 200
    assert _status(api, "2026") == ("stale", True)
    assert _status(api, "2026-08") == ("ready", False)  # a month's summary says nothing of the year's words

    year = compiled(api, ctx, aws, "2026")
    assert (year["status"], year["stale"]) == ("ready", False)
    assert year["notes"]["problems"] == NOTES["problems"]
    assert [p["topic"] for p in year["narrative"]] == [
        "总体情况",
        "拥军优属",
        "法律拥军",  # no report of its own: the office's paragraph alone
        "各成员单位工作",
        "存在的问题",
        "下一步工作打算",
    ]
    paragraphs = _docx_paragraphs(year)
    at = paragraphs.index("二、法律拥军")  # 一、拥军优属 (the visit) 二、法律拥军
    assert paragraphs[at : at + 10] == [
        "二、法律拥军",
        "县司法局开展法律服务进军营活动。",
        "三、各成员单位工作",
        "县民政局：1月至9月报送活动1项，走访优抚对象12户，走访慰问资金达0.6万元。",
        "四、存在的问题",  # September, due on 10月5日, is not yet missed
        "个别成员单位报送不及时。",  # each line its own paragraph
        "部分活动记录不够完整。",
        "五、下一步工作打算",
        "加强督促检查，确保按月报送。",
        paragraphs[at + 9],
    ]

    # the same write sent again stores nothing: the summary stays fresh
    assert api.put("/summaries/2026/notes", NOTES).json["version"] == 1
    assert _status(api, "2026") == ("ready", False)


def test_a_new_profile_makes_every_summary_of_its_year_stale_and_no_other(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    periods = ["2026-08", "2026", "2026-08-01..2026-08-10", "2025-08", "2025"]
    for period in periods:
        assert compiled(api, ctx, aws, period)["stale"] is False, period
    assert api.put("/profile/2026", {"version": 0, "townships": 3}).status == 200
    assert {period: _status(api, period) for period in periods} == {
        "2026-08": ("stale", True),
        "2026": ("stale", True),
        "2026-08-01..2026-08-10": ("stale", True),
        "2025-08": ("ready", False),
        "2025": ("ready", False),
    }
    assert compiled(api, ctx, aws, "2026-08")["stale"] is False
    assert compiled(api, ctx, aws, "2026-08")["narrative"][0] == {"topic": "基本情况", "text": "本县辖3个乡镇。"}


def test_a_changed_unit_or_a_new_agreement_makes_every_summary_stale(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    periods = ["2026-08", "2026", "2026-08-01..2026-08-10", "2025-08"]
    every = {period: ("stale", True) for period in periods}  # units and agreements are the same every year

    def compile_all() -> None:
        for period in periods:
            assert compiled(api, ctx, aws, period)["stale"] is False, period

    compile_all()
    renamed = {"name": "县退役军人事务局", "kind": "bureau", "emails": [], "active": True}
    assert api.put("/units/minzhengju", renamed).status == 200
    assert {period: _status(api, period) for period in periods} == every
    august = compiled(api, ctx, aws, "2026-08")
    assert [row["name"] for row in august["by_unit"]] == ["县退役军人事务局"]
    assert august["co_building"]["active"] == 0

    compile_all()
    agreement = {
        "title": "县退役军人事务局与73026部队共建协议",
        "unit_id": "minzhengju",
        "military_unit": "73026部队",
        "signed_on": "2026-01-10",
        "valid_from": "2026-01-10",
        "valid_to": "2028-12-31",
        "goals": "共建",
        "tasks": [],
    }
    assert api.post("/agreements", agreement).status == 201
    assert {period: _status(api, period) for period in periods} == every
    assert compiled(api, ctx, aws, "2026-08")["co_building"]["active"] == 1  # in force on 8月31日
