"""The county's basic facts for a year: entered by the office's admin, versioned like the summary notes, read into
every summary of that year."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import retried_write
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named, year_param
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item
from chalicelib.profile.models import CountyFacts, ProfileForm
from chalicelib.profile.records import CountedKind, ProfileFacts, ProfileRecord, ShownProfile

FACTS = tuple(CountyFacts.model_fields)


def of_year(ctx: Context, year: int) -> ProfileRecord | None:
    """The year's facts as stored, or None when none were entered."""
    return cast(ProfileRecord | None, ctx.store.profiles.get(year))


def _known(stored: ProfileRecord | None) -> ProfileRecord:
    """Every fact, None (or no honours) where none was entered, and the version (0: none stored yet)."""
    empty = cast(ProfileFacts, {field: None for field in FACTS} | {"honours": []})  # every fact
    return {**empty, "version": 0, **(stored or empty)}  # none stored: every fact unknown


def show(ctx: Context, text: str) -> ShownProfile:
    year = year_param(text)
    return {**_known(of_year(ctx, year)), "year": year}


def replace(ctx: Context, principal: Principal, text: str, body: dict[str, Any]) -> ShownProfile:
    """The facts the body names (null: no longer known), over the version it edits; a retry of a write already
    stored answers what it stored, a write over another version is refused (409)."""
    year = year_param(text)
    current = _known(of_year(ctx, year))
    form = validate_named(ProfileForm, current, body)
    facts = cast(ProfileFacts, as_item(form, exclude={"version"}))
    if form.beneficiaries is not None:  # the kinds by their codes
        facts["beneficiaries"] = {
            str(code): cast(CountedKind, as_item(counted)) for code, counted in form.beneficiaries.items()
        }
    version = current.get("version", 0)
    if form.version != version:
        return _retried(year, current, form.version, facts)
    fields = audit.changed(current, facts, FACTS)
    if not fields:  # nothing changed: nothing stored, the summaries stay as fresh as they were
        return {**current, "year": year}
    now = timestamp(ctx.clock)
    stored: ProfileRecord = {**facts, "version": version + 1, "updated_at": now, "updated_by": principal.actor}
    entry = audit.step(ctx, principal, "profile.updated", f"profile:{year}", now, fields)
    try:
        ctx.store.profiles.put(year, cast(Item, stored), version, audit=entry)
    except ConditionFailed as failed:  # another write came first: this very one, if it was sent twice at once
        if failed.step:
            raise
        return _retried(year, _known(of_year(ctx, year)), form.version, facts)
    return {**stored, "year": year}


def _retried(year: int, stored: ProfileRecord, edited: int, facts: ProfileFacts) -> ShownProfile:
    """The stored facts, if they are what a write over version `edited` made (sent again: its first answer was
    lost); VersionConflict naming the current version if another write came between."""
    refusal = f"{year}年的基本情况已被他人修改（当前版本 {{version}}），请刷新后在最新内容上修改再保存"
    retried_write(stored.get("version", 0), edited, cast(dict[str, Any], stored), cast(dict[str, Any], facts), refusal)
    return {**stored, "year": year}
