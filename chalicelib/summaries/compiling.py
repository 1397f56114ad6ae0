"""The compile of a period: one pipeline for a month (YYYY-MM), a year to date (YYYY) and any days of a year
(a date range, several, or a festival's window: see periods.py).

The compile rebuilds the whole period from the table: it reads each of the period's
months by Query page by page, streaming each report into the tallies and into the
台账 sheet and CSV, closes each month as the monthly compile closes it, then renders
the rest. The files go under a prefix named by the hash of their content, so
deliveries of the same unchanged period write the same bytes to the same keys; only
when every file is written does the record point at them. A compile that fails marks
its request failed with the reason and leaves the last ready summary served. A
summary is stale when the change counters of its months (see db/keys.py) have moved
since the data it was compiled from.

The month's reports come from GSI1, which DynamoDB keeps eventually consistent: a
report stored a moment ago may be missing from it. So the compile reads each month's
counters strongly first (each unit's count and digest of its live reports, moved in
the same transactions as the reports) and checks that the reports it read of each unit
are exactly those; when a unit's read disagrees while its counters stood still during
the read, the index lagged, and the compile reads the period again, a few times at
most. A compile that never agrees is published unverified, which reads as stale; so,
at once, is one that read reports of a unit-month whose counters never counted any
(stored before the counters existed: reports/recount.py counts them once).
A unit whose counters moved during the read needs no re-read: that write moved the
period's changes too, so the summary reads as stale anyway.

The office's own texts the summary is written with (the county's units and agreements; the year's
profile; for the year, its notes) have change counters too (db/keys.py): the compile reads them before
the texts and keeps them with the summary (`texts`), so a text written meanwhile makes it read as stale.
A year keeps, likewise, which compile of the year before its 同比 was read from (`year_before`, a
content-addressed prefix): a new one that differs makes it stale. A month compiled before its deadline
names those who have not filed 未报（未到期）: once the deadline passes (`next_deadline`) it reads as stale.

A unit's own summary (`unit_id`) is this very compile with a filter: it reads only that unit's reports (one
Query of the month's index per unit), its 本月无活动, its agreements, its plan tasks (those it leads or joins,
with its own linked reports), its surveys, and its own notes; the tallies, the files and the checks are the
county's. Its figures are so the unit's share of the county's, by construction. It depends on its unit's
counters and the plan's only, and on its unit's notes instead of the office's texts of the year.

Which reports count is decided here, report by report (`tally.counts`, by the settings'
`count`): all but those returned for correction, or only those approved. Every live report
read is checked against the counters and noted by its review state; only those that count
are added to the figures and written to the 台账. A review is a write of the report (a new
version), so it moves the counters like an edit and the summary turns stale.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import simplejson

from chalicelib.calendar import month_status
from chalicelib.context import Context
from chalicelib.core.catalogue import TYPE_AREAS
from chalicelib.core.dates import deadline, local_today, month_end, month_of, timestamp
from chalicelib.db.keys import notes_text, summary_name
from chalicelib.db.months import LiveReports, MonthCounts
from chalicelib.files.bucket import summary_prefix
from chalicelib.summaries.document import ReadyCompile, Summary
from chalicelib.summaries.parts import Activity, UnreadableRow
from chalicelib.summaries.periods import Period, resolve
from chalicelib.summaries.year_parts import SummaryPlan, SurveyRun
from chalicelib.surveys.service import surveys_run
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import unit_names

if TYPE_CHECKING:
    from chalicelib.summaries.month_files import MonthFiles

log = logging.getLogger(__name__)

MAX_REASON = 1000
REREAD_WAITS = (0.3, 0.7, 1.5)  # seconds before each new read of a period whose index lagged (GSI: about 1 s)

Built = tuple[Summary, dict[str, Path], dict[str, tuple[str, str, str]]]
Seen = dict[str, dict[str, LiveReports]]  # month → unit → the live reports the compile read


def compile_request(
    ctx: Context,
    period: str,
    request_id: str,
    unit_id: str | None = None,
    build: Callable[[], ReadyCompile | None] | None = None,
) -> ReadyCompile | None:
    """Compile the period (`unit_id`: that unit's own summary; `build`: another compile of it, a level's, which
    answers None while it waits) for a request; mark the request ready, or failed with the reason (and raise)."""
    name = summary_name(period, unit_id)
    try:
        ready = build() if build else compile_period(ctx, period, unit_id)
        if ready is None:
            return None
    except Exception as error:
        reason = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
        ctx.store.summaries.finish_request(name, request_id, "failed", timestamp(ctx.clock), reason[:MAX_REASON])
        log.exception("compile of %s (request %s) failed", name, request_id)
        raise
    ctx.store.summaries.publish(name, {**ready, "request_id": request_id})
    ctx.store.summaries.finish_request(name, request_id, "ready", ready["compiled_at"])
    return ready


def months_to_date(period: Period, today: date) -> list[str]:
    """The period's months that have begun (a month asked for is always its own)."""
    return [m for m in period.months if m <= month_of(today)] if period.kind != "month" else period.months


def summary_of(ctx: Context, ready: ReadyCompile) -> Summary:
    """A ready compile's summary as it wrote it (summary.json)."""
    found = cast(Summary, simplejson.loads(ctx.bucket.read(ready["prefix"] + "summary.json"), use_decimal=True))
    return found


def period_changes(ctx: Context, period: Period, unit_id: str | None = None) -> int:
    """The writes the period's summary depends on: the change counters of its months (a unit's own summary:
    its unit's and the plan's)."""
    return sum(ctx.store.months.changes(month, unit_id) for month in period.months)


def period_texts(period: Period, unit_id: str | None = None) -> tuple[str, ...]:
    """What the office wrote that the period's summary is written with (db/keys.py): the county's units and
    agreements, the year's basic facts, and for the year its notes (存在的问题, 下一步工作打算 …); a unit's own
    summary is written with the registers and, for the year, its unit's own notes (not the county's facts)."""
    if unit_id:
        return ("units", "agreements", *((notes_text(unit_id),) if period.kind == "year" else ()))
    return ("units", "agreements", "profile", *((notes_text(),) if period.kind == "year" else ()))


def files_class(period: Period, unit_id: str | None = None) -> type[MonthFiles]:
    """The writer of the period's files (openpyxl and python-docx load only with it): a unit's own are its 台账
    and its own draft (unit_files.py)."""
    from chalicelib.summaries.month_files import DaysFiles, MonthFiles
    from chalicelib.summaries.unit_files import UnitFiles, UnitYearFiles
    from chalicelib.summaries.year_files import YearFiles

    if unit_id:
        return UnitYearFiles if period.kind == "year" else UnitFiles
    return {"year": YearFiles, "days": DaysFiles}.get(period.kind, MonthFiles)


def compile_period(ctx: Context, text: str, unit_id: str | None = None) -> ReadyCompile:
    """Rebuild the period from the table (`unit_id`: that unit's own summary of it), write its files under their
    content's prefix; answer where.

    `verified` says whether the reports read agreed with the counters (see the module's text)."""
    period = resolve(ctx, text)
    name = summary_name(text, unit_id)
    for attempt in range(len(REREAD_WAITS) + 1):
        counted = {month: ctx.store.months.counts(month) for month in period.months}  # strong reads, first
        changes = sum(counts.changes_of(unit_id) for counts in counted.values())  # a write from now: stale
        texts = ctx.store.summaries.texts(period.year, period_texts(period, unit_id))  # so does a text's
        year_before = _year_before(ctx, period, unit_id)  # and, for a year, a new compile of the year before (同比)
        with tempfile.TemporaryDirectory(prefix="summary-") as directory:
            seen: Seen = {}
            norms: dict[str, Any] = {}  # what a month's counted reports add to the history (summaries/quality.py)
            summary, paths, files = _build(ctx, period, Path(directory), seen, year_before, norms, unit_id)
            lagging, uncounted = _disagreeing(ctx, counted, seen, unit_id)
            if lagging and not uncounted and attempt < len(REREAD_WAITS):
                log.info("compile of %s: the index lagged for %s; reading again", name, _some(lagging))
                time.sleep(REREAD_WAITS[attempt])
                continue
            digest = _digest([paths[fmt] for fmt in files])
            prefix = summary_prefix(ctx.org, name, digest[:32])
            for fmt, (stored_as, _, content_type) in files.items():  # summary.json, which GET reads, last
                with paths[fmt].open("rb") as body:
                    ctx.bucket.put(prefix + stored_as, body, content_type)
            break
    if uncounted:
        log.warning(
            "compile of %s read reports never counted in %s (run chalicelib.reports.recount once): published as stale",
            name,
            _some(uncounted),
        )
    elif lagging:
        log.warning("compile of %s never agreed with the counters of %s: published as stale", name, _some(lagging))
    return cast(
        ReadyCompile,
        {
            "prefix": prefix,
            "digest": digest,
            "changes": changes,
            "texts": texts,
            **({"year_before": year_before["prefix"] if year_before else None} if period.kind == "year" else {}),
            **({"norms": norms} if period.kind == "month" and not unit_id else {}),
            "verified": not lagging,
            "next_deadline": _next_deadline(ctx, period),
            "reports": summary["totals"]["reports"],
            "compiled_at": timestamp(ctx.clock),
        },
    )


def _next_deadline(ctx: Context, period: Period) -> str | None:
    """The first deadline still ahead of a month the compile judged who reported in: once it passes, those who
    had not filed are 缺报, no longer 未报（未到期）, so the summary reads as stale (days that are not a month
    judge no one)."""
    if period.kind == "days":
        return None
    today, day = local_today(ctx.clock), month_status.settings(ctx).deadline_day
    ahead = [due_by for month in months_to_date(period, today) if (due_by := deadline(month, day)) >= today]
    return min(ahead).isoformat() if ahead else None


def _disagreeing(
    ctx: Context, counted: dict[str, MonthCounts], seen: Seen, unit_id: str | None = None
) -> tuple[list[str], list[str]]:
    """The unit-months (`<month>/<unit>`) whose reports read differ from their counters although the
    counters stood still while the compile read: what only a lagging index explains, or reports stored
    without counters; and of those, the ones whose counters never counted a report (`live` absent: reports
    stored before the counters existed, see reports/recount.py), which no new read can mend. A unit's own
    summary read its unit's reports only, and is checked against its unit's counters only."""
    lagging, uncounted = [], []

    def read(counts: MonthCounts) -> dict[str, LiveReports]:
        return {u: live for u, live in counts.units.items() if unit_id is None or u == unit_id}

    for month, found in seen.items():
        before, after = read(counted[month]), read(ctx.store.months.counts(month))
        for unit in sorted(set(before) | set(found)):
            if before.get(unit) != after.get(unit):
                continue  # written meanwhile: the period's changes moved, so the summary reads as stale
            if before.get(unit, LiveReports()) != found.get(unit, LiveReports()):
                lagging.append(f"{month}/{unit}")
                if unit not in before:
                    uncounted.append(f"{month}/{unit}")
    return lagging, uncounted


def _some(unit_months: list[str], shown: int = 10) -> str:
    """The first few unit-months named, and how many in all."""
    more = f" … ({len(unit_months)} in all)" if len(unit_months) > shown else ""
    return ", ".join(unit_months[:shown]) + more


def _year_before(ctx: Context, period: Period, unit_id: str | None = None) -> ReadyCompile | None:
    """For a year, the year before's last ready compile (its record's `ready`; of the same unit's own summary),
    which its 同比 is read from."""
    if period.kind != "year":
        return None
    record = ctx.store.summaries.get(summary_name(str(period.year - 1), unit_id))
    return cast("ReadyCompile | None", (record or {}).get("ready"))


def _build(
    ctx: Context,
    period: Period,
    directory: Path,
    seen: Seen,
    year_before: ReadyCompile | None,
    norms: dict[str, Any],
    unit_id: str | None = None,
) -> Built:
    """The period's summary and files: each month's reports streamed, by Query page, into the tallies and the
    台账, and into `seen` (what was read of each unit); each month closed as the monthly compile closes it
    (its plan tasks overdue at its close). Of a month a stretch of days only touches, the reports of its days.
    A year reads `year_before`'s summary (同比) and the office's notes (see year.paragraphs). With `unit_id`, all
    of it is that unit's own (see the module's text), and its counted activities are listed (`activities`)."""
    from chalicelib.plans.progress import Moment, overdue_lines, plan_at
    from chalicelib.reports.figures import UnreadableReport
    from chalicelib.reports.models import counts
    from chalicelib.summaries import notes
    from chalicelib.summaries.narrate import YearWords, narrated
    from chalicelib.summaries.period_tallies import DaysPeriod, MonthPeriod
    from chalicelib.summaries.quality import QualityCheck
    from chalicelib.summaries.registry import registry_of
    from chalicelib.summaries.year import YearTally

    year, today = period.year, local_today(ctx.clock)
    settings = month_status.settings(ctx)
    counting, county = settings.count, ctx.config.county_name
    every_unit = cast(list[UnitRecord], ctx.store.units.all())
    names = unit_names(every_unit)
    units = [u for u in every_unit if u["unit_id"] == unit_id] if unit_id else every_unit
    agreements = ctx.store.agreements.all(unit_id)
    tasks, links = ctx.store.plans.of_year(year)
    profile = ctx.store.profiles.get(year)
    quality = QualityCheck(ctx, months_to_date(period, today), year, profile, agreements, names)
    activities: list[Activity] = []  # a unit's own summary names each of its activities
    tally: YearTally | MonthPeriod | DaysPeriod = (
        YearTally(year, counting)
        if period.kind == "year"
        else DaysPeriod(period, counting)
        if period.kind == "days"
        else MonthPeriod(counting)
    )
    files = files_class(period, unit_id)(directory, names, {a["agreement_id"]: a["title"] for a in agreements})
    unreadable: list[UnreadableRow] = []
    year_words = None
    try:
        for month in months_to_date(period, today):
            read = seen.setdefault(month, {})
            for report in ctx.store.reports.of_month(month, unit_id):
                author = str(report.get("unit_id"))
                read[author] = read.get(author, LiveReports()).plus(
                    str(report.get("report_id")), report.get("version", 0)
                )
                if not period.holds(str(report.get("occurred_on"))):
                    continue
                counted = counts(report, counting)
                try:  # one stored report the compile cannot read is named, not the month's failure
                    row = files.row(report) if counted else None
                    tally.add(month, report, counted)
                except UnreadableReport as error:
                    unreadable.append(_unreadable(report, month, names, error))
                    continue
                if row is not None:  # the 台账 lists what the figures count
                    files.write(row)
                    quality.add(month, report)
                    if unit_id:
                        activities.append(_activity(report))
            closing = plan_at(year, tasks, links, Moment.closing(month_end(month), today), names, unit_id)
            nil_reports = [n for n in ctx.store.nil_reports.of_month(month) if unit_id in (None, n["unit_id"])]
            due_by = deadline(month, settings.deadline_day)
            tally.close_month(
                month,
                units,
                nil_reports,
                agreements,
                due_by,
                county,
                overdue_lines(closing),
                jurisdiction=settings.jurisdiction,
                due=today > due_by,  # before its deadline no one is 缺报 in it
            )
        if isinstance(tally, YearTally):
            year_end = date(year, 12, 31)
            plan = cast(SummaryPlan, plan_at(year, tasks, links, Moment.closing(year_end, today), names, unit_id))
            as_of = min(year_end, today)
            surveys = [
                s for s in cast("list[SurveyRun]", surveys_run(ctx, year)) if unit_id in (None, s.get("unit_id"))
            ]
            previous = summary_of(ctx, year_before) if year_before else None
            figures = tally.year_figures(
                units, agreements, plan, surveys, as_of, county, settings.jurisdiction, previous
            )
            year_words = YearWords(notes.for_compile(ctx, year, unit_id), tally.unit_figures())
        elif isinstance(tally, DaysPeriod):
            figures = tally.period_figures(units, agreements, min(period.last, today), county, settings.jurisdiction)
        else:
            figures = tally.closed
        if unit_id:
            figures["unit"] = {"unit_id": unit_id, "name": names.get(unit_id, unit_id)}
            figures["activities"] = sorted(activities, key=lambda a: (a["occurred_on"], a["report_id"]))
        summary = narrated(figures, None if unit_id else profile, year, year_words)  # the words, once
        summary["unreadable"] = unreadable
        summary["figures"] = registry_of(summary).shown(summary)  # what the page shows, by the registry
        summary["quality"] = quality.result()
        norms.update(quality.norms)
        return summary, files.finish(summary), files.files
    finally:
        files.close()


def _activity(report: dict[str, Any]) -> Activity:
    """A counted report as a unit's own summary names it."""
    kind = str(report["activity_type"])
    return {
        "report_id": str(report["report_id"]),
        "occurred_on": str(report["occurred_on"]),
        "title": str(report.get("title", "")),
        "activity_type": kind,
        "area": TYPE_AREAS[kind],
        "counterpart": str(report.get("counterpart") or ""),
        "participants": int(report.get("participants") or 0),
        "photos": len(report.get("photos") or []),
    }


def _unreadable(report: dict[str, Any], month: str, names: dict[str, str], error: Exception) -> UnreadableRow:
    """A report left out of the figures, named so that the county office can have it corrected."""
    unit_id = str(report.get("unit_id"))
    log.warning("compile left out report %s of %s: %s", report.get("report_id"), month, error)
    return {
        "report_id": str(report.get("report_id")),
        "month": month,
        "unit_id": unit_id,
        "unit_name": names.get(unit_id, unit_id),
        "title": str(report.get("title", "")),
        "reason": str(error),
    }


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as data:
            while chunk := data.read(1 << 16):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()
