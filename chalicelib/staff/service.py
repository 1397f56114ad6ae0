"""The county office's staff: register a person with a role, list them, lock one out. Each write is recorded
in the audit trail, in the same transaction (audit/service.py): the person's id, never their e-mail addresses,
token or its hash."""

from __future__ import annotations

from typing import cast

from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal, new_staff_token, role_table
from chalicelib.core.dates import ENDING_SOON_DAYS, timestamp
from chalicelib.core.errors import NotFound
from chalicelib.core.models import as_item
from chalicelib.db.errors import ConditionFailed
from chalicelib.staff.models import StaffForm
from chalicelib.staff.records import IssuedStaff, Me, RegisteredStaff, RevokedStaff, StaffFields, StaffMember


def admin_link(public_url: str, token: str) -> str:
    """The county office's page with its token in the fragment, which no server log or referrer sees."""
    return f"{public_url}/admin#token={token}"


def register(ctx: Context, principal: Principal, form: StaffForm) -> IssuedStaff:
    """A new staff member and their credential. The token is in this answer only; the table keeps its hash."""
    staff_id, token, token_hash = new_staff_token(ctx.org)
    now = timestamp(ctx.clock)
    issued: RegisteredStaff = {"staff_id": staff_id, **cast(StaffFields, as_item(form)), "created_at": now}
    recorded = audit.step(ctx, principal, "staff.registered", record(staff_id), now)
    ctx.store.staff.add({**issued, "created_by": principal.actor, "token_hash": token_hash}, audit=recorded)
    return {**issued, "token": token, "link": admin_link(ctx.config.public_url, token)}


def record(staff_id: str) -> str:
    """A staff member as the audit trail names them."""
    return f"staff:{staff_id}"


def me(principal: Principal) -> Me:
    """Who the token is, as the middleware found it: role, the person's name, the id records keep, a reporter's unit."""
    return {
        "role": principal.role.value,
        "name": principal.name,
        "actor": principal.actor,
        "unit_id": principal.unit_id,
        "org_id": principal.org,
        "roles": role_table(),
        "ending_soon_days": ENDING_SOON_DAYS,
    }


def list_all(ctx: Context) -> list[StaffMember]:
    """Everyone the office has registered, revoked people too (their names stay in the records), oldest first."""
    return sorted(
        cast(list[StaffMember], ctx.store.staff.all()), key=lambda member: (member["created_at"], member["staff_id"])
    )


def revoke(ctx: Context, principal: Principal, staff_id: str) -> RevokedStaff:
    """Lock the person out from their next request on; revoking again answers the first revocation, and writes
    (and records) nothing."""
    now = timestamp(ctx.clock)
    recorded = audit.step(ctx, principal, "staff.revoked", record(staff_id), now)
    try:
        revoked_at = ctx.store.staff.revoke(staff_id, now, principal.actor, audit=recorded)
    except ConditionFailed:
        raise NotFound("未找到该工作人员") from None
    return {"staff_id": staff_id, "revoked_at": revoked_at}
