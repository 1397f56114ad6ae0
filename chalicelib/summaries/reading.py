"""A period's summary as GET /summaries/{period} answers it (and GET /units/{unit_id}/summaries/{period}, a unit's
own): status, figures and download links."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.context import Context
from chalicelib.core.errors import NotFound
from chalicelib.files.bucket import DownloadLink
from chalicelib.summaries.compiling import files_class
from chalicelib.summaries.periods import Period, identity, resolve
from chalicelib.summaries.rollup import files_of
from chalicelib.summaries.standing import standing

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
    record, stale, summary = standing(ctx, text, unit_id)
    if record is None:
        path = f"/units/{unit_id}/summaries/{text}" if unit_id else f"/summaries/{text}"
        raise NotFound(f"{period.label}尚未汇总，请先申请汇总（POST {path}）")
    latest = record.get("request", {})
    ready = record.get("ready")
    answer = cast(dict[str, Any], identity(period))  # the answer: the period, its summary, its state
    if ready and summary is not None:
        answer.update(summary)
        answer["downloads"] = downloads(ctx, period, ready["prefix"], answer.get("unit") or answer.get("org"))
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


def downloads(
    ctx: Context, period: Period, prefix: str, whose: dict[str, str] | None = None
) -> dict[str, DownloadLink]:
    """The files' links, named for the period and, for a unit's own summary or a city's or a province's, `whose`
    (its `unit` or its `org`)."""
    if whose and "org_id" in whose:
        files = files_of(period)
    else:
        files = files_class(period, whose["unit_id"] if whose else None).files
    links: dict[str, DownloadLink] = {}
    for fmt in DOWNLOADS:
        name, pattern, content_type = files[fmt]
        fallback = f"{period.text}-{name}"
        title = pattern.format(label=period.label, unit=whose["name"] if whose else "")
        links[fmt] = ctx.bucket.download_link(prefix + name, title, content_type, fallback)
    return links
