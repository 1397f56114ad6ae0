"""Entries named as their records are now: an entry keeps ids, never values (a name may be personal data, and
may change), so its record's name, its reporter's unit and where it opens on the office page are looked up when
the trail is read: the distinct records of a page in one BatchGetItem, then the units they belong to in a
second, whatever the number of entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chalicelib.audit.labels import SETTINGS_FORMS, kind_label, kind_of
from chalicelib.context import Context
from chalicelib.core.auth import ROLE_LABELS, Role
from chalicelib.core.dates import is_month, is_year, month_label
from chalicelib.db import keys
from chalicelib.db.table import Item

Key = keys.Key


def _plan_task(ident: str) -> Key | None:
    year, _, task_id = ident.partition("/")
    return keys.plan_task(year, task_id) if task_id else None


def _collection_unit(ident: str) -> Key | None:
    collection_id, _, unit_id = ident.partition("/")
    return keys.collection_unit(collection_id, unit_id) if unit_id else None


# The item that names a record of each kind (nil reports and units' own summaries are named by their unit; the
# others by their id).
NAMED_BY: dict[str, Callable[[str], Key | None]] = {
    "report": keys.report,
    "unit": keys.unit,
    "nil_report": lambda ident: keys.unit(ident.partition("/")[0]),
    "unit_summary": lambda ident: keys.unit(ident.partition("/")[0]),
    "unit_summary_notes": lambda ident: keys.unit(ident.partition("/")[0]),
    "reporter": keys.reporter,
    "staff": keys.staff_member,
    "org": keys.org,
    "agreement": keys.agreement,
    "survey": keys.survey,
    "plan_task": _plan_task,
    "collection": keys.collection,
    "collection_unit": _collection_unit,
}


class Found:
    """The items read for a page of entries, by key."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.items: dict[tuple[str, str], Item | None] = {}

    def read(self, wanted: Iterable[Key | None]) -> None:
        """Read the keys not read yet, at once."""
        fresh = {(k["PK"], k["SK"]): k for k in wanted if k is not None and (k["PK"], k["SK"]) not in self.items}
        if fresh:
            got = self.ctx.store.audit.records(list(fresh.values()))
            self.items.update(zip(fresh, got, strict=True))

    def get(self, key: Key | None) -> Item:
        return (self.items.get((key["PK"], key["SK"])) if key else None) or {}

    def unit_name(self, unit_id: Any) -> str:
        return str(self.get(keys.unit(str(unit_id))).get("name") or "") if unit_id else ""


def _item_key(record: str) -> Key | None:
    kind, ident = kind_of(record)
    return NAMED_BY[kind](ident) if kind in NAMED_BY and ident else None


def _reporter_key(actor: str, role: str) -> Key | None:
    return keys.reporter(actor) if role == Role.REPORTER.value and actor else None


def read_for(ctx: Context, records: Iterable[str], people: Iterable[tuple[str, str]]) -> Found:
    """The items that name the records and the reporters among `people` ((actor, role) pairs), then the units
    those belong to: two BatchGetItems at most."""
    found = Found(ctx)
    found.read([*(_item_key(record) for record in records), *(_reporter_key(*who) for who in people)])
    units = [item.get("unit_id") for item in found.items.values() if item]
    found.read(keys.unit(str(unit_id)) for unit_id in units if unit_id)
    return found


def person(found: Found, actor: str, name: str, role: str) -> str:
    """Who, in words: a reporter with their unit (张三（县司法局）), anyone else by their recorded name."""
    if role == Role.REPORTER.value:
        unit = found.unit_name(found.get(keys.reporter(actor)).get("unit_id"))
        named = name or "填报员"
        return f"{named}（{unit}）" if unit else named
    return name or ROLE_LABELS.get(role, "未具名")  # type: ignore[call-overload]


def record_name(found: Found, record: str) -> tuple[str, dict[str, str] | None]:
    """The record's name as it is now, and where it opens on the office page (a view and what it shows)."""
    kind, ident = kind_of(record)
    item = found.get(_item_key(record))
    gone = f"{kind_label(kind)}（已删除）"
    if kind == "report":
        if not item:
            return gone, None
        title, unit = str(item.get("title") or "活动报告"), found.unit_name(item.get("unit_id"))
        name = f"{title}（{unit}）" if unit else title
        if item.get("withdrawn_at"):
            return f"{name}（已撤回）", None
        where = {"view": "review", "month": str(item["month"]), "unit_id": str(item["unit_id"]), "report_id": ident}
        return name, where
    if kind == "nil_report":
        unit_id, _, month = ident.partition("/")
        words = month_label(month) if is_month(month) else month
        return f"{found.unit_name(unit_id) or unit_id} {words}", {"view": "review", "month": month, "unit_id": unit_id}
    if kind == "unit":
        return (str(item["name"]), {"view": "units", "unit_id": ident}) if item else (gone, None)
    if kind == "reporter":
        if not item:
            return gone, None
        label, unit = str(item.get("label") or "填报员"), found.unit_name(item.get("unit_id"))
        return (f"{label}（{unit}）" if unit else label), {"view": "units", "unit_id": str(item["unit_id"])}
    if kind == "staff":
        return (str(item["name"]), {"view": "staff", "staff_id": ident}) if item else (gone, None)
    if kind == "org":  # no view of the office page shows the tree yet
        return (str(item["name"]), None) if item else (gone, None)
    if kind == "agreement":
        return (str(item["title"]), {"view": "agreements", "agreement_id": ident}) if item else (gone, None)
    if kind == "survey":
        return (str(item["title"]), {"view": "surveys", "survey_id": ident}) if item else (gone, None)
    if kind == "plan_task":
        year = ident.partition("/")[0]
        if not item:
            return f"{year}年计划任务（已删除）", {"view": "plan", "year": year}
        return str(item["title"]), {"view": "plan", "year": year, "task_id": str(item["task_id"])}
    if kind == "plan":
        return f"{ident}年度计划", {"view": "plan", "year": ident}
    if kind == "collection":
        return (str(item["title"]), {"view": "collections", "collection_id": ident}) if item else (gone, None)
    if kind == "collection_unit":
        collection_id, _, unit_id = ident.partition("/")
        if not item:
            return gone, None
        name = f"{item['title']}（{found.unit_name(unit_id) or unit_id}）"
        return name, {"view": "collections", "collection_id": collection_id, "unit_id": unit_id}
    if kind == "month":
        return (month_label(ident), {"view": "months", "month": ident}) if is_month(ident) else (ident, None)
    if kind == "settings":
        return SETTINGS_FORMS.get(ident, kind_label(kind)), {"view": "settings", "form": ident}
    if kind == "summary":
        if is_month(ident):
            return f"{month_label(ident)}汇总", {"view": "months", "month": ident}
        if is_year(ident):
            return f"{ident}年度汇总", {"view": "plan", "year": ident}
        return f"期间汇总（{ident}）", {"view": "periods", "period": ident}
    if kind == "summary_notes":
        return f"{ident}年度工作总结", {"view": "plan", "year": ident}
    if kind in ("unit_summary", "unit_summary_notes"):  # <unit>/<period>: a unit's own summary, or its words
        unit_id, _, period = ident.partition("/")
        unit = found.unit_name(unit_id) or unit_id
        if kind == "unit_summary_notes":
            return f"{unit} {period}年度工作总结", {"view": "units", "unit_id": unit_id}
        label = month_label(period) if is_month(period) else f"{period}年" if is_year(period) else period
        return f"{unit} {label}汇总", {"view": "units", "unit_id": unit_id}
    if kind == "profile":
        return f"{ident}年基本情况", {"view": "profile", "year": ident}
    return kind_label(kind), None
