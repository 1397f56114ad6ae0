"""The 年度双拥工作总结 as a county hands it on, without AWS: a year counted by hand beside the year before,
its sections in the county's order, each unit's paragraph, the office's words, and its DOCX and XLSX read back
paragraph by paragraph and cell by cell."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook

from chalicelib.core.catalogue import ACTIVITY_TYPES, AREAS, TYPE_AREAS, area_types
from chalicelib.core.dates import deadline
from chalicelib.summaries.year import change
from chalicelib.summaries.year_files import YearFiles, docx_bytes
from chalicelib.summaries.year_narrative import paragraphs
from tests.helpers.summaries import AGREEMENT, EVERY_AREA, summarise_year

UNITS = [
    {"unit_id": "sifaju", "name": "县司法局", "active": True},
    {"unit_id": "minzhengju", "name": "县退役军人事务局", "active": True},
    {"unit_id": "jiaoyuju", "name": "县教育局", "active": True},
    {"unit_id": "fagaiwei", "name": "县发改委", "active": True},
    {"unit_id": "old", "name": "已撤并单位", "active": False},
]
NOTES = {
    "problems": "部分成员单位报送不及时。",
    "next_steps": "1. 完善双拥工作机制。\n\n2. 做好八一走访慰问。",
    "areas": {"organisation": "县委、县政府高度重视双拥工作。"},
}


def _report(number: int, unit: str, kind: str, on: str, participants: int, metrics: dict[str, Any]):
    return {
        "report_id": f"r{number}",
        "unit_id": unit,
        "activity_type": kind,
        "title": "活动",
        "occurred_on": on,
        "participants": participants,
        "metrics": metrics,
        "late": False,
    }


def _year(year: int, found: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    """The whole year (twelve months closed) of `found`; 县发改委 filed 本月无活动 for March."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    by_month = {m: [r for r in found if r["occurred_on"][:7] == m] for m in months}
    nil = {f"{year}-03": [{"unit_id": "fagaiwei", "month": f"{year}-03", "late": False}]}
    deadlines = {m: deadline(m, 5) for m in months}
    return summarise_year(year, by_month, UNITS, nil, [AGREEMENT], deadlines, **more)


def _task(area: str, heading: str, title: str, state: str, unit: str = "县司法局") -> dict[str, Any]:
    return {
        "task_id": title,
        "area": area,
        "heading": heading,
        "title": title,
        "unit_ids": ["x"],
        "unit_names": [unit],
        "window": {"from": "2026-04-21", "to": "2026-05-31", "text": "4月下旬至5月"},
        "activity_types": [],
        "target": None,
        "progress": {"state": state, "reports": 0, "label": state},
    }


# The plan as a campaign's table writes it: its headings (双拥展示月, 八一走访) are not the document's sections.
PLAN = {
    "counts": {"tasks": 4, "done": 2, "in_progress": 0, "not_started": 1, "overdue": 1},
    "headings": [{"heading": h} for h in ("双拥展示月", "组织领导", "八一走访", "法律拥军")],
    "tasks": [
        _task("publicity", "双拥展示月", "国防教育日集中宣传", "not_started", "县教育局"),
        _task("organisation", "组织领导", "召开双拥工作领导小组会议", "done", "县退役军人事务局"),
        _task("support", "八一走访", "八一走访慰问驻区部队", "done", "县退役军人事务局"),
        _task("legal", "法律拥军", "送法进军营", "overdue"),
    ],
}


def _this_year() -> list[dict[str, Any]]:
    """Seven reports; 401 participants; 150,000 + 53,900 = 203,900 yuan of visits (20.39万元)."""
    return [
        _report(1, "minzhengju", "organisation", "2026-03-05", 10, {"kind": "leading_group", "meetings": 2}),
        _report(2, "minzhengju", "organisation", "2026-07-20", 20, {"kind": "joint_meeting", "meetings": 1}),
        _report(3, "minzhengju", "visit", "2026-08-01", 12, {"target": "troops", "funds_yuan": Decimal("150000.00")}),
        _report(
            4,
            "minzhengju",
            "visit",
            "2026-01-20",
            8,
            {"target": "martyr_families", "households": 144, "persons": 144, "funds_yuan": Decimal("53900.00")},
        ),
        _report(
            5, "sifaju", "legal_lecture", "2026-05-08", 40, {"attendees": 120, "materials": 300, "consultations": 18}
        ),
        _report(6, "sifaju", "mediation", "2026-06-30", 5, {"disputes": 4, "resolved": 3}),
        _report(7, "jiaoyuju", "defense_education", "2026-09-18", 306, {"attendees": 50, "sessions": 1}),
    ]


def _last_year() -> dict[str, Any]:
    """2025: eight reports, 400 participants, one visit to the troops with 160,000 yuan."""
    visit = _report(10, "minzhengju", "visit", "2025-08-01", 12, {"target": "troops", "funds_yuan": Decimal("160000")})
    others = [_report(11 + i, "sifaju", "other", "2025-05-10", 60, {"attendees": 60}) for i in range(6)]
    others.append(_report(17, "sifaju", "other", "2025-06-10", 28, {"attendees": 28}))
    return _year(2025, [visit, *others])


def _summary() -> dict[str, Any]:
    return _year(2026, _this_year(), plan=PLAN, previous=_last_year(), notes=NOTES)


UNIT_PARAGRAPHS = [
    "县司法局：全年报送活动2项，开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份，解答法律咨询18人次；"
    "排查调处涉军矛盾纠纷4件，调解成功3件。",
    "县退役军人事务局：全年报送活动4项，召开领导小组会议2次、军地联席会议1次；"
    "走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。",
    "县教育局：全年报送活动1项，开展国防教育活动1次，共1场，受教育50人次。",
    "全年未报送活动的单位：县发改委（报告本月无活动1个月）。",
    # Missing months: 司法局 reported May and June, 教育局 September, 发改委 only 本月无活动 in March,
    # 退役军人事务局 January, March, July and August; listed in the order they first went missing (January).
    "按月统计，未报送的单位：县司法局（10个月）、县教育局（11个月）、县发改委（11个月）、县退役军人事务局（8个月）。",
]
# 7 reports against 8: −12.5%; 401 participants against 400: +0.25%, half up to 0.3%; one troop visit each year;
# 203,900 yuan against 160,000: +27.4375% → 27.4%. No 座谈会 and no 优抚对象 last year: no change to tell.
YEAR_ON_YEAR = (
    "与上年相比，报送双拥活动7项，同比下降12.5%；参加401人次，同比增长0.3%；走访驻军1次，与上年持平；"
    "走访慰问资金20.39万元，同比增长27.4%。"
)


def test_every_activity_type_belongs_to_one_of_the_areas() -> None:
    assert set(TYPE_AREAS) == {a.code for a in ACTIVITY_TYPES}
    assert set(TYPE_AREAS.values()) <= set(AREAS)
    assert sorted(code for area in AREAS for code in area_types(area)) == sorted(a.code for a in ACTIVITY_TYPES)
    assert area_types("organisation") == ["organisation", "honour"]  # the meetings open the summary
    assert area_types("publicity") == ["publicity", "defense_education", "military_training"]


def test_the_year_is_told_in_the_countys_areas_with_each_unit_and_the_offices_words() -> None:
    year = _summary()
    sections = [(p["topic"], p.get("section")) for p in year["narrative"]]
    assert sections == [
        ("总体情况", None),
        ("组织领导", "organisation"),
        ("宣传教育（含国防教育）", "publicity"),
        ("拥军优属", "support"),
        ("法律拥军", "legal"),
        ("军地共建", "co_building"),
        ("各成员单位工作", "units"),
        ("存在的问题", "problems"),
        ("下一步工作打算", "next_steps"),
    ]
    parts = {p["topic"]: [(part["heading"], part["text"]) for part in p.get("parts", [])] for p in year["narrative"]}
    assert parts["组织领导"] == [
        (None, "县委、县政府高度重视双拥工作。"),
        (None, "全县共召开领导小组会议2次、军地联席会议1次。"),
        (None, "年度计划中本方面任务1项，已完成1项（《召开双拥工作领导小组会议》）。"),
    ]
    assert parts["宣传教育（含国防教育）"] == [
        (None, "全县共开展国防教育活动1次，共1场，受教育50人次。"),
        ("双拥展示月", "年度计划中本方面任务1项，未开始1项（《国防教育日集中宣传》）。"),
    ]
    assert parts["拥军优属"] == [
        (
            None,
            "全县共走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。"
            "其中：走访慰问驻军部队1次，慰问金15万元；烈属144户、慰问144人，慰问金5.39万元。",
        ),
        ("八一走访", "年度计划中本方面任务1项，已完成1项（《八一走访慰问驻区部队》）。"),
    ]
    assert parts["法律拥军"][1] == (
        None,
        "年度计划中本方面任务1项，逾期未报1项（《送法进军营》，县司法局，4月下旬至5月）。",
    )
    assert parts["军地共建"] == [
        (None, "新签订军地共建协议1份（《法律服务共建协议》），截至2026年12月31日，全县现有有效军地共建协议1份。")
    ]
    assert [text for _, text in parts["各成员单位工作"]] == UNIT_PARAGRAPHS
    assert parts["存在的问题"] == [(None, "部分成员单位报送不及时。")]
    assert parts["下一步工作打算"] == [(None, "1. 完善双拥工作机制。"), (None, "2. 做好八一走访慰问。")]
    overview = year["narrative"][0]["text"]
    assert overview.startswith("2026年，全县共有3个单位报送双拥活动7项，参加401人次。" + YEAR_ON_YEAR)


def test_without_the_offices_words_their_sections_say_so_and_nothing_else() -> None:
    year = _year(2026, _this_year())
    texts = {p["topic"]: p["text"] for p in year["narrative"]}
    assert texts["存在的问题"] == texts["下一步工作打算"] == "（待县双拥办填写）"
    assert texts["组织领导"] == "全县共召开领导小组会议2次、军地联席会议1次。"
    assert "同比" not in year["narrative"][0]["text"] and year["last_year"] is None
    # Notes with keys left out write nothing of them.
    assert paragraphs(year, {"areas": {}})[1]["text"] == texts["组织领导"]


def test_the_change_is_one_decimal_half_up_and_left_out_without_last_year() -> None:
    assert change(401, 400) == Decimal("0.3")  # 0.25 → 0.3, not the banker's 0.2
    assert change(Decimal("203900.00"), Decimal("160000.00")) == Decimal("27.4")
    assert change(7, 8) == Decimal("-12.5")
    assert change(5, 0) is None and change(5, None) is None


def test_a_year_in_progress_is_compared_with_the_same_months_of_the_year_before() -> None:
    months = [f"2026-{m:02d}" for m in range(1, 9)]  # January to August
    found = [r for r in _this_year() if r["occurred_on"][:7] in months]
    by_month = {m: [r for r in found if r["occurred_on"][:7] == m] for m in months}
    deadlines = {m: deadline(m, 5) for m in months}
    year = summarise_year(2026, by_month, UNITS, {}, [], deadlines, as_of=date(2026, 8, 31), previous=_last_year())
    # January to August 2025: all eight reports, 400 participants, 160,000 yuan; the types' figures are the
    # whole of 2025, so they are not set beside eight months.
    assert year["last_year"]["period"] == "2025年1月至8月"
    assert year["last_year"]["figures"] == {
        "reports": 8,
        "participants": 400,
        "symposiums": 0,
        "troop_visits": 1,
        "beneficiary_households": 0,
        "visit_funds_yuan": Decimal("160000.00"),
    }
    assert "与上年同期相比，报送双拥活动6项，同比下降25.0%；参加95人次，同比下降76.3%；" in year["narrative"][0]["text"]


def test_the_docx_reads_in_the_countys_order_numbered_as_an_official_document() -> None:
    document = Document(io.BytesIO(docx_bytes(_summary())))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2026年度双拥工作总结"
    assert texts[1] == "（本县双拥办 · 草稿 · 据各成员单位报送汇总，截至2026年12月31日）"
    assert texts[2].startswith("2026年，全县共有3个单位报送双拥活动7项，参加401人次。" + YEAR_ON_YEAR)
    body = texts[3 : texts.index("附表一：分月统计")]
    assert body == [
        "一、组织领导",
        "县委、县政府高度重视双拥工作。",
        "全县共召开领导小组会议2次、军地联席会议1次。",
        "年度计划中本方面任务1项，已完成1项（《召开双拥工作领导小组会议》）。",
        "二、宣传教育（含国防教育）",
        "全县共开展国防教育活动1次，共1场，受教育50人次。",
        "（一）双拥展示月",
        "年度计划中本方面任务1项，未开始1项（《国防教育日集中宣传》）。",
        "三、拥军优属",
        "全县共走访驻军1次，走访优抚对象144户，走访慰问资金达20.39万元。"
        "其中：走访慰问驻军部队1次，慰问金15万元；烈属144户、慰问144人，慰问金5.39万元。",
        "（一）八一走访",
        "年度计划中本方面任务1项，已完成1项（《八一走访慰问驻区部队》）。",
        "四、法律拥军",
        "全县共开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份，解答法律咨询18人次。"
        "全县共排查调处涉军矛盾纠纷4件，调解成功3件。",
        "年度计划中本方面任务1项，逾期未报1项（《送法进军营》，县司法局，4月下旬至5月）。",
        "五、军地共建",
        "新签订军地共建协议1份（《法律服务共建协议》），截至2026年12月31日，全县现有有效军地共建协议1份。",
        "六、各成员单位工作",
        *UNIT_PARAGRAPHS,
        "七、存在的问题",
        "部分成员单位报送不及时。",
        "八、下一步工作打算",
        "1. 完善双拥工作机制。",
        "2. 做好八一走访慰问。",
    ]
    fonts = {p.text: p.runs[0]._element.rPr.rFonts.get(_qn("w:eastAsia")) for p in document.paragraphs if p.runs}
    assert (fonts["一、组织领导"], fonts["（一）双拥展示月"], fonts[UNIT_PARAGRAPHS[0]]) == (
        "黑体",
        "楷体_GB2312",
        "仿宋_GB2312",
    )
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    # The plan's tasks table in the areas' order: 组织领导 before 宣传教育 before 拥军优属 before 法律拥军.
    plan = [[cell.text for cell in row.cells][1] for row in document.tables[2].rows[1:]]
    assert plan == ["召开双拥工作领导小组会议", "国防教育日集中宣传", "八一走访慰问驻区部队", "送法进军营"]


def test_the_xlsx_overview_sets_this_year_beside_last_year_by_area(tmp_path: Path) -> None:
    summary = _summary()
    summary["unreadable"] = []
    files = YearFiles(tmp_path, {u["unit_id"]: u["name"] for u in UNITS}, {})
    try:
        paths = files.finish(summary)
    finally:
        files.close()
    sheet = load_workbook(paths["xlsx"])["汇总"]
    rows = [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("项目", "本年", "上年", "增减（%）", "单位")
    by_label = {row[0]: row[1:] for row in rows[1:] if row and row[0]}
    assert by_label["年度"] == ("2026年", "2025年", None, None)
    assert by_label["统计期间"] == ("2026年", "2025年", None, None)
    assert by_label["活动报告"] == (7, 8, -12.5, "项")
    assert by_label["参加人数"] == (401, 400, 0.3, "人次")
    assert by_label["走访驻军"] == (1, 1, 0, "次")
    assert by_label["召开拥军优属座谈会"] == (0, 0, None, "次")  # nothing last year: no change
    assert by_label["走访优抚对象"] == (144, 0, None, "户")
    assert by_label["走访慰问资金"] == (203900, 160000, 27.4, "元")
    assert by_label["走访慰问资金（万元）"] == ("20.39万元", "16万元", None, None)
    assert by_label["走访慰问·活动数"] == (2, 1, 100, "项")  # 2025 was whole: every type beside it
    assert by_label["其他·活动数"] == (0, 7, -100, "项")
    assert by_label["组织领导·领导小组会议"] == (2, None, None, "次")
    assert by_label["组织领导·军地联席会议"] == (1, None, None, "次")
    # The areas in the county's order, each heading its types' rows.
    headings = [row[0] for row in rows if row[0] and row[0][1:2] == "、" and row[1] is None]
    assert headings[:7] == EVERY_AREA
    labels = [row[0] for row in rows]
    assert labels.index("一、组织领导") < labels.index("组织领导·活动数") < labels.index("二、宣传教育（含国防教育）")
    assert labels.index("三、拥军优属") < labels.index("走访慰问资金") < labels.index("四、法律拥军")
    text = labels[labels.index("年度双拥工作总结") + 1 :]
    assert text[1:4] == [
        "一、组织领导",
        "县委、县政府高度重视双拥工作。",
        "全县共召开领导小组会议2次、军地联席会议1次。",
    ]
    assert "（一）双拥展示月" in text and text[-3:] == [
        "八、下一步工作打算",
        "1. 完善双拥工作机制。",
        "2. 做好八一走访慰问。",
    ]


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(name)
