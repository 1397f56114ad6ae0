"""Whether a period's summary is current: its record, and whether its last ready compile is stale, as GET
/summaries/{period} says and a city's or a province's compile asks of each county (rollup.py)."""

from __future__ import annotations

from typing import Any

from chalicelib.calendar import month_status
from chalicelib.context import Context
from chalicelib.core.dates import local_today
from chalicelib.db.keys import summary_name
from chalicelib.summaries.compiling import period_changes, period_texts, summary_of
from chalicelib.summaries.document import Summary
from chalicelib.summaries.periods import resolve


def standing(ctx: Context, text: str, unit_id: str | None = None) -> tuple[dict[str, Any] | None, bool, Summary | None]:
    """The period's summary record (None if never asked for), whether its last ready compile is stale, and that
    compile's summary (None if none is ready); with `unit_id`, of that unit's own summary."""
    period = resolve(ctx, text)
    texts = period_texts(period, unit_id)
    # its 同比 was read from the year before (of the same unit's own summary)
    year_before = summary_name(str(period.year - 1), unit_id) if period.kind == "year" else None
    # the record, the counters of what the office wrote and the year before's record: one round trip
    name = summary_name(text, unit_id)
    record, written, before = ctx.store.summaries.with_texts(name, period.year, texts, year_before)
    ready = (record or {}).get("ready")
    if not ready:
        return record, False, None
    summary = summary_of(ctx, ready)
    # stale: written since, or read while the index lagged (see compiling.py); older records lack `verified`;
    # or counted by another setting than today's (a summary from before reviews counted all: not_returned);
    # or written with an office's text since changed (records from before the texts' counters: none changed);
    # or, a year, from another compile of the year before than its last (records from before: none other);
    # or compiled before a deadline that has passed since (those who had not filed are now 缺报);
    # or, a city's or a province's, one of its counties compiled again or stale since (rollup.py)
    counted = (summary.get("review") or {}).get("counting", "not_returned")
    compiled_with = ready.get("texts", {})
    year_before_now = ((before or {}).get("ready") or {}).get("prefix")
    stale = (
        period_changes(ctx, period, unit_id) != ready["changes"]
        or any(compiled_with.get(name, 0) != written[name] for name in texts)
        or ready.get("year_before", year_before_now) != year_before_now
        or ready.get("verified") is False
        or ("counties" not in ready and counted != month_status.settings(ctx).count)
        or local_today(ctx.clock).isoformat() > (ready.get("next_deadline") or "9999")
        or _counties_moved(ctx, ready)
    )
    return record, stale, summary


def _counties_moved(ctx: Context, ready: dict[str, Any]) -> bool:
    """Whether a level's summary added up another compile of a county than that county's last, or a stale one."""
    for org, digest in (ready.get("counties") or {}).items():
        record, stale, _ = standing(ctx.within(org), ready["county_period"])
        if stale or ((record or {}).get("ready") or {}).get("digest") != digest:
            return True
    return False
