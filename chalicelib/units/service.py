"""Member units and their reporters' credentials. Each write is recorded in the audit trail, in the same
transaction (audit/service.py); a reporter's entry names the reporter, never its token or the token's hash."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal, new_reporter_token
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import AlreadyExists, NotFound
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step
from chalicelib.units.models import NewUnitForm, ReporterForm, UnitForm
from chalicelib.units.records import (
    IssuedReporter,
    ListedReporter,
    NewUnitFields,
    ReporterRecord,
    RevokedReporter,
    UnitFields,
    UnitRecord,
)


def record(unit_id: str) -> str:
    """The unit as the audit trail names it."""
    return f"unit:{unit_id}"


def reporter_record(reporter_id: str) -> str:
    """A reporter's credential as the audit trail names it."""
    return f"reporter:{reporter_id}"


def create(ctx: Context, principal: Principal, form: NewUnitForm) -> UnitRecord:
    now = timestamp(ctx.clock)
    unit = new_unit(form, now)
    recorded = audit.step(ctx, principal, "unit.created", record(unit["unit_id"]), now)
    try:
        ctx.store.units.add(cast(Item, unit), audit=recorded)
    except ConditionFailed:
        raise AlreadyExists(f"单位编号 {unit['unit_id']} 已存在") from None
    return unit


def create_with_reporter(
    ctx: Context, principal: Principal, form: NewUnitForm, reporter: ReporterForm
) -> tuple[UnitRecord, IssuedReporter]:
    """A new unit and its first reporter in one transaction, each with its own audit entry, as POST /units and
    POST /units/{unit_id}/reporters write them; ConditionFailed (nothing written) if the unit id is taken."""
    now = timestamp(ctx.clock)
    unit = new_unit(form, now)
    issued, stored, issued_entry = _reporter(ctx, principal, unit["unit_id"], reporter, now)
    recorded = audit.step(ctx, principal, "unit.created", record(unit["unit_id"]), now)
    also = [ctx.store.reporters.put_step(stored), issued_entry]
    ctx.store.units.add(cast(Item, unit), audit=recorded, also=also)
    return unit, issued


def new_unit(form: NewUnitForm, now: str) -> UnitRecord:
    """The unit the form registers, as stored."""
    return {**cast(NewUnitFields, as_item(form)), "created_at": now, "updated_at": now}


def list_visible(ctx: Context, principal: Principal) -> list[UnitRecord]:
    if principal.is_office:
        return cast(list[UnitRecord], ctx.store.units.all())
    return [get(ctx, principal, str(principal.unit_id))]


def get(ctx: Context, principal: Principal, unit_id: str) -> UnitRecord:
    principal.require_unit(unit_id, "单位")
    unit = cast(UnitRecord | None, ctx.store.units.get(unit_id))
    if unit is None:
        raise NotFound("未找到该单位")
    return unit


def update(ctx: Context, principal: Principal, unit_id: str, body: dict[str, Any]) -> UnitRecord:
    """Change the fields of the unit the body names (setting `active` false stops its reporting: there is no
    deletion of a unit)."""
    current = cast(UnitRecord | None, ctx.store.units.get(unit_id))
    if current is None:
        raise NotFound("未找到该单位")
    form = validate_named(UnitForm, current, body)
    now = timestamp(ctx.clock)
    unit: UnitRecord = {**current, **cast(UnitFields, as_item(form)), "updated_at": now}
    fields = audit.changed(current, unit, UnitForm.model_fields)
    recorded = audit.step(ctx, principal, "unit.updated", record(unit_id), now, fields)
    try:
        ctx.store.units.replace(cast(Item, unit), audit=recorded)
    except ConditionFailed:
        raise NotFound("未找到该单位") from None
    return unit


def issue_reporter(ctx: Context, principal: Principal, unit_id: str, form: ReporterForm) -> IssuedReporter:
    """A new reporter credential for the unit. The token is in this answer only; the table keeps its hash."""
    if ctx.store.units.get(unit_id) is None:
        raise NotFound("未找到该单位")
    issued, stored, recorded = _reporter(ctx, principal, unit_id, form, timestamp(ctx.clock))
    ctx.store.reporters.add(stored, audit=recorded)
    return issued


def _reporter(
    ctx: Context, principal: Principal, unit_id: str, form: ReporterForm, now: str
) -> tuple[IssuedReporter, Item, Step]:
    """A new reporter of the unit: as answered (its token, this once), as stored (the token's hash), and the
    step of its audit entry."""
    reporter_id, token, token_hash = new_reporter_token(ctx.org, unit_id, form.label)
    reporter: ReporterRecord = {"reporter_id": reporter_id, "unit_id": unit_id, "label": form.label, "created_at": now}
    recorded = audit.step(ctx, principal, "reporter.issued", reporter_record(reporter_id), now)
    issued: IssuedReporter = {**reporter, "token": token, "link": reporter_link(ctx.config.public_url, token)}
    return issued, {**reporter, "token_hash": token_hash}, recorded


def list_reporters(ctx: Context, unit_id: str) -> list[ListedReporter]:
    if ctx.store.units.get(unit_id) is None:
        raise NotFound("未找到该单位")
    return cast(list[ListedReporter], ctx.store.reporters.of_unit(unit_id))


def revoke_reporter(ctx: Context, principal: Principal, reporter_id: str) -> RevokedReporter:
    """Lock the reporter's token out; revoking again answers the first revocation, and writes (and records)
    nothing."""
    now = timestamp(ctx.clock)
    recorded = audit.step(ctx, principal, "reporter.revoked", reporter_record(reporter_id), now)
    try:
        revoked_at = ctx.store.reporters.revoke(reporter_id, now, audit=recorded)
    except ConditionFailed:
        raise NotFound("未找到该填报员") from None
    return {"reporter_id": reporter_id, "revoked_at": revoked_at}


def reporter_link(public_url: str, token: str) -> str:
    """The report page's link: the token rides in the fragment, which no server log or referrer sees."""
    return f"{public_url}/#token={token}"
