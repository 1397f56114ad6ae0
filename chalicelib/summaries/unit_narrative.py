"""A unit's own summary in its own voice, written from its figures (the county's tallies over its reports alone):
the unit's 年度双拥工作总结 ("2026年，县司法局认真落实县委、县政府和县双拥办有关要求……现将全年双拥工作总结如下："),
or, for a month or days, its 情况 in the same voice. After the opening, a section per area in which the unit did
something, in the county's order (一、加强双拥工作组织领导 first): its own paragraph, its figures in the county's
phrases, its activities named with their dates, the plan tasks it leads or joins; then, for a year, 存在的不足 and
下一年工作打算 from its own notes. An area with nothing to tell is left out, never written with a zero.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, cast

from chalicelib.core.catalogue import AREAS, area_types
from chalicelib.core.dates import date_label
from chalicelib.plans.records import TaskBrief
from chalicelib.summaries.document import Summary
from chalicelib.summaries.narrative import overdue_text, review_sentence, summary_label, visit_targets, work_text
from chalicelib.summaries.parts import Paragraph
from chalicelib.summaries.registry import YEAR, registry_of
from chalicelib.summaries.year import judged_text, period_text
from chalicelib.summaries.year_files import progress_text
from chalicelib.summaries.year_narrative import part, section, written_lines
from chalicelib.summaries.year_parts import OfficeNotes, YearCompleteness

# The areas' headings in a unit's summary, in the county's order (core/catalogue.py AREAS), in the words units
# write them with.
UNIT_TITLES: dict[str, str] = {
    "organisation": "加强双拥工作组织领导",
    "publicity": "加强宣传教育，营造浓厚双拥氛围",
    "support": "扎实做好拥军优属工作",
    "legal": "发挥职能作用，深入开展法律拥军",
    "co_building": "加强军地共建",
    "veterans": "做好退役军人服务",
    "other": "其他双拥工作",
}
assert set(UNIT_TITLES) == set(AREAS), "every area has its heading in a unit's summary"
# What only the unit can write, after the areas; without its words, a line saying so.
UNIT_SECTIONS: tuple[tuple[Literal["problems", "next_steps"], str], ...] = (
    ("problems", "存在的不足"),
    ("next_steps", "下一年工作打算"),
)
PENDING = "（待本单位填写）"
MANDATE = "认真落实县委、县政府和县双拥办有关要求"
REPORTING_SAID = ("reported", "nil_reported", "missing", "late")  # the year's 按月统计 clauses, when not zero


def paragraphs(summary: Summary, notes: OfficeNotes | None = None) -> list[Paragraph]:
    """The unit's summary: the opening (no `section`), a section per area with anything to tell, a month's
    overdue tasks, and for a year 存在的不足 and 下一年工作打算 (its notes, or （待本单位填写）)."""
    notes = notes or {}
    own: dict[str, str] = notes.get("areas") or {}
    span = _span(summary)
    found: list[Paragraph] = [{"topic": "总体情况", "text": _opening(summary, span)}]
    for area, title in UNIT_TITLES.items():
        parts = [part(line) for line in written_lines(own.get(area))]
        told = (_figures(summary, area, span), _activities(summary, area), _tasks(summary, area))
        parts += [part(text) for text in told if text]
        if parts:
            found.append(section(area, title, parts))
    if overdue := summary.get("plan_overdue"):  # a month's: the unit's tasks overdue at its close
        found.append(section("plan", "计划任务", [part(overdue_text(overdue, summary["as_of"]))]))
    if "by_month" in summary:
        for key, title in UNIT_SECTIONS:
            found.append(section(key, title, [part(line) for line in written_lines(notes.get(key)) or [PENDING]]))
    return found


def _span(summary: Summary) -> str:
    """How the figures' sentences name the period: 全年, 1月至9月, 本月, 春节、八一期间, 7月25日至8月8日."""
    if "by_month" in summary:
        return "全年" if len(summary["months"]) == 12 else period_text(summary)[len(summary["year_label"]) :]
    if summary.get("month"):
        return "本月"
    return str(summary["period_label"]).split("年", 1)[1]


def _opening(summary: Summary, span: str) -> str:
    """ "2026年，县司法局认真落实县委、县政府和县双拥办有关要求，全年报送双拥活动5项，参加420人次；按月统计
    （全年12个月），已报送10次，报告本月无活动2次。现将全年双拥工作总结如下：" """
    year = "by_month" in summary
    label = period_text(summary) if year else summary_label(summary)
    registry = registry_of(summary)
    if summary["totals"]["reports"]:
        did = f"{registry.say(summary, 'totals.reports')}，{registry.say(summary, 'totals.participants')}"
    else:
        did = "未报送双拥活动"
    text = f"{label}，{summary['unit']['name']}{MANDATE}，{span}{did}"
    done = summary["completeness"]
    if year and cast(YearCompleteness, done)["months"]:
        said = [YEAR.say(summary, f"completeness.{k}") for k in REPORTING_SAID if cast("dict[str, int]", done)[k]]
        text += f"；按月统计（{judged_text(summary)}），{'，'.join(said) or '尚无应报送的月份'}"
    elif not year and summary["totals"]["reports_late"]:
        text += f"，其中{registry.say(summary, 'totals.reports_late')}"
    text += "。" + review_sentence(summary)
    if year:
        return text + f"现将{'全年' if span == '全年' else '今年以来'}双拥工作总结如下："
    return text + f"现将{span}双拥工作情况报告如下："


def _figures(summary: Summary, area: str, span: str) -> str:
    """The area's figures, a sentence per kind of work in the county's phrases (the visits with whom they went
    to), and the unit's agreements with the co-building."""
    sentences = []
    for kind in area_types(area):
        if text := work_text(kind, summary):
            sentences.append(f"{span}{text}。")
            if kind == "visit":
                sentences.append(visit_targets(summary))
    if area == "co_building":
        sentences.append(_agreements(summary))
    return "".join(sentences)


def _agreements(summary: Summary) -> str:
    """ "截至2026年12月31日，本单位现有有效军地共建协议1份（《…》），依托共建协议开展活动2次。" """
    co = summary["co_building"]
    registry = registry_of(summary)
    clauses = []
    if co["active"]:
        titles = "、".join(f"《{a['title']}》" for a in co["agreements"] if a["status"] == "active")
        as_of = date_label(date.fromisoformat(co["as_of"]))
        clauses.append(f"截至{as_of}，本单位{registry.say(summary, 'co_building.active')}（{titles}）")
    if co["reports"]:
        clauses.append(f"依托共建协议开展活动{co['reports']}次")
    return "，".join(clauses) + "。" if clauses else ""


def _activities(summary: Summary, area: str) -> str:
    """ "主要活动：2026年8月1日，八一走访慰问驻军（73026部队）；…。": the area's activities by date."""
    listed = [
        f"{date_label(date.fromisoformat(a['occurred_on']))}，{a['title']}"
        + (f"（{a['counterpart']}）" if a["counterpart"] and a["counterpart"] not in a["title"] else "")
        for a in summary.get("activities") or []
        if a["area"] == area
    ]
    return f"主要活动：{'；'.join(listed)}。" if listed else ""


def _tasks(summary: Summary, area: str) -> str:
    """ "承担年度计划任务2项：《…》（牵头，4月下旬至5月，已完成）；…。": the year's tasks the unit leads or joins,
    each said to be led (牵头) or joined (配合) when the plan names its lead units."""
    tasks = [t for t in summary["plan"]["tasks"] if t["area"] == area] if "plan" in summary else []
    if not tasks:
        return ""
    unit_id = summary["unit"]["unit_id"]

    def role(task: TaskBrief) -> str:
        leads = task.get("lead_unit_ids") or []
        return ("牵头，" if unit_id in leads else "配合，") if leads else ""

    listed = "；".join(f"《{t['title']}》（{role(t)}{t['window']['text']}，{progress_text(t)}）" for t in tasks)
    return f"承担年度计划任务{len(tasks)}项：{listed}。"
