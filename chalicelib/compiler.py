"""The monthly summary: requested through the bucket, compiled by the SQS-triggered function, served.

A request (the county office's POST, or the daily schedule after the deadline and
lock days) records itself on the month's summary record and writes
`compile-requests/<month>/<request_id>.json` into the bucket. S3 notifies the
compile queue; the queue's function (`compile_month` in app.py) calls
`handle_message`, so a failing compile is retried and ends in the dead-letter queue.

The compile rebuilds the whole month from the table: it reads the month's reports
by Query page by page, streaming each into the tallies and into the 台账 sheet and
CSV, then renders the rest. The files go under a prefix named by the hash of their
content, so deliveries of the same unchanged month write the same bytes to the same
keys; only when every file is written does the record point at them. A compile that
fails marks its request failed with the reason and leaves the last ready summary
served. A summary is stale when the month's change counters (see storage.py) have
moved since the data it was compiled from.
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

from . import calendar
from .context import Context
from .errors import InvalidParameter, NotFound
from .months import deadline, local_today, lock_date, month_label, month_of, timestamp
from .responses import dumps

log = logging.getLogger(__name__)

REQUEST_PREFIX = "compile-requests/"
REQUEST_KEY = re.compile(r"^compile-requests/(20\d\d-(?:0[1-9]|1[0-2]))/([0-9a-f]{32})\.json$")
SUMMARY_PREFIX = "summaries/"
DOWNLOAD_SECONDS = 900
DOWNLOADS = ("xlsx", "csv", "docx")
MAX_REASON = 1000


# --- requests ----------------------------------------------------------------------


def request_key(month: str, request_id: str) -> str:
    return f"{REQUEST_PREFIX}{month}/{request_id}.json"


def request(ctx: Context, month: str, by: str) -> dict[str, Any]:
    """Ask for a compile of `month`: the request object's creation in the bucket starts it."""
    if calendar.is_future_month(ctx, month):
        raise InvalidParameter(f"{month_label(month)}尚未到来，不能汇总")
    asked = {"request_id": uuid.uuid4().hex, "requested_at": timestamp(ctx.clock), "requested_by": by}
    ctx.store.request_summary(month, asked)
    ctx.s3.put_object(
        Bucket=ctx.config.bucket_name,
        Key=request_key(month, asked["request_id"]),
        Body=dumps({"month": month, **asked}).encode("utf-8"),
        ContentType="application/json; charset=utf-8",
    )
    return {"month": month, "status": "compiling", **asked}


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
    """One SQS message (an S3 notification): compile each requested month; answer the months compiled.

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


def compile_request(ctx: Context, month: str, request_id: str) -> dict[str, Any]:
    """Compile the month for a request; mark the request ready, or failed with the reason (and raise)."""
    try:
        ready = compile_month(ctx, month)
    except Exception as error:
        reason = str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
        ctx.store.finish_summary_request(month, request_id, "failed", timestamp(ctx.clock), reason[:MAX_REASON])
        log.exception("compile of %s (request %s) failed", month, request_id)
        raise
    ctx.store.publish_summary(month, {**ready, "request_id": request_id})
    ctx.store.finish_summary_request(month, request_id, "ready", ready["compiled_at"])
    return ready


def compile_month(ctx: Context, month: str) -> dict[str, Any]:
    """Rebuild the month from the table, write its files under their content's prefix; answer where."""
    from .exports import FILES, MonthFiles
    from .summaries import MonthTally

    changes = ctx.store.month_changes(month)  # before reading: a write during the compile makes it stale
    settings = calendar.settings(ctx)
    units = ctx.store.list_units()
    agreements = ctx.store.list_agreements()
    nil_reports = ctx.store.month_nil_reports(month)
    tally = MonthTally()
    with tempfile.TemporaryDirectory(prefix="summary-") as directory:
        unit_names = {u["unit_id"]: u["name"] for u in units}
        files = MonthFiles(Path(directory), unit_names, {a["agreement_id"]: a["title"] for a in agreements})
        try:
            for report in ctx.store.month_reports(month):
                tally.add(report)
                files.add(report)
            summary = tally.summary(
                month, units, nil_reports, agreements, deadline(month, settings.deadline_day), ctx.config.county_name
            )
            paths = files.finish(summary)
        finally:
            files.close()
        digest = _digest([paths[fmt] for fmt in FILES])
        prefix = f"{SUMMARY_PREFIX}{month}/{digest[:32]}/"
        for fmt, (name, _, content_type) in FILES.items():  # summary.json, which GET reads, last
            with paths[fmt].open("rb") as body:
                ctx.s3.put_object(Bucket=ctx.config.bucket_name, Key=prefix + name, Body=body, ContentType=content_type)
    return {
        "prefix": prefix,
        "digest": digest,
        "changes": changes,
        "reports": summary["totals"]["reports"],
        "compiled_at": timestamp(ctx.clock),
    }


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as data:
            while chunk := data.read(1 << 16):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


# --- reading a summary ---------------------------------------------------------------


def present(ctx: Context, month: str) -> dict[str, Any]:
    """The month's summary as GET /summaries/{month} answers it: status, figures and download links."""
    record = ctx.store.get_summary_record(month)
    if record is None:
        raise NotFound(f"{month_label(month)}尚未汇总，请先申请汇总（POST /summaries/{month}）")
    latest = record.get("request", {})
    ready = record.get("ready")
    answer: dict[str, Any] = {"month": month, "month_label": month_label(month)}
    stale = False
    if ready:
        stored = ctx.s3.get_object(Bucket=ctx.config.bucket_name, Key=ready["prefix"] + "summary.json")
        answer.update(simplejson.loads(stored["Body"].read(), use_decimal=True))
        stale = ctx.store.month_changes(month) != ready["changes"]
        answer["downloads"] = _downloads(ctx, month, ready["prefix"])
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


def _downloads(ctx: Context, month: str, prefix: str) -> dict[str, dict[str, Any]]:
    from .exports import FILES

    links = {}
    for fmt in DOWNLOADS:
        name, pattern, content_type = FILES[fmt]
        filename = pattern.format(label=month_label(month))
        disposition = f"attachment; filename=\"{month}-{name}\"; filename*=UTF-8''{quote(filename)}"
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
