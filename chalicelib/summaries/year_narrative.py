"""The 年度双拥工作总结, written from a year's figures (year.py): an opening, then the county's standard areas
in their order (组织领导, 宣传教育, 拥军优属, 法律拥军, 军地共建, 退役军人服务), each with the office's own
paragraph, its types' figures and the plan's tasks grouped by the plan's headings; then each member unit's
paragraph, 存在的问题 and 下一步工作打算 (the office's words).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, cast

from chalicelib.core.catalogue import AREAS, area_types
from chalicelib.core.dates import date_label
from chalicelib.core.money import to_fen, wan_text
from chalicelib.plans.records import TaskBrief
from chalicelib.summaries.document import Summary
from chalicelib.summaries.narrative import cases_sentence, opening_figures, review_sentence, sentence, visit_targets
from chalicelib.summaries.parts import Paragraph, ParagraphPart
from chalicelib.summaries.registry import YEAR
from chalicelib.summaries.year import COMPARED, judged_text, period_text
from chalicelib.summaries.year_parts import OfficeNotes, YearCompleteness

# --- the 年度双拥工作总结 ------------------------------------------------------------------


# The office's own words (GET|PUT /summaries/{period}/notes): document.py `OfficeNotes`, {"problems": str,
# "next_steps": str, "areas": {area code: str}}; a key left out is nothing written.
# The areas' titles in the document; 宣传教育 takes in 国防教育, as the county's summaries say.
SECTION_TITLES: dict[str, str] = {**AREAS, "publicity": "宣传教育（含国防教育）"}
# What only the office can write, after the areas and the units; without its words, a line saying so.
OFFICE_SECTIONS: tuple[tuple[Literal["problems", "next_steps"], str], ...] = (
    ("problems", "存在的问题"),
    ("next_steps", "下一步工作打算"),
)
PENDING = "（待县双拥办填写）"
MONTHS_SAID = ("expected", "reported", "nil_reported", "missing", "late")  # the 按月统计 sentence's figures
PLAN_SAID = ("tasks", "done", "in_progress", "not_started", "overdue")


def sections(summary: Summary) -> list[tuple[str, str, list[str]]]:
    """The areas of the summary in the county's order: each area's code, its title and the kinds of work it
    reads out (every type belongs to one area: core/catalogue.py's TYPE_AREAS)."""
    return [(area, SECTION_TITLES[area], area_types(area)) for area in AREAS]


def paragraphs(summary: Summary, notes: OfficeNotes | None = None) -> list[Paragraph]:
    """The 年度双拥工作总结: the opening (总体情况: no `section`), then a section per area that has anything to
    say, 各成员单位工作, 存在的问题 and 下一步工作打算. A section is {"topic", "section", "text", "parts"}: its parts
    are paragraphs, those with a `heading` a subsection (a plan's heading, under its area); `text` joins them.
    `notes` puts the office's words in their places: its paragraph of an area first in that area's section."""
    notes = notes or {}
    office = notes.get("areas") or {}
    found: list[Paragraph] = [{"topic": "总体情况", "text": _overview(summary)}]
    for area, title, kinds in sections(summary):
        parts = [part(line) for line in written_lines(office.get(area))]
        if text := _figures(summary, kinds):
            parts.append(part(text))
        parts += _task_parts(summary, area, title)
        if parts:
            found.append(section(area, title, parts))
    if units := _unit_lines(summary):
        found.append(section("units", "各成员单位工作", [part(line) for line in units]))
    for key, title in OFFICE_SECTIONS:
        found.append(section(key, title, [part(line) for line in written_lines(notes.get(key)) or [PENDING]]))
    return found


def part(text: str, heading: str | None = None) -> ParagraphPart:
    return {"heading": heading, "text": text}


def section(code: str, title: str, parts: list[ParagraphPart]) -> Paragraph:
    return {"topic": title, "section": code, "text": "".join(p["text"] for p in parts), "parts": parts}


def written_lines(text: str | None) -> list[str]:
    """The office's text as paragraphs: a paragraph a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _figures(summary: Summary, kinds: list[str]) -> str:
    """The area's figures: a sentence per kind of work (the visits with whom they went to), the cases together,
    the agreements with the co-building."""
    sentences = [cases_sentence(summary)] if "court_case" in kinds else []
    for kind in kinds:
        if text := sentence(kind, summary):
            sentences.append(text)
            if kind == "visit":
                sentences.append(visit_targets(summary))
    if "co_building" in kinds:
        sentences.append(_agreements(summary))
    return "".join(sentences)


def _task_parts(summary: Summary, area: str, title: str) -> list[ParagraphPart]:
    """The area's plan tasks, a part per heading of the plan (in plan order); a heading that only names the
    area again (组织领导 under 组织领导) is not repeated."""
    tasks = [t for t in summary["plan"]["tasks"] if t["area"] == area]
    parts = []
    for heading in dict.fromkeys(t["heading"] for t in tasks):
        text = _tasks([t for t in tasks if t["heading"] == heading])
        parts.append(part(text, None if heading in (title, AREAS[area]) else heading))
    return parts


def _unit_lines(summary: Summary) -> list[str]:
    """A paragraph per unit whose reports count ("县司法局：1月至9月报送活动3项，开展法治宣传进军营活动2次…。"),
    then the units that reported nothing, named apart, and who missed or was late in which months."""
    span = "全年" if len(summary["months"]) == 12 else period_text(summary)[len(summary["year_label"]) :]
    lines = [
        f"{row['name']}：{span}报送活动{row['reports']}项，{row['work']}。"
        for row in summary["by_unit"]
        if row["reports"]
    ]
    silent = [
        row["name"] + (f"（报告本月无活动{row['months_nil']}个月）" if row["months_nil"] else "")
        for row in summary["by_unit"]
        if not row["reports"]
    ]
    if silent:
        lines.append(f"{span}未报送活动的单位：{'、'.join(silent)}。")
    done = cast(YearCompleteness, summary["completeness"])  # a year's
    key: Literal["missing_units", "late_units"]
    for key, label in (("missing_units", "未报送"), ("late_units", "逾期报送")):
        if done[key]:
            units = "、".join(f"{u['name']}（{u['count']}个月）" for u in done[key])
            lines.append(f"按月统计，{label}的单位：{units}。")
    return lines


def _year_on_year_sentence(summary: Summary) -> str:
    """ "与上年同期相比，报送双拥活动45项，同比增长12.5%；…；走访慰问资金20.39万元，同比增长12.5%。": each figure
    whose last year's value was not 0, with its change (下降 for a fall, 持平 for none)."""
    phrases = {key: phrase for key, phrase, _ in COMPARED}
    clauses = []
    for row in summary["year_on_year"]:
        if row["change"] is None:
            continue
        value = wan_text(to_fen(row["this"])) if row["figure"] == "visit_funds_yuan" else row["this"]
        moved = row["change"]
        trend = f"同比增长{moved}%" if moved > 0 else f"同比下降{-moved}%" if moved < 0 else "与上年持平"
        clauses.append(f"{phrases[row['figure']].format(value)}，{trend}")
    if not clauses:
        return ""
    return ("与上年相比，" if len(summary["months"]) == 12 else "与上年同期相比，") + "；".join(clauses) + "。"


def _overview(summary: Summary) -> str:
    totals, done, plan = summary["totals"], cast(YearCompleteness, summary["completeness"]), summary["plan"]["counts"]
    text = f"{period_text(summary)}，"
    if totals["reports"]:
        text += f"{summary['jurisdiction']}{opening_figures(summary, YEAR)}。"
    else:
        text += f"{summary['jurisdiction']}未收到双拥活动报告。"
    text += _year_on_year_sentence(summary) + review_sentence(summary)
    if done["months"]:
        said = [YEAR.say(summary, f"completeness.{key}") for key in MONTHS_SAID]
        late = YEAR.say(summary, "totals.reports_late")
        text += f"按月统计（{judged_text(summary)}），各成员单位{'，'.join(said)}；{late}。"
    if plan["tasks"]:
        said = [YEAR.say(summary, f"plan.counts.{key}") for key in PLAN_SAID]
        text += f"{said[0]}，{''.join(said[1:])}。"
    if summary["surveys"]["run"]:
        text += f"{YEAR.say(summary, 'surveys.run')}，{YEAR.say(summary, 'surveys.responses')}。"
    return text


def _agreements(summary: Summary) -> str:
    co = summary["co_building"]
    signed, ended, waiting = co["signed"], co["ended"], co["not_yet_in_force"]
    titles = "、".join(f"《{a['title']}》" for a in signed)
    clauses = [
        (signed, f"新签订军地共建协议{len(signed)}份（{titles}）"),
        (ended, f"到期或终止{len(ended)}份"),
        (
            co["active"],
            f"截至{date_label(date.fromisoformat(co['as_of']))}，{summary['jurisdiction']}现有有效军地共建协议{co['active']}份",
        ),
        (waiting, f"另有{waiting}份已签订、尚未生效" if co["active"] else f"已签订、尚未生效{waiting}份"),
        (co["reports"], f"依托共建协议开展活动{co['reports']}次"),
    ]
    parts = [text for given, text in clauses if given]
    return "，".join(parts) + "。" if parts else ""


def _tasks(tasks: list[TaskBrief]) -> str:
    by_state: dict[str, list[TaskBrief]] = {}
    for task in tasks:
        by_state.setdefault(task["progress"]["state"], []).append(task)
    parts = [f"年度计划中本方面任务{len(tasks)}项"]
    if done := by_state.get("done"):
        parts.append(f"已完成{len(done)}项（{_titles(done)}）")
    if going := by_state.get("in_progress"):
        detail = "、".join(f"《{t['title']}》{_achieved(t)}" for t in going)
        parts.append(f"进行中{len(going)}项（{detail}）")
    if waiting := by_state.get("not_started"):
        parts.append(f"未开始{len(waiting)}项（{_titles(waiting)}）")
    if late := by_state.get("overdue"):
        detail = "；".join(f"《{t['title']}》，{'、'.join(t['unit_names'])}，{t['window']['text']}" for t in late)
        parts.append(f"逾期未报{len(late)}项（{detail}）")
    return "，".join(parts) + "。"


def _titles(tasks: list[TaskBrief]) -> str:
    return "".join(f"《{t['title']}》" for t in tasks)


def _achieved(task: TaskBrief) -> str:
    progress, target = task["progress"], task.get("target")
    if target and progress.get("achieved_text"):
        return f"目标{target['label']}，已完成{progress['achieved_text']}"
    return f"已报送{progress['reports']}项"
