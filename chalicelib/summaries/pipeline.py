"""Summaries of a month or a year: requested through the bucket, compiled by the SQS-triggered function, served.

A period is a month (YYYY-MM) or a year (YYYY: the year to date, added up by the
month's own code, see year_summary.py). A request (the county office's POST, or the
daily schedule after the deadline and lock days) records itself on the period's
summary record and writes `compile-requests/<period>/<request_id>.json` into the
bucket. S3 notifies the compile queue; the queue's function (`compile_month` in
app.py) calls `handle_message`, so a failing compile is retried and ends in the
dead-letter queue.

The compile rebuilds the whole period from the table: it reads each month's reports
by Query page by page, streaming each into the tallies and into the 台账 sheet and
CSV, then renders the rest. The files go under a prefix named by the hash of their
content, so deliveries of the same unchanged period write the same bytes to the same
keys; only when every file is written does the record point at them. A compile that
fails marks its request failed with the reason and leaves the last ready summary
served. A summary is stale when the change counters of its month, or of its year's
months (see storage.py), have moved since the data it was compiled from.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_plus

import simplejson

from chalicelib.core.context import Context
from chalicelib.core.dates import deadline, local_today, lock_date, month_label, month_of, timestamp
from chalicelib.core.errors import InvalidParameter, NotFound
from chalicelib.core.responses import dumps
from chalicelib.deadlines import month_status as calendar
from chalicelib.plans import service as plans
from chalicelib.summaries.year import year_months

log = logging.getLogger(__name__)

REQUEST_PREFIX = "compile-requests/"
REQUEST_KEY = re.compile(r"^compile-requests/(20\d\d(?:-(?:0[1-9]|1[0-2]))?)/([0-9a-f]{32})\.json$")
SUMMARY_PREFIX = "summaries/"
DOWNLOAD_SECONDS = 900
DOWNLOADS = ("xlsx", "csv", "docx")
MAX_REASON = 1000


# --- requests ----------------------------------------------------------------------


def request_key(period: str, request_id: str) -> str:
    return f"{REQUEST_PREFIX}{period}/{request_id}.json"


def is_year(period: str) -> bool:
    return len(period) == 4


def period_label(period: str) -> str:
    return f"{period}年" if is_year(period) else month_label(period)


def request(ctx: Context, period: str, by: str) -> dict[str, Any]:
    """Ask for a compile of a month or a year: the request object's creation in the bucket starts it."""
    future = period > str(local_today(ctx.clock).year) if is_year(period) else calendar.is_future_month(ctx, period)
    if future:
        raise InvalidParameter(f"{period_label(period)}尚未到来，不能汇总")
    asked = {"request_id": uuid.uuid4().hex, "requested_at": timestamp(ctx.clock), "requested_by": by}
    ctx.store.summaries.request(period, asked)
    ctx.s3.put_object(
        Bucket=ctx.config.bucket_name,
        Key=request_key(period, asked["request_id"]),
        Body=dumps({**_identity(period), **asked}).encode("utf-8"),
        ContentType="application/json; charset=utf-8",
    )
    return {"period": period, **_identity(period), "status": "compiling", **asked}


def _identity(period: str) -> dict[str, str]:
    kind = "year" if is_year(period) else "month"
    return {kind: period, f"{kind}_label": period_label(period)}


def scheduled_month(today: date, deadline_day: int, lock_day: int) -> str | None:
    """The month to compile today: the previous one, on the day after its deadline day and after its lock day."""
    previous = month_of(today.replace(day=1) - timedelta(days=1))
    due = {deadline(previous, deadline_day) + timedelta(days=1), lock_date(previous, lock_day) + timedelta(days=1)}
    return previous if today in due else None


def request_scheduled(ctx: Context) -> dict[str, Any] | None:
    """The daily schedule: request last month's compile if today is one of its days."""
    settings = calendar.settings(ctx)
    month = scheduled_month(local_today(ctx.clock), settings.deadline_day, settings.lock_day)
    return request(ctx, month, "schedule") if month else None


# --- the compile ---------------------------------------------------------------------


def handle_message(ctx: Context, body: str) -> list[str]:
    """One SQS message (an S3 notification): compile each requested period; answer the periods compiled.

    S3's test event and objects that are not compile requests are skipped; a failing
    compile raises, so that SQS delivers the message again."""
    try:
        notification = simplejson.loads(body)
    except ValueError:
        log.warning("compile queue: a message that is not JSON was skipped")
        return []
    compiled = []
    for record in notification.get("Records", []) if isinstance(notification, dict) else []:
        key = unquote_plus(record.get("s3", {}).get("object", {}).get("key", ""))
        found = REQUEST_KEY.match(key)
        if not str(record.get("eventName", "")).startswith("ObjectCreated") or not found:
            log.warning("compile queue: skipped %s %s", record.get("eventName"), key)
            continue
        compile_request(ctx, found.group(1), found.group(2))
        compiled.append(found.group(1))
    return compiled


def compile_request(ctx: Context, period: str, request_id: str) -> dict[str, Any]:
    """Compile the period for a request; mark the request ready, or failed with the reason (and raise)."""
    try:
        ready = compile_period(ctx, period)
    except Exception as error:
        reason = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
        ctx.store.summaries.finish_request(period, request_id, "failed", timestamp(ctx.clock), reason[:MAX_REASON])
        log.exception("compile of %s (request %s) failed", period, request_id)
        raise
    ctx.store.summaries.publish(period, {**ready, "request_id": request_id})
    ctx.store.summaries.finish_request(period, request_id, "ready", ready["compiled_at"])
    return ready


def period_changes(ctx: Context, period: str) -> int:
    """The writes the period's summary depends on: the month's change counters, or its twelve months'."""
    if is_year(period):
        return sum(ctx.store.months.changes(month) for month in year_months(int(period)))
    return ctx.store.months.changes(period)


def compile_period(ctx: Context, period: str) -> dict[str, Any]:
    """Rebuild the month or year from the table, write its files under their content's prefix; answer where."""
    changes = period_changes(ctx, period)  # before reading: a write during the compile makes it stale
    with tempfile.TemporaryDirectory(prefix="summary-") as directory:
        build = _year_files if is_year(period) else _month_files
        summary, paths, files = build(ctx, period, Path(directory))
        digest = _digest([paths[fmt] for fmt in files])
        prefix = f"{SUMMARY_PREFIX}{period}/{digest[:32]}/"
        for fmt, (name, _, content_type) in files.items():  # summary.json, which GET reads, last
            with paths[fmt].open("rb") as body:
                ctx.s3.put_object(Bucket=ctx.config.bucket_name, Key=prefix + name, Body=body, ContentType=content_type)
    return {
        "prefix": prefix,
        "digest": digest,
        "changes": changes,
        "reports": summary["totals"]["reports"],
        "compiled_at": timestamp(ctx.clock),
    }


Built = tuple[dict[str, Any], dict[str, Path], dict[str, tuple[str, str, str]]]


def _month_files(ctx: Context, month: str, directory: Path) -> Built:
    """The month's summary and files: its reports streamed, by Query page, into the tallies and the 台账."""
    from chalicelib.plans.progress import overdue_lines
    from chalicelib.summaries.month_files import MonthFiles
    from chalicelib.summaries.tally import MonthTally, month_end

    settings = calendar.settings(ctx)
    units = ctx.store.units.all()
    agreements = ctx.store.agreements.all()
    nil_reports = ctx.store.nil_reports.of_month(month)
    unit_names = {u["unit_id"]: u["name"] for u in units}
    plan = plans.at_close(ctx, int(month[:4]), month_end(month), unit_names)
    tally = MonthTally()
    files = MonthFiles(directory, unit_names, {a["agreement_id"]: a["title"] for a in agreements})
    try:
        for report in ctx.store.reports.of_month(month):
            tally.add(report)
            files.add(report)
        summary = tally.summary(
            month,
            units,
            nil_reports,
            agreements,
            deadline(month, settings.deadline_day),
            ctx.config.county_name,
            overdue_lines(plan),
        )
        return summary, files.finish(summary), files.files
    finally:
        files.close()


def _year_files(ctx: Context, year_text: str, directory: Path) -> Built:
    """The year's summary and files: each month's reports streamed into the month's and the year's
    tallies (the same code as a month's compile) and into the year's 台账."""
    from chalicelib.plans.progress import Moment, overdue_lines, plan_at
    from chalicelib.summaries.tally import month_end
    from chalicelib.summaries.year import YearTally
    from chalicelib.summaries.year_files import YearFiles

    year, today = int(year_text), local_today(ctx.clock)
    settings = calendar.settings(ctx)
    units = ctx.store.units.all()
    agreements = ctx.store.agreements.all()
    unit_names = {u["unit_id"]: u["name"] for u in units}
    tasks, links = ctx.store.plans.of_year(year)
    tally = YearTally(year)
    files = YearFiles(directory, unit_names, {a["agreement_id"]: a["title"] for a in agreements})
    try:
        for month in [m for m in year_months(year) if m <= month_of(today)]:
            for report in ctx.store.reports.of_month(month):
                tally.add(month, report)
                files.add(report)
            closing = plan_at(year, tasks, links, Moment.closing(month_end(month), today), unit_names)
            tally.close_month(
                month,
                units,
                ctx.store.nil_reports.of_month(month),
                agreements,
                deadline(month, settings.deadline_day),
                ctx.config.county_name,
                overdue_lines(closing),
            )
        year_end = date(year, 12, 31)
        plan = plan_at(year, tasks, links, Moment.closing(year_end, today), unit_names)
        as_of = min(year_end, today)
        summary = tally.summary(units, agreements, plan, surveys_run(ctx, year), as_of, ctx.config.county_name)
        return summary, files.finish(summary), files.files
    finally:
        files.close()


def surveys_run(ctx: Context, year: int) -> list[dict[str, Any]]:
    """The surveys opened in the year, with their responses so far."""
    found = [s for s in ctx.store.surveys.all() if str(s.get("opened_at") or "")[:4] == str(year)]
    return [
        {
            "survey_id": s["survey_id"],
            "title": s["title"],
            "unit_id": s.get("unit_id"),
            "opened_at": s["opened_at"],
            "closed_at": s.get("closed_at") or s.get("closes_at"),
            "responses": ctx.store.surveys.count_responses(s["survey_id"]),
        }
        for s in sorted(found, key=lambda s: (s["opened_at"], s["survey_id"]))
    ]


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as data:
            while chunk := data.read(1 << 16):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


# --- reading a summary ---------------------------------------------------------------


def present(ctx: Context, period: str) -> dict[str, Any]:
    """The period's summary as GET /summaries/{period} answers it: status, figures and download links."""
    record = ctx.store.summaries.get(period)
    if record is None:
        raise NotFound(f"{period_label(period)}尚未汇总，请先申请汇总（POST /summaries/{period}）")
    latest = record.get("request", {})
    ready = record.get("ready")
    answer: dict[str, Any] = _identity(period)
    stale = False
    if ready:
        stored = ctx.s3.get_object(Bucket=ctx.config.bucket_name, Key=ready["prefix"] + "summary.json")
        answer.update(simplejson.loads(stored["Body"].read(), use_decimal=True))
        stale = period_changes(ctx, period) != ready["changes"]
        answer["downloads"] = _downloads(ctx, period, ready["prefix"])
    state = latest.get("state", "ready")
    answer.update(
        {
            "status": state if state in ("compiling", "failed") or not ready else "stale" if stale else "ready",
            "stale": stale,
            "compiled_at": ready["compiled_at"] if ready else None,
            "request": latest,
            "failure": record.get("failure"),
        }
    )
    return answer


def _downloads(ctx: Context, period: str, prefix: str) -> dict[str, dict[str, Any]]:
    from chalicelib.summaries.month_files import FILES
    from chalicelib.summaries.year_files import YEAR_FILES

    files = YEAR_FILES if is_year(period) else FILES
    links = {}
    for fmt in DOWNLOADS:
        name, pattern, content_type = files[fmt]
        filename = pattern.format(label=period_label(period))
        disposition = f"attachment; filename=\"{period}-{name}\"; filename*=UTF-8''{quote(filename)}"
        url = ctx.s3.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": ctx.config.bucket_name,
                "Key": prefix + name,
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            ExpiresIn=DOWNLOAD_SECONDS,
        )
        links[fmt] = {"filename": filename, "url": url, "expires_in": DOWNLOAD_SECONDS}
    return links
