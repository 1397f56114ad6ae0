"""A year's summary (to date), added up by the month's own code (pure, no AWS).

`YearTally` feeds every report of the year into one `MonthTally` for the year and
into one per month, so each figure of the year is the sum of the same figure of its
months by construction: the same `add`, over the same reports. Each month's summary
is made as the monthly compile makes it (`MonthTally.summary`), and the year's
completeness, per-month rows and co-building activities are the sums of those.
Then come what only a year has: the plan's progress, the agreements signed and ended
in the year, the surveys run, and the 年度双拥工作总结 paragraphs, whose sections
follow the plan's headings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.agreements.models import AgreementState
from chalicelib.agreements.status import effective_status, ended_on
from chalicelib.core.catalogue import ACTIVITY_TYPES
from chalicelib.core.dates import date_label, month_label, year_months
from chalicelib.core.money import to_yuan
from chalicelib.summaries.narrative import (
    TOPICS,
    cases_sentence,
    jurisdiction_of,
    review_sentence,
    sentence,
    visit_targets,
)
from chalicelib.summaries.tally import NOT_RETURNED, MonthTally
from chalicelib.units.names import unit_names

COMPLETENESS_COUNTS = ("expected", "reported", "nil_reported", "missing", "returned", "on_time", "late")
MONTH_FIGURES = ("reports", "participants", "reports_late", "units_reporting")
HEADLINE_FIGURES = ("symposiums", "troop_visits", "beneficiary_households", "visit_funds_yuan")
ENDED = (AgreementState.EXPIRED, AgreementState.TERMINATED)


class YearTally:
    """The running tallies of a year and of each of its months."""

    def __init__(self, year: int, counting: str = NOT_RETURNED) -> None:
        self.year = year
        self.counting = counting
        self.total = MonthTally(counting)
        self.months: dict[str, MonthTally] = {}
        self.month_summaries: dict[str, dict[str, Any]] = {}

    def add(self, month: str, report: dict[str, Any], counted: bool | None = None) -> None:
        self.total.add(report, counted)
        self.months.setdefault(month, MonthTally(self.counting)).add(report, counted)

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
    ) -> dict[str, Any]:
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
        }
        result["narrative"] = paragraphs(result)
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
        return rows

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
    keys = ("task_id", "heading", "title", "unit_ids", "unit_names", "window", "activity_types", "target", "progress")
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


def sections(summary: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The sections of the summary and the kinds of work each reads out: the plan's headings first, in
    plan order, each with the types its tasks expect; every other type under its usual topic, which is
    the plan's heading of that name if there is one."""
    order: list[tuple[str, list[str]]] = []
    placed: set[str] = set()
    for heading in [h["heading"] for h in summary["plan"]["headings"]]:
        kinds = []
        for task in summary["plan"]["tasks"]:
            if task["heading"] == heading:
                kinds += [k for k in task["activity_types"] if k not in placed and k not in kinds]
        placed.update(kinds)
        order.append((heading, kinds))
    for topic, usual in TOPICS:
        rest = [k for k in usual if k not in placed]
        placed.update(rest)
        section = next((s for s in order if s[0] == topic), None)
        if section is None:
            order.append((topic, rest))
        else:
            section[1].extend(rest)
    catalogue = [a.code for a in ACTIVITY_TYPES]
    return [(heading, sorted(kinds, key=catalogue.index)) for heading, kinds in order]


def paragraphs(summary: dict[str, Any], notes: dict[str, Any] | None = None) -> list[dict[str, str]]:
    found = [{"topic": "总体情况", "text": _overview(summary)}]
    for heading, kinds in sections(summary):
        sentences = [cases_sentence(summary)] if "court_case" in kinds else []
        for kind in kinds:
            if text := sentence(kind, summary):
                sentences.append(text)
                if kind == "visit":
                    sentences.append(visit_targets(summary))
        if "co_building" in kinds:  # every type has one section: the agreements are told once
            sentences.append(_agreements(summary))
        sentences.append(_tasks(summary, heading))
        if text := "".join(sentences):
            found.append({"topic": heading, "text": text})
    return found + office_words(notes)


# --- the office's own words (summaries/notes.py) -----------------------------------------------------------


def office_words(notes: dict[str, Any] | None) -> list[dict[str, str]]:
    """The sections only the office writes, closing the summary as every county's does: 存在的问题, then
    下一步工作打算, each left out while empty. (The paragraph per area, `notes["areas"]`, waits for the
    standard areas' sections.)"""
    closing = (("problems", "存在的问题"), ("next_steps", "下一步工作打算"))
    return [{"topic": topic, "text": notes[key]} for key, topic in closing if notes and notes.get(key)]


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
    text += review_sentence(summary)
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


def _tasks(summary: dict[str, Any], heading: str) -> str:
    tasks = [t for t in summary["plan"]["tasks"] if t["heading"] == heading]
    if not tasks:
        return ""
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
