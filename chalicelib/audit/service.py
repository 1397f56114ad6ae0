"""The audit trail: every write records who did it, with which role, what, to which record, when, and for an
edit which fields changed (names only). An entry is written in the same transaction as the change it records
(the services hand `entry(...)`'s step to the Store part that writes), so there is no change without its
entry and no entry without its change. The API reads entries (the admin) and never changes or deletes one."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import is_month
from chalicelib.core.errors import InvalidParameter
from chalicelib.core.validation import page_size
from chalicelib.db.errors import BadPageToken
from chalicelib.db.table import Step


def entry(principal: Principal, action: str, record: str, at: str, fields: Iterable[str] = ()) -> dict[str, Any]:
    """An audit entry: who (id, name, role), what, which record, when (the write's own timestamp), and the
    names of the fields an edit changed."""
    made: dict[str, Any] = {
        # Time-ordered, so that entries of the same second (`at`) still list newest first.
        "entry_id": f"{time.time_ns():020d}-{secrets.token_urlsafe(6)}",
        "at": at,
        "actor": principal.actor,
        "actor_name": principal.name,
        "role": principal.role.value,
        "action": action,
        "record": record,
    }
    changed = sorted(set(fields))
    if changed:
        made["fields"] = changed
    return made


def step(ctx: Context, principal: Principal, action: str, record: str, at: str, fields: Iterable[str] = ()) -> Step:
    """The transaction step that records the write (see `entry`)."""
    return ctx.store.audit.entry_step(entry(principal, action, record, at, fields))


def changed(before: Mapping[str, Any], after: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """The names among `names` whose values an edit changed: what an edit's entry lists (never the values)."""
    return [name for name in names if before.get(name) != after.get(name)]


def page(
    ctx: Context, month: str | None, actor: str | None, record: str | None, limit: str | None, next_token: str | None
) -> dict[str, Any]:
    """One page of a month's entries, newest first, of one actor or one record if asked."""
    if not month or not is_month(month):
        raise InvalidParameter("请用 month=YYYY-MM 指定月份，如 month=2026-08")
    try:
        items, token = ctx.store.audit.page(month, actor or None, record or None, page_size(limit), next_token)
    except BadPageToken:
        raise InvalidParameter("翻页标记 next_token 无效，请从第一页重新查询") from None
    return {"items": [{"fields": [], **item} for item in items], "next_token": token}
