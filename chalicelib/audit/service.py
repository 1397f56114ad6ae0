"""The audit trail: every write records who did it, with which role, what, to which record, when, and for an
edit which fields changed (names only). An entry is written in the same transaction as the change it records
(the services hand `entry(...)`'s step to the Store part that writes), so there is no change without its
entry and no entry without its change. The API reads entries (the admin) and never changes or deletes one."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from chalicelib.audit import labels, naming
from chalicelib.context import Context
from chalicelib.core.auth import ROLE_LABELS, Principal, Role
from chalicelib.core.dates import is_month, local_now
from chalicelib.core.errors import InvalidParameter
from chalicelib.core.validation import page_size
from chalicelib.db.errors import BadPageToken
from chalicelib.db.table import Step

_written = itertools.count()  # the entries this process made: orders those of one reading of a fixed clock


def entry_id(ctx: Context, at: str) -> str:
    """An entry's id, which orders the entries of one second (`at`, the write's timestamp) newest last: by the
    injected clock's microseconds (entries of several processes), then by this process's count (a test's fixed
    clock reads the same moment each time). A clock read past `at`'s second orders the entry last of it."""
    moment = local_now(ctx.clock)
    micro = moment.microsecond if moment.replace(microsecond=0).isoformat() == at else 999_999
    return f"{micro:06d}-{next(_written):012d}-{secrets.token_urlsafe(6)}"


def entry(
    principal: Principal, action: str, record: str, at: str, made_as: str, fields: Iterable[str] = ()
) -> dict[str, Any]:
    """An audit entry (`made_as`: its `entry_id`): who (id, name, role), what, which record, when (the write's
    own timestamp), and the names of the fields an edit changed."""
    made: dict[str, Any] = {
        "entry_id": made_as,
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
    return ctx.store.audit.entry_step(entry(principal, action, record, at, entry_id(ctx, at), fields))


def changed(before: Mapping[str, Any], after: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """The names among `names` whose values an edit changed: what an edit's entry lists (never the values)."""
    return [name for name in names if before.get(name) != after.get(name)]


def page(
    ctx: Context,
    month: str | None,
    actor: str | None,
    record: str | None,
    kind: str | None,
    limit: str | None,
    next_token: str | None,
) -> dict[str, Any]:
    """One page of a month's entries, newest first (of one person, one record or one kind of record if asked),
    each in words: its action, fields, person and record named as they are now (naming.py)."""
    _check_month(month)
    if kind and kind not in labels.KINDS:
        raise InvalidParameter("记录类别不存在，请从列表中选择")
    try:
        items, token = ctx.store.audit.page(
            str(month), actor or None, record or None, kind or None, page_size(limit), next_token
        )
    except BadPageToken:
        raise InvalidParameter("翻页标记 next_token 无效，请从第一页重新查询") from None
    found = naming.read_for(ctx, [item["record"] for item in items], [(i["actor"], i["role"]) for i in items])
    return {"items": [_in_words(found, item) for item in items], "next_token": token}


def _check_month(month: str | None) -> None:
    if not month or not is_month(month):
        raise InvalidParameter("请指定月份，如 2026-08")


def _in_words(found: naming.Found, item: dict[str, Any]) -> dict[str, Any]:
    fields = item.get("fields", [])
    kind, _ = labels.kind_of(item["record"])
    name, where = naming.record_name(found, item["record"])
    return {
        **item,
        "fields": fields,
        "action_label": labels.action_label(item["action"], item["record"]),
        "field_labels": labels.field_labels(item["record"], fields),
        "person": naming.person(found, item["actor"], item.get("actor_name", ""), item["role"]),
        "role_label": _role_label(item["role"]),
        "record_kind": kind,
        "record_kind_label": labels.kind_label(kind),
        "record_name": name,
        "opens": where,
    }


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, "")  # type: ignore[call-overload]


def filters(ctx: Context, month: str | None) -> dict[str, Any]:
    """What the trail can be narrowed to in a month: the people who wrote in it (each named, a reporter with
    their unit), and every kind of record."""
    _check_month(month)
    seen: dict[str, dict[str, Any]] = {}
    for item in ctx.store.audit.people(str(month)):  # newest first: a person as last named
        seen.setdefault(str(item["actor"]), item)
    found = naming.read_for(ctx, [], [(actor, str(item["role"])) for actor, item in seen.items()])
    people = [
        {
            "actor": actor,
            "person": naming.person(found, actor, str(item.get("actor_name", "")), str(item["role"])),
            "role": item["role"],
            "role_label": _role_label(str(item["role"])),
        }
        for actor, item in seen.items()
    ]
    people.sort(key=lambda p: (p["role"] == Role.REPORTER.value, p["person"]))
    kinds = [{"kind": kind, "label": found_kind.label} for kind, found_kind in labels.KINDS.items()]
    return {"month": month, "people": people, "kinds": kinds}
