"""A year's summary (to date), added up by the month's own code (pure, no AWS).

`YearTally` feeds every report of the year into one `MonthTally` for the year and
into one per month, so each figure of the year is the sum of the same figure of its
months by construction: the same `add`, over the same reports. Each month's summary
is made as the monthly compile makes it (`MonthTally.summary`), and the year's
completeness, per-month rows and co-building activities are the sums of those.
Then come what only a year has: the plan's progress, the agreements signed and ended
in the year, the surveys run, the same months of the year before (同比, from its stored
summary), and the 年度双拥工作总结: an opening, then the county's standard areas in their
order (组织领导, 宣传教育, 拥军优属, 法律拥军, 军地共建, 退役军人服务), each with the office's
own paragraph, its types' figures and the plan's tasks grouped by the plan's headings;
then each member unit's paragraph, 存在的问题 and 下一步工作打算 (the office's words).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.agreements.models import AgreementState
from chalicelib.agreements.status import effective_status, ended_on
from chalicelib.core.catalogue import AREAS, area_types
from chalicelib.core.dates import date_label, month_label, year_months
from chalicelib.core.money import to_fen, to_yuan, wan_text
from chalicelib.summaries.narrative import (
    cases_sentence,
    jurisdiction_of,
    review_sentence,
    sentence,
    visit_targets,
    work_text,
)
from chalicelib.summaries.tally import NOT_RETURNED, MonthTally, counts
from chalicelib.units.roster import unit_names

COMPLETENESS_COUNTS = ("expected", "reported", "nil_reported", "missing", "returned", "on_time", "late")
MONTH_FIGURES = ("reports", "participants", "reports_late", "units_reporting")
HEADLINE_FIGURES = ("symposiums", "troop_visits", "beneficiary_households", "visit_funds_yuan")
ENDED = (AgreementState.EXPIRED, AgreementState.TERMINATED)
# The figures a year compares with the same months of the year before (同比): their key in the months' rows
# (by_month), how the sentence says them, and their unit in the 汇总 sheet.
COMPARED: tuple[tuple[str, str, str], ...] = (
    ("reports", "报送双拥活动{}项", "项"),
    ("participants", "参加{}人次", "人次"),
    ("symposiums", "召开拥军优属座谈会{}次", "次"),
    ("troop_visits", "走访驻军{}次", "次"),
    ("beneficiary_households", "走访优抚对象{}户", "户"),
    ("visit_funds_yuan", "走访慰问资金{}", "元"),
)


class YearTally:
    """The running tallies of a year and of each of its months."""

    def __init__(self, year: int, counting: str = NOT_RETURNED) -> None:
        self.year = year
        self.counting = counting
        self.total = MonthTally(counting)
        self.months: dict[str, MonthTally] = {}
        self.month_summaries: dict[str, dict[str, Any]] = {}
        self.units: dict[str, MonthTally] = {}  # each unit's counted reports: its paragraph's figures

    def add(self, month: str, report: dict[str, Any], counted: bool | None = None) -> None:
        self.total.add(report, counted)
        self.months.setdefault(month, MonthTally(self.counting)).add(report, counted)
        if counted if counted is not None else counts(report, self.counting):
            self.units.setdefault(str(report.get("unit_id")), MonthTally(self.counting)).add(report, True)

    def close_month(self, month: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The month's summary, as the monthly compile makes it (same arguments as `MonthTally.summary`);
        the month's tallies are let go, the year keeps what it reads of the summary."""
        found = (self.months.pop(month, None) or MonthTally()).summary(month, *args, **kwargs)
        self.month_summaries[month] = {  # what the year reads of it: memory stays with units × months
            **{key: found[key] for key in ("month", "totals", "headline", "completeness", "plan_overdue")},
            "by_unit": [{k: row[k] for k in ("unit_id", "status", "on_time")} for row in found["by_unit"]],
        }
        return found

    def summary(
        self,
        units: list[dict[str, Any]],
        agreements: list[dict[str, Any]],
        plan: dict[str, Any],
        surveys: list[dict[str, Any]],
        as_of: date,
        county: str,
        jurisdiction: str | None = None,
        previous: dict[str, Any] | None = None,
        notes: Notes | None = None,
    ) -> dict[str, Any]:
        """The year's summary; `previous` is the year before's stored summary (for 同比), `notes` the office's
        words (see `paragraphs`)."""
        names = unit_names(units)
        months = self.month_summaries
        result: dict[str, Any] = {
            "year": str(self.year),
            "year_label": f"{self.year}年",
            "county": county,
            "jurisdiction": jurisdiction_of(county, jurisdiction),
            "as_of": as_of.isoformat(),
            "months": sorted(months),
            **self.total.figures(),
            "by_month": [_month_row(m, months.get(m)) for m in year_months(self.year)],
            "completeness": _completeness(months, names),
            "review": self.total.review_counts(names),
            "by_unit": self._unit_rows(units, months, as_of),
            "co_building": self._co_building(as_of, agreements, names),
            "plan": _plan(plan),
            "surveys": _surveys(surveys, names),
            "last_year": last_year(previous, sorted(months)),
        }
        result["year_on_year"] = year_on_year(result)
        result["narrative"] = paragraphs(result, notes)
        return result

    def _unit_rows(
        self, units: list[dict[str, Any]], months: dict[str, dict[str, Any]], as_of: date
    ) -> list[dict[str, Any]]:
        counts: dict[str, dict[str, int]] = {}
        for found in months.values():
            for row in found["by_unit"]:
                seen = counts.setdefault(row["unit_id"], {"reported": 0, "nil": 0, "missing": 0, "late": 0})
                seen[row["status"]] += 1
                seen["late"] += row["on_time"] is False
        nil_only = [{"unit_id": u, "late": False} for u, seen in counts.items() if seen["nil"]]
        rows = self.total.unit_rows(units, nil_only, as_of)
        for row in rows:
            seen = counts.get(row["unit_id"], {"reported": 0, "nil": 0, "missing": 0, "late": 0})
            row["months_reported"], row["months_nil"] = seen["reported"], seen["nil"]
            row["months_missing"], row["months_late"] = seen["missing"], seen["late"]
            row["on_time"] = None if row["status"] == "missing" else not seen["late"]
            row["work"] = self._work(row["unit_id"])
        return rows

    def _work(self, unit_id: str) -> str:
        """What the unit did, type by type in the summary's order, as the narrative says it ("" for nothing)."""
        tally = self.units.get(unit_id)
        if tally is None:
            return ""
        figures = tally.figures()
        return "；".join(text for area in AREAS for kind in area_types(area) if (text := work_text(kind, figures)))

    def _co_building(self, as_of: date, agreements: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
        found = self.total.co_building(as_of, agreements, names)
        year = str(self.year)

        def brief(agreement: dict[str, Any]) -> dict[str, Any]:
            keys = ("agreement_id", "title", "unit_id", "military_unit", "signed_on", "valid_from", "valid_to")
            return {
                **{k: agreement[k] for k in keys},
                "unit_name": names.get(agreement["unit_id"], agreement["unit_id"]),
            }

        signed = [brief(a) for a in agreements if a["signed_on"][:4] == year]
        ended = [  # no longer in force on `as_of`, since a day of the year: its period ran out, or it was ended
            {**brief(a), "status": effective_status(a, as_of)}
            for a in agreements
            if effective_status(a, as_of) in ENDED and ended_on(a).year == self.year
        ]
        signed.sort(key=lambda a: (a["signed_on"], a["agreement_id"]))
        ended.sort(key=lambda a: (a["valid_to"], a["agreement_id"]))
        return {**found, "signed": signed, "ended": ended}


def _month_row(month: str, found: dict[str, Any] | None) -> dict[str, Any]:
    row: dict[str, Any] = {"month": month, "month_label": month_label(month), "compiled": found is not None}
    totals, head = (found or {}).get("totals", {}), (found or {}).get("headline", {})
    row.update({key: totals.get(key, 0) for key in MONTH_FIGURES})
    row.update({key: head.get(key, 0) for key in HEADLINE_FIGURES})
    if found is None:
        row["visit_funds_yuan"] = to_yuan(0)
    done = (found or {}).get("completeness", {})
    row["units_missing"] = done.get("missing", 0)
    row["plan_overdue"] = len((found or {}).get("plan_overdue", []))
    return row


def _completeness(months: dict[str, dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """The months' completeness added up (unit·months), and each unit's months missing, nil or late."""
    result: dict[str, Any] = {"months": len(months)}
    for key in COMPLETENESS_COUNTS:
        result[key] = sum(found["completeness"][key] for found in months.values())
    for key in ("missing_units", "nil_units", "late_units", "returned_units"):
        per_unit: dict[str, list[str]] = {}
        for month, found in sorted(months.items()):
            for unit in found["completeness"][key]:
                per_unit.setdefault(unit["unit_id"], []).append(month)
        result[key] = [
            {"unit_id": u, "name": names.get(u, u), "months": ms, "count": len(ms)} for u, ms in per_unit.items()
        ]
    return result


def _plan(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's progress without the linked reports' lists (their count stays)."""
    keys = (
        "task_id",
        "area",
        "heading",
        "title",
        "unit_ids",
        "unit_names",
        "window",
        "activity_types",
        "target",
        "progress",
    )
    return {**plan, "tasks": [{k: task.get(k) for k in keys} for task in plan["tasks"]]}


def _surveys(surveys: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    items = [
        {**s, "unit_name": names.get(s["unit_id"], "县双拥办") if s.get("unit_id") else "县双拥办"} for s in surveys
    ]
    return {"run": len(items), "responses": sum(s["responses"] for s in items), "items": items}


# --- the 年度双拥工作总结 ------------------------------------------------------------------


def period_text(summary: dict[str, Any]) -> str:
    """ "2026年" once the year is over, else "2026年1月至8月"."""
    months = summary["months"]
    if len(months) == 12 or not months:
        return summary["year_label"]
    first, last = int(months[0][5:]), int(months[-1][5:])
    return f"{summary['year_label']}{first}月" + (f"至{last}月" if last != first else "")


# The office's own words (GET|PUT /summaries/{year}/notes): {"problems": str | None, "next_steps": str | None,
# "areas": {area code: str}}; a key left out is nothing written.
Notes = Mapping[str, Any]
# The areas' titles in the document; 宣传教育 takes in 国防教育, as the county's summaries say.
SECTION_TITLES: dict[str, str] = {**AREAS, "publicity": "宣传教育（含国防教育）"}
# What only the office can write, after the areas and the units; without its words, a line saying so.
OFFICE_SECTIONS = (("problems", "存在的问题"), ("next_steps", "下一步工作打算"))
PENDING = "（待县双拥办填写）"


def sections(summary: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """The areas of the summary in the county's order: each area's code, its title and the kinds of work it
    reads out (every type belongs to one area: core/catalogue.py's TYPE_AREAS)."""
    return [(area, SECTION_TITLES[area], area_types(area)) for area in AREAS]


def paragraphs(summary: dict[str, Any], notes: Notes | None = None) -> list[dict[str, Any]]:
    """The 年度双拥工作总结: the opening (总体情况: no `section`), then a section per area that has anything to
    say, 各成员单位工作, 存在的问题 and 下一步工作打算. A section is {"topic", "section", "text", "parts"}: its parts
    are paragraphs, those with a `heading` a subsection (a plan's heading, under its area); `text` joins them.
    `notes` puts the office's words in their places: its paragraph of an area first in that area's section."""
    notes = notes or {}
    office = notes.get("areas") or {}
    found: list[dict[str, Any]] = [{"topic": "总体情况", "text": _overview(summary)}]
    for area, title, kinds in sections(summary):
        parts = [_part(line) for line in _lines(office.get(area))]
        if text := _figures(summary, kinds):
            parts.append(_part(text))
        parts += _task_parts(summary, area, title)
        if parts:
            found.append(_section(area, title, parts))
    if units := _unit_lines(summary):
        found.append(_section("units", "各成员单位工作", [_part(line) for line in units]))
    for key, title in OFFICE_SECTIONS:
        found.append(_section(key, title, [_part(line) for line in _lines(notes.get(key)) or [PENDING]]))
    return found


def _part(text: str, heading: str | None = None) -> dict[str, Any]:
    return {"heading": heading, "text": text}


def _section(code: str, title: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"topic": title, "section": code, "text": "".join(p["text"] for p in parts), "parts": parts}


def _lines(text: str | None) -> list[str]:
    """The office's text as paragraphs: a paragraph a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _figures(summary: dict[str, Any], kinds: list[str]) -> str:
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


def _task_parts(summary: dict[str, Any], area: str, title: str) -> list[dict[str, Any]]:
    """The area's plan tasks, a part per heading of the plan (in plan order); a heading that only names the
    area again (组织领导 under 组织领导) is not repeated."""
    tasks = [t for t in summary["plan"]["tasks"] if t["area"] == area]
    parts = []
    for heading in dict.fromkeys(t["heading"] for t in tasks):
        text = _tasks([t for t in tasks if t["heading"] == heading])
        parts.append(_part(text, None if heading in (title, AREAS[area]) else heading))
    return parts


def _unit_lines(summary: dict[str, Any]) -> list[str]:
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
    done = summary["completeness"]
    for key, label in (("missing_units", "未报送"), ("late_units", "逾期报送")):
        if done[key]:
            units = "、".join(f"{u['name']}（{u['count']}个月）" for u in done[key])
            lines.append(f"按月统计，{label}的单位：{units}。")
    return lines


# --- 同比: the same months of the year before ------------------------------------------------------------


def last_year(previous: dict[str, Any] | None, months: list[str]) -> dict[str, Any] | None:
    """What the year before's stored summary says of the same months: the COMPARED figures, added up from its
    months' rows, and, when it covered exactly these months, every type's figures (by "type.figure"). None when
    there is none, it lacks one of the months, or it cannot be read."""
    if not previous or not months:
        return None
    shifted = [f"{int(m[:4]) - 1}{m[4:]}" for m in months]
    try:
        rows = {row["month"]: row for row in previous["by_month"]}
        if not all(rows.get(m, {}).get("compiled") for m in shifted):
            return None
        figures: dict[str, Any] = {key: sum(rows[m][key] for m in shifted) for key, _, _ in COMPARED}
        if previous["months"] == shifted:
            for row in previous["by_type"]:
                figures[f"{row['activity_type']}.reports"] = row["reports"]
                figures.update({f"{row['activity_type']}.{f['code']}": f["value"] for f in row["figures"]})
            figures.update({f"organisation.{r['kind']}": r["meetings"] for r in previous.get("organisation", [])})
    except (KeyError, TypeError, AttributeError):
        return None
    year = str(int(months[0][:4]) - 1)
    return {"year": year, "period": period_text({"months": shifted, "year_label": f"{year}年"}), "figures": figures}


def change(this: Any, last: Any) -> Decimal | None:
    """The change from `last` to `this` in percent, to one decimal, half up; None when `last` is 0 or missing."""
    if not last:
        return None
    return ((Decimal(this) - Decimal(last)) * 100 / Decimal(last)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_on_year(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The COMPARED figures of the year beside the same months of the year before (empty without them)."""
    if summary["last_year"] is None:
        return []
    this = {key: sum(row[key] for row in summary["by_month"]) for key, _, _ in COMPARED}
    last = summary["last_year"]["figures"]
    return [
        {"figure": key, "this": this[key], "last": last[key], "unit": unit, "change": change(this[key], last[key])}
        for key, _, unit in COMPARED
    ]


def _year_on_year_sentence(summary: dict[str, Any]) -> str:
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


def _overview(summary: dict[str, Any]) -> str:
    totals, done, plan = summary["totals"], summary["completeness"], summary["plan"]["counts"]
    text = f"{period_text(summary)}，"
    if totals["reports"]:
        text += (
            f"{summary['jurisdiction']}共有{totals['units_reporting']}个单位报送双拥活动{totals['reports']}项，"
            f"参加{totals['participants']}人次。"
        )
    else:
        text += f"{summary['jurisdiction']}未收到双拥活动报告。"
    text += _year_on_year_sentence(summary) + review_sentence(summary)
    if done["months"]:
        text += (
            f"按月统计，各成员单位应报送{done['expected']}次，已报送{done['reported']}次，"
            f"报告本月无活动{done['nil_reported']}次，未报送{done['missing']}次，逾期报送{done['late']}次。"
        )
    if plan["tasks"]:
        text += (
            f"年度双拥工作计划共{plan['tasks']}项任务，已完成{plan['done']}项，进行中{plan['in_progress']}项，"
            f"未开始{plan['not_started']}项，逾期未报{plan['overdue']}项。"
        )
    if summary["surveys"]["run"]:
        text += f"开展问卷调查{summary['surveys']['run']}次，收回答卷{summary['surveys']['responses']}份。"
    return text


def _agreements(summary: dict[str, Any]) -> str:
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


def _tasks(tasks: list[dict[str, Any]]) -> str:
    by_state: dict[str, list[dict[str, Any]]] = {}
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


def _titles(tasks: list[dict[str, Any]]) -> str:
    return "".join(f"《{t['title']}》" for t in tasks)


def _achieved(task: dict[str, Any]) -> str:
    progress, target = task["progress"], task.get("target")
    if target and progress.get("achieved_text"):
        return f"目标{target['label']}，已完成{progress['achieved_text']}"
    return f"已报送{progress['reports']}项"
