"""A period's summary as GET /summaries/{period} answers it (and GET /units/{unit_id}/summaries/{period}, a unit's
own): status, figures and download links."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.calendar import month_status
from chalicelib.context import Context
from chalicelib.core.dates import local_today
from chalicelib.core.errors import NotFound
from chalicelib.db.keys import summary_name
from chalicelib.files.bucket import DownloadLink
from chalicelib.summaries.compiling import files_class, period_changes, period_texts, summary_of
from chalicelib.summaries.periods import Period, identity, resolve

DOWNLOADS = ("xlsx", "csv", "docx")


def state(ctx: Context, text: str) -> dict[str, Any]:
    """The period's name and dates, and whether it has a summary (asked for, compiled or not)."""
    period = resolve(ctx, text)
    named = identity(period)
    return {
        "period": period.text,
        "label": period.label,
        "ranges": named.get("ranges"),
        "requested": ctx.store.summaries.get(text) is not None,
    }


def present(ctx: Context, text: str, unit_id: str | None = None) -> dict[str, Any]:
    """The last ready compile's figures (a cached file of the compile), its state and its download links; with
    `unit_id`, of that unit's own summary."""
    period = resolve(ctx, text)
    texts = period_texts(period, unit_id)
    # its 同比 was read from the year before (of the same unit's own summary)
    year_before = summary_name(str(period.year - 1), unit_id) if period.kind == "year" else None
    # the record, the counters of what the office wrote and the year before's record: one round trip
    name = summary_name(text, unit_id)
    record, written, before = ctx.store.summaries.with_texts(name, period.year, texts, year_before)
    if record is None:
        path = f"/units/{unit_id}/summaries/{text}" if unit_id else f"/summaries/{text}"
        raise NotFound(f"{period.label}尚未汇总，请先申请汇总（POST {path}）")
    latest = record.get("request", {})
    ready = record.get("ready")
    answer = cast(dict[str, Any], identity(period))  # the answer: the period, its summary, its state
    stale = False
    if ready:
        answer.update(summary_of(ctx, ready))
        # stale: written since, or read while the index lagged (see compiling.py); older records lack `verified`;
        # or counted by another setting than today's (a summary from before reviews counted all: not_returned);
        # or written with an office's text since changed (records from before the texts' counters: none changed);
        # or, a year, from another compile of the year before than its last (records from before: none other);
        # or compiled before a deadline that has passed since (those who had not filed are now 缺报)
        counted = (answer.get("review") or {}).get("counting", "not_returned")
        compiled_with = ready.get("texts", {})
        year_before_now = ((before or {}).get("ready") or {}).get("prefix")
        stale = (
            period_changes(ctx, period, unit_id) != ready["changes"]
            or any(compiled_with.get(name, 0) != written[name] for name in texts)
            or ready.get("year_before", year_before_now) != year_before_now
            or ready.get("verified") is False
            or counted != month_status.settings(ctx).count
            or local_today(ctx.clock).isoformat() > (ready.get("next_deadline") or "9999")
        )
        answer["downloads"] = downloads(ctx, period, ready["prefix"], answer.get("unit"))
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


def downloads(ctx: Context, period: Period, prefix: str, unit: dict[str, str] | None = None) -> dict[str, DownloadLink]:
    """The files' links, named for the period (a unit's own summary's, for the unit too)."""
    files = files_class(period, unit["unit_id"] if unit else None).files
    links: dict[str, DownloadLink] = {}
    for fmt in DOWNLOADS:
        name, pattern, content_type = files[fmt]
        fallback = f"{period.text}-{name}"
        title = pattern.format(label=period.label, unit=unit["name"] if unit else "")
        links[fmt] = ctx.bucket.download_link(prefix + name, title, content_type, fallback)
    return links
