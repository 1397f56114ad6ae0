"""The county's basic facts for a year: entered by the office's admin, read into every summary of that year."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import timestamp
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate, year_param
from chalicelib.db.table import Item
from chalicelib.profile.models import ProfileForm
from chalicelib.profile.records import CountedKind, ProfileFacts, ProfileRecord, ShownProfile


def of_year(ctx: Context, year: int) -> ProfileRecord | None:
    """The year's facts as stored, or None when none were entered."""
    return cast(ProfileRecord | None, ctx.store.profiles.get(year))


def _known(stored: ProfileRecord | None) -> ProfileRecord:
    """Every fact, None (or no honours) where none was entered."""
    empty = cast(ProfileFacts, {field: None for field in ProfileForm.model_fields} | {"honours": []})  # every fact
    return {**empty, **(stored or empty)}  # none stored: every fact unknown


def show(ctx: Context, text: str) -> ShownProfile:
    year = year_param(text)
    return {**_known(of_year(ctx, year)), "year": year}


def replace(ctx: Context, principal: Principal, text: str, body: dict[str, Any]) -> ShownProfile:
    """The year's facts, replaced whole by the body (a fact left out is no longer known)."""
    year = year_param(text)
    form = validate(ProfileForm, body)
    stored = cast(ProfileRecord, as_item(form))
    if form.beneficiaries is not None:  # the kinds by their codes
        stored["beneficiaries"] = {
            str(code): cast(CountedKind, as_item(counted)) for code, counted in form.beneficiaries.items()
        }
    now = timestamp(ctx.clock)
    fields = audit.changed(_known(of_year(ctx, year)), _known(stored), ProfileForm.model_fields)
    stored.update({"updated_at": now, "updated_by": principal.actor})
    ctx.store.profiles.put(
        year, cast(Item, stored), audit=audit.step(ctx, principal, "profile.updated", f"profile:{year}", now, fields)
    )
    return show(ctx, text)
