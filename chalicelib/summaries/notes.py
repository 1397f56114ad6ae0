"""The county office's own words in its year summary (存在的问题, 下一步工作打算, a paragraph per area): written
by the office's admin, versioned like a report, read into the year's compile. A change turns the year's summary
stale (db/keys.py). A unit writes its own for its own year summary (存在的不足, 下一年工作打算, a paragraph per area:
GET|PUT /units/{unit_id}/summaries/{period}/notes), in the same shape, beside the office's (`unit_id`)."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import retried_write
from chalicelib.core.validation import validate_named, year_param
from chalicelib.db.errors import ConditionFailed
from chalicelib.summaries.models import SummaryNotesForm, SummaryNotesText
from chalicelib.summaries.year_parts import OfficeNotes, StoredNotes

TEXTS = tuple(SummaryNotesText.model_fields)  # problems, next_steps, areas
NONE_YET: StoredNotes = {"problems": "", "next_steps": "", "areas": {}, "version": 0}


def of_year(ctx: Context, year: int, unit_id: str | None = None) -> dict[str, Any]:
    """The year's texts as stored (the office's, or `unit_id`'s own), empty (version 0) when none were written."""
    return {**NONE_YET, **(ctx.store.summary_notes.get(year, unit_id) or {})}


def for_compile(ctx: Context, year: int, unit_id: str | None = None) -> OfficeNotes:
    """The texts as the year's narrative and DOCX take them (keyword `notes`)."""
    stored = of_year(ctx, year, unit_id)
    return cast(OfficeNotes, {text: stored[text] for text in TEXTS})


def show(ctx: Context, text: str, unit_id: str | None = None) -> dict[str, Any]:
    year = year_param(text)
    return {**of_year(ctx, year, unit_id), "year": year, **({"unit_id": unit_id} if unit_id else {})}


def replace(
    ctx: Context, principal: Principal, text: str, body: dict[str, Any], unit_id: str | None = None
) -> dict[str, Any]:
    """The texts the body names, over the version it edits; a retry of a write already stored answers what it
    stored, a write over another version is refused (409). `unit_id`: that unit's own texts."""
    year = year_param(text)
    current = of_year(ctx, year, unit_id)
    form = validate_named(SummaryNotesForm, current, body)
    notes = {
        "problems": form.problems,
        "next_steps": form.next_steps,
        "areas": {k: v for k, v in form.areas.items() if v},
    }
    whose = {"year": year, **({"unit_id": unit_id} if unit_id else {})}
    if form.version != current["version"]:
        return {**_retried(year, current, form.version, notes), **whose}
    fields = audit.changed(current, notes, TEXTS)
    if not fields:  # nothing changed: nothing stored, the summary stays as fresh as it was
        return {**current, **whose}
    now = timestamp(ctx.clock)
    stored = {**notes, "version": form.version + 1, "updated_at": now, "updated_by": principal.actor}
    action, record = (
        ("unit_summary_notes.updated", f"unit_summary_notes:{unit_id}/{year}")
        if unit_id
        else ("summary_notes.updated", f"summary_notes:{year}")
    )
    entry = audit.step(ctx, principal, action, record, now, fields)
    try:
        ctx.store.summary_notes.put(year, stored, form.version, audit=entry, unit_id=unit_id)
    except ConditionFailed as failed:  # another write came first: this very one, if it was sent twice at once
        if failed.step:
            raise
        return {**_retried(year, of_year(ctx, year, unit_id), form.version, notes), **whose}
    return {**stored, **whose}


def _retried(year: int, stored: dict[str, Any], edited: int, notes: dict[str, Any]) -> dict[str, Any]:
    """The stored texts, if they are what a write over version `edited` made (sent again: its first answer was
    lost); VersionConflict naming the current version if another write came between."""
    refusal = f"{year}年度总结的文字已被他人修改（当前版本 {{version}}），请刷新后在最新内容上修改再保存"
    retried_write(stored["version"], edited, stored, notes, refusal)
    return {**stored, "year": year}
