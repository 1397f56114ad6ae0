"""The one step that writes a period's words, at the end of the one pipeline (compiling.py): a summary is its
figures (tally.py for a month or days, year.py for a year), then its narrative written once from them
(narrative.py, year_narrative.py; a unit's own summary in its own voice, unit_narrative.py), opening with the
county's basic facts of the year (基本情况, chalicelib/profile) when they say anything. A sentence whose facts are
missing is left out, never written with a blank or a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from chalicelib.core.catalogue import AREAS, BENEFICIARY_TARGETS, VISIT_TARGETS, area_types
from chalicelib.core.money import plain_number
from chalicelib.profile.records import ProfileRecord
from chalicelib.summaries.document import PeriodFigures, Summary
from chalicelib.summaries.narrative import paragraphs, work_text
from chalicelib.summaries.parts import Figures
from chalicelib.summaries.unit_narrative import paragraphs as unit_paragraphs
from chalicelib.summaries.year_narrative import paragraphs as year_paragraphs
from chalicelib.summaries.year_parts import OfficeNotes


@dataclass(frozen=True)
class YearWords:
    """What a year's words are written with beyond its figures: the office's own (GET|PUT
    /summaries/{period}/notes) and each unit's figures of the year (year.py `YearTally.unit_figures`)."""

    notes: OfficeNotes
    unit_figures: dict[str, Figures] = field(default_factory=dict)


def narrated(
    figures: PeriodFigures, profile: dict[str, Any] | None, year: int, year_words: YearWords | None = None
) -> Summary:
    """The summary: the period's figures, its narrative, (a year) the notes it was written with, and the year's
    facts it was written with (优待面 needs the entitled households). A year's units each say what they did."""
    summary: Summary = {**figures, "narrative": []}
    if year_words is not None:
        for row in summary["by_unit"]:
            row["work"] = unit_work(year_words.unit_figures.get(row["unit_id"]))
        summary["notes"] = year_words.notes
    summary["profile"] = cast("ProfileRecord | None", profile)  # the year's facts as stored
    if "unit" in summary:  # a unit's own summary: in the unit's voice, with its own notes
        summary["narrative"] = unit_paragraphs(summary, year_words.notes if year_words else None)
    elif year_words is None:
        summary["narrative"] = paragraphs(summary)
    else:
        summary["narrative"] = year_paragraphs(summary, year_words.notes)
    if text := basic_facts(profile or {}, summary["county"], year):
        summary["narrative"].insert(0, {"topic": "基本情况", "text": text})
    return summary


def unit_work(figures: Figures | None) -> str:
    """What a unit did, type by type in the summary's order, as the narrative says it ("" for nothing)."""
    if figures is None:
        return ""
    return "；".join(text for area in AREAS for kind in area_types(area) if (text := work_text(kind, figures)))


# --- 基本情况: the county's facts of the year, before the period's work -------------------------------


def basic_facts(profile: dict[str, Any], county: str, year: int) -> str:
    """ "北湖区辖3个乡镇、5个街道办事处，总人口32.46万人。有各类优抚对象…，辖区内有驻军4处。2019年被评为…" — a
    sentence whose facts are missing is left out, never written with a blank or a zero."""
    area = [
        f"{profile[k]}个{word}" for k, word in (("townships", "乡镇"), ("subdistricts", "街道办事处")) if profile.get(k)
    ]
    first = [f"辖{'、'.join(area)}"] if area else []
    if profile.get("population"):
        first.append(f"总人口{_persons_in_wan(profile['population'])}")
    sentences = [county + "，".join(first) + "。"] if first else []
    people = [_beneficiaries(profile.get("beneficiaries") or {})] if profile.get("beneficiaries") else []
    if profile.get("garrisons"):
        people.append(f"辖区内有驻军{profile['garrisons']}处")
    if people := [p for p in people if p]:
        sentences.append("，".join(people) + "。")
    past = sorted((h for h in profile.get("honours") or [] if int(h["year"]) < year), key=lambda h: int(h["year"]))
    if past:
        won = [f"{h['year']}年{'又' if i else ''}被评为{h['title']}" for i, h in enumerate(past)]
        sentences.append("，".join(won) + "。")
    return "".join(sentences)


def _persons_in_wan(persons: int) -> str:
    """324,600 persons → "32.46万人"; under 100 persons, exactly: "86人"."""
    if persons < 100:
        return f"{persons}人"
    return f"{plain_number((Decimal(persons) / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}万人"


def _beneficiaries(kinds: dict[str, dict[str, Any]]) -> str:
    """ "有各类优抚对象1,234人（其中：烈属12人、军属350户…）；另有军队离退休干部15人": the total only when every
    kind is counted in persons; the 优抚对象 apart from the others visited."""
    ordered = [(code, kinds[code]) for code in VISIT_TARGETS if code in kinds and code != "troops"]
    counted = [(code, c) for code, c in ordered if c.get("persons") or c.get("households")]
    own = [(code, c) for code, c in counted if code in BENEFICIARY_TARGETS]
    others = [(code, c) for code, c in counted if code not in BENEFICIARY_TARGETS]
    clauses = []
    if own:
        listed = "、".join(_kind_count(code, c) for code, c in own)
        if all(c.get("persons") for _, c in own):
            clauses.append(f"有各类优抚对象{sum(c['persons'] for _, c in own)}人（其中：{listed}）")
        else:
            clauses.append(f"有优抚对象{listed}")
    if others:
        clauses.append(("另有" if own else "有") + "、".join(_kind_count(code, c) for code, c in others))
    return "，".join(clauses)


def _kind_count(code: str, counted: dict[str, Any]) -> str:
    persons, households = counted.get("persons"), counted.get("households")
    if persons and households:
        return f"{VISIT_TARGETS[code]}{households}户（{persons}人）"
    return f"{VISIT_TARGETS[code]}{persons}人" if persons else f"{VISIT_TARGETS[code]}{households}户"
