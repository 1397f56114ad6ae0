"""A city's or a province's summary of a period: the exact sum of its counties' (issue 29).

The compile of an organisation with counties below it reads no report. It reads each county's own summary of the
same period (a named festival: the days the city's calendar gives it), with whether it is stale as GET
/summaries/{period} decides (reading.py `standing`). A county whose summary is missing or stale is asked to
compile (`ask`: the county's own request, by the system, through the same queue, so each county compiles within
the compile's own time limit), and the level's compile answers which counties it waits for: its request is put
again to be taken later (requests.py). When every county is fresh, their figures are added up as their
summary.json holds them (counts exactly, money in Decimal yuan with its cents: a sum of exact sums), each county
is named with its totals and who reported (`by_org`), and the level's words and files are written from the sums.
The level's summary remembers which compile of each county it added (`counties`: their digests), so a county
compiled again, or stale, makes it stale too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

from chalicelib.context import Context
from chalicelib.core.dates import local_today, timestamp
from chalicelib.core.money import to_fen, wan_text
from chalicelib.core.responses import dumps
from chalicelib.files.bucket import summary_prefix
from chalicelib.files.documents import DOCX
from chalicelib.files.spreadsheets import XLSX, add_sheet, csv_bytes, new_workbook, workbook_bytes
from chalicelib.orgs.records import Org
from chalicelib.summaries.compiling import compile_period, period_changes, period_texts, summary_of
from chalicelib.summaries.document import ReadyCompile, Summary
from chalicelib.summaries.month_document import type_table, written_bytes
from chalicelib.summaries.narrate import unit_work
from chalicelib.summaries.narrative import TOPICS, sentence, summary_label
from chalicelib.summaries.parts import OrgRow, Paragraph
from chalicelib.summaries.periods import Period, identity
from chalicelib.summaries.standing import standing

Ask = Callable[[Context, str], object]  # asks a county's compile of the period (requests.py `request`)

DIRECT_UNITS = {"city": "市直单位", "province": "省直单位"}  # a level's own member units, as its summary names them
LEVEL_WORDS = {"省": "全省", "市": "全市", "州": "全州", "盟": "全盟"}
ORG_FILES: dict[str, tuple[str, str, str]] = {
    "xlsx": ("summary.xlsx", "{unit}{label}双拥工作汇总（分县）.xlsx", XLSX),
    "csv": ("by_org.csv", "{unit}{label}各县双拥工作汇总.csv", "text/csv; charset=utf-8"),
    "docx": ("report.docx", "{unit}{label}双拥工作情况汇报（草稿）.docx", DOCX),
    "json": ("summary.json", "{unit}{label}双拥工作汇总.json", "application/json; charset=utf-8"),
}
ORG_YEAR_FILES = {**ORG_FILES, "docx": ("report.docx", "{unit}{label}度双拥工作总结（草稿）.docx", DOCX)}
BY_ORG_HEADER = (
    "县（区）",
    "应报送单位",
    "已报送",
    "报本月无活动",
    "报送率",
    "活动项数",
    "参加人次",
    "走访慰问资金（元）",
)
# The parts of a summary that add up over counties; rows of a list part are told apart by these fields.
SUMMED = ("totals", "by_type", "by_target", "headline", "preferential", "organisation", "military_cases", "honours")
ROW_KEYS = (("activity_type",), ("code",), ("category", "target"), ("target",), ("kind",))


def county_period(period: Period) -> str:
    """The period as each county is asked for it: its own text, or for a named festival the days the level's
    calendar gives it (a county's own calendar may place the festival otherwise)."""
    if period.kind != "days":
        return period.text
    return "+".join(f"{first.isoformat()}..{last.isoformat()}" for first, last in period.ranges)


def compile_level(
    ctx: Context, period: Period, org: Org, counties: Sequence[Org], ask: Ask
) -> ReadyCompile | list[str]:
    """The level's summary of the period from its counties' (see the module's doc); or, while some are missing
    or stale, the names of those it asked for or waits for."""
    text = county_period(period)
    fresh: list[tuple[Org, str, Summary]] = []
    waiting: list[str] = []
    for county in counties:
        within = ctx.within(county["org_id"], county["name"])
        record, stale, summary = standing(within, text)
        if record is None or summary is None or stale:
            if (record or {}).get("request", {}).get("state") != "compiling":  # asked again once it has ended
                ask(within, text)
            waiting.append(county["name"])
        else:
            fresh.append((county, str(record["ready"]["digest"]), summary))
    if waiting:
        return waiting
    direct = _direct_units(ctx, period, org)
    members = [(county, summary) for county, _, summary in fresh] + ([direct[0]] if direct else [])
    summary = _summed(ctx, period, org, members)
    files = _files(summary, members)
    digest = hashlib.sha256(b"\0".join(data for _, data, _ in files.values())).hexdigest()
    prefix = summary_prefix(ctx.org, period.text, digest[:32])
    for name, data, content_type in files.values():
        ctx.bucket.put(prefix + name, data, content_type)
    return cast(
        ReadyCompile,
        {
            "prefix": prefix,
            "digest": digest,
            # its own direct units' writes and texts (its counties' count through `counties`)
            "changes": direct[1]["changes"] if direct else period_changes(ctx, period),
            "texts": direct[1]["texts"] if direct else ctx.store.summaries.texts(period.year, period_texts(period)),
            "counties": {county["org_id"]: digest_of for county, digest_of, _ in fresh},
            "county_period": text,
            "verified": direct[1]["verified"] if direct else True,
            "reports": summary["totals"]["reports"],
            "compiled_at": timestamp(ctx.clock),
        },
    )


def _direct_units(ctx: Context, period: Period, org: Org) -> tuple[tuple[Org, Summary], ReadyCompile] | None:
    """The level's own member units (市直单位), if it registered any: compiled here as a county's are (a handful
    of units, within this compile's time), named as one more member of the level."""
    if not ctx.store.units.all():
        return None
    ready = compile_period(ctx, period.text)
    direct: Org = {**org, "name": f"{org['name']}{DIRECT_UNITS.get(org['level'], '直属单位')}", "level": "county"}
    return (direct, summary_of(ctx, ready)), ready


def added(first: Any, second: Any) -> Any:
    """Two counties' parts added up: numbers summed (Decimal yuan exactly), flags either, rows of a list by their
    key (an activity type, a figure's code, a target …), other lists one after the other; words are the first's."""
    if isinstance(first, bool):
        return first or second
    if isinstance(first, int | Decimal):
        return first + second
    if isinstance(first, dict):
        both = {k: added(v, second[k]) if k in second else v for k, v in first.items()}
        return {**both, **{k: v for k, v in second.items() if k not in first}}
    if isinstance(first, list) and (key := _row_key(first + second)):
        rows: dict[tuple[Any, ...], Any] = {}
        for row in first + second:
            found = tuple(row.get(field) for field in key)
            rows[found] = added(rows[found], row) if found in rows else row
        return list(rows.values())
    if isinstance(first, list):
        return first + second
    return first


def _row_key(rows: list[Any]) -> tuple[str, ...] | None:
    for key in ROW_KEYS:
        if rows and all(isinstance(row, dict) and all(field in row for field in key) for row in rows):
            return key
    return None


def _summed(ctx: Context, period: Period, org: Org, counties: list[tuple[Org, Summary]]) -> Summary:
    """The level's summary: its counties' figures added up, each county's row, and the words."""
    figures: dict[str, Any] = {part: counties[0][1].get(part) for part in SUMMED}
    for _, summary in counties[1:]:
        figures = {part: added(figures[part], summary.get(part)) for part in SUMMED}
    headline = figures["headline"]
    headline["visit_funds_text"] = wan_text(to_fen(headline["visit_funds_yuan"]))
    whole = LEVEL_WORDS.get(org["name"][-1:], "全省" if org["level"] == "province" else "全市")
    by_org = [_org_row(county, summary) for county, summary in counties]
    summary = cast(
        Summary,
        {
            **identity(period),
            **figures,
            "org": {"org_id": org["org_id"], "name": org["name"], "level": org["level"]},
            "county": org["name"],
            "jurisdiction": whole,
            "as_of": min(period.ranges[-1][1], local_today(ctx.clock)).isoformat(),
            "by_org": by_org,
            "completeness": None,
            "by_unit": [],
            "narrative": [],
        },
    )
    summary["narrative"] = _paragraphs(summary, counties)
    return summary


def _org_row(county: Org, summary: Summary) -> OrgRow:
    """A county as the level's summary names it: its totals and who reported (a month's, or a year's unit·months;
    days that are not a month judge no one)."""
    done = cast(dict[str, Any], summary.get("completeness") or {})
    expected, reported, nil = (int(done.get(k, 0)) for k in ("expected", "reported", "nil_reported"))
    rate = (Decimal(100 * (reported + nil)) / expected).quantize(Decimal("0.1")) if expected else None
    return {
        "org_id": county["org_id"],
        "name": county["name"],
        "totals": summary["totals"],
        "visit_funds_yuan": summary["headline"]["visit_funds_yuan"],
        "completeness": {"expected": expected, "reported": reported, "nil_reported": nil, "rate": rate}
        if done
        else None,
    }


def _paragraphs(summary: Summary, counties: list[tuple[Org, Summary]]) -> list[Paragraph]:
    """The level's words: the whole, then each area of work as the counties' sums tell it, then a paragraph per
    county (who reported, and what its units did, type by type)."""
    totals, whole, label = summary["totals"], summary["jurisdiction"], summary_label(summary)
    rows = summary.get("by_org", [])
    level = summary["org"]["org_id"] if "org" in summary else None
    opening = f"{label}，{whole}{sum(1 for row in rows if row['org_id'] != level)}个县（区）"
    if any(row["org_id"] == level for row in rows):
        opening += f"和{rows[-1]['name']}"
    if totals["reports"]:
        reported = f"共有{totals['units_reporting']}个单位报送双拥活动{totals['reports']}项"
        opening += f"{reported}，参加{totals['participants']}人次。"
    else:
        opening += "均未收到双拥活动报告。"
    rated = [f"{row['name']}{done['rate']}%" for row in rows if (done := row["completeness"]) and done["expected"]]
    if rated:
        opening += "各县报送率：" + "，".join(rated) + "。"
    found: list[Paragraph] = [{"topic": "总体情况", "text": opening}]
    for topic, kinds in TOPICS:
        if text := "".join(sentence(kind, summary) for kind in kinds):
            found.append({"topic": topic, "text": text})
    for (county, own), row in zip(counties, rows, strict=True):
        found.append({"topic": county["name"], "text": _county_text(county, own, row)})
    return found


def _county_text(county: Org, own: Summary, row: OrgRow) -> str:
    done, totals = row["completeness"], own["totals"]
    said = [f"应报送单位{done['expected']}个，已报送{done['reported']}个"] if done else []
    if done and done["nil_reported"]:
        said[0] += f"，报本月无活动{done['nil_reported']}个"
    if totals["reports"]:
        said.append(f"报送双拥活动{totals['reports']}项，参加{totals['participants']}人次")
        if work := unit_work(own):
            said.append(work)
    else:
        said.append("未收到双拥活动报告")
    return f"{county['name']}" + "；".join(said) + "。"


def files_of(period: Period) -> dict[str, tuple[str, str, str]]:
    """The level's files of a period: a year's Word file is its 年度双拥工作总结, any other period's its 情况汇报."""
    return ORG_YEAR_FILES if period.kind == "year" else ORG_FILES


def _files(summary: Summary, counties: list[tuple[Org, Summary]]) -> dict[str, tuple[str, bytes, str]]:
    """The level's files (`files_of`): the workbook (a sheet of the counties, then a sheet per county of its
    activity types, as the county's own 情况汇报 tables them), the counties as CSV, the Word 情况汇报 (a
    paragraph per county) and summary.json."""
    table = [_by_org_cells(row) for row in summary.get("by_org", [])]
    workbook = new_workbook()
    add_sheet(workbook, "各县汇总", BY_ORG_HEADER, [*table, _total_cells(summary)])
    for county, own in counties:
        _, header, lines, _ = type_table("", own)
        add_sheet(workbook, county["name"][:31], header, lines)
    level = summary["county"]
    kind = "度双拥工作总结" if "year" in summary else "双拥工作情况汇报"
    title = f"{level}{summary_label(summary)}{kind}（草稿）"
    note = f"（{level}双拥办 · 草稿 · 据各县（区）汇总）"
    sections = [(p["topic"], [p["text"]]) for p in summary["narrative"]]
    docx = written_bytes(title, note, level, [], sections, [type_table("附表：分类型统计", summary)])
    made = {
        "xlsx": workbook_bytes(workbook),
        "csv": csv_bytes(BY_ORG_HEADER, table),
        "docx": docx,
        "json": dumps(summary).encode("utf-8"),
    }
    return {fmt: (name, made[fmt], content_type) for fmt, (name, _, content_type) in ORG_FILES.items()}


def _by_org_cells(row: OrgRow) -> list[Any]:
    done, totals = row["completeness"], row["totals"]
    said = [done["expected"], done["reported"], done["nil_reported"], f"{done['rate']}%"] if done else ["", "", "", ""]
    if done and done["rate"] is None:
        said[3] = ""
    return [row["name"], *said, totals["reports"], totals["participants"], row["visit_funds_yuan"]]


def _total_cells(summary: Summary) -> list[Any]:
    done = [row["completeness"] for row in summary.get("by_org", []) if row["completeness"]]
    counts = [sum(d[k] for d in done) if done else "" for k in ("expected", "reported", "nil_reported")]
    totals = summary["totals"]
    return ["合计", *counts, "", totals["reports"], totals["participants"], summary["headline"]["visit_funds_yuan"]]
