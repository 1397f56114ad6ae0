"""Figures apart from words: the tallies give figures only, and the one narrate step writes the words once,
from those figures and the year's basic facts (summaries/narrate.py), on plain values."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.summaries.narrate import YearWords, narrated
from chalicelib.summaries.tally import MonthTally
from chalicelib.summaries.year import YearTally

UNITS = [{"unit_id": "sifaju", "name": "县司法局"}, {"unit_id": "minzhengju", "name": "县民政局"}]
LECTURE = {
    "report_id": "r1",
    "unit_id": "sifaju",
    "activity_type": "legal_lecture",
    "title": "送法进军营",
    "occurred_on": "2026-08-01",
    "participants": 12,
    "metrics": {"attendees": 120, "materials": 300, "consultations": 18},
    "late": False,
}
PROFILE = {"townships": 3, "subdistricts": 5, "population": 324600, "garrisons": 4}


def august() -> dict[str, Any]:
    tally = MonthTally()
    tally.add(LECTURE)
    return tally.month_figures("2026-08", UNITS, [], [], date(2026, 9, 5), "北湖区")


def test_a_months_figures_carry_no_words() -> None:
    figures = august()
    assert "narrative" not in figures and "profile" not in figures
    assert (figures["totals"]["reports"], figures["totals"]["participants"]) == (1, 12)
    assert figures["jurisdiction"] == "全区"  # 北湖区: the word its reports call it by


def test_the_words_are_written_after_the_figures_opening_with_the_basic_facts() -> None:
    summary = narrated(august(), PROFILE, 2026)
    assert list(summary)[-2:] == ["narrative", "profile"]  # summary.json's order: figures, words, facts
    assert summary["profile"] == PROFILE
    opening = summary["narrative"][0]
    assert opening == {
        "topic": "基本情况",
        "text": "北湖区辖3个乡镇、5个街道办事处，总人口32.46万人。辖区内有驻军4处。",
    }
    assert summary["narrative"][1]["topic"] != "基本情况"
    assert "法治宣传" in "".join(p["text"] for p in summary["narrative"])
    assert narrated(august(), None, 2026)["narrative"][0]["topic"] != "基本情况"  # no facts: no opening


def test_a_year_reads_its_months_figures_and_each_unit_says_what_it_did() -> None:
    tally = YearTally(2026)
    tally.add("2026-08", LECTURE)
    closed = tally.close_month("2026-08", UNITS, [], [], date(2026, 9, 5), "北湖区")
    assert "narrative" not in closed  # the month's figures, no words thrown away
    plan = {"counts": {"tasks": 0}, "headings": [], "tasks": []}
    figures = tally.year_figures(UNITS, [], plan, [], date(2026, 12, 31), "北湖区")
    assert "narrative" not in figures and all("work" not in row for row in figures["by_unit"])
    summary = narrated(figures, None, 2026, YearWords({"problems": "经费不足。"}, tally.unit_figures()))
    work = {row["unit_id"]: row["work"] for row in summary["by_unit"]}
    assert work == {
        "sifaju": "开展法治宣传进军营活动1次，受教育官兵120人次，发放资料300份，解答法律咨询18人次",
        "minzhengju": "",
    }
    assert summary["notes"] == {"problems": "经费不足。"}
    problems = next(p for p in summary["narrative"] if p.get("section") == "problems")
    assert problems["text"] == "经费不足。"
