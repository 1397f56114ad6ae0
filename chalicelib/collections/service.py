"""Year-end collections (材料收集): the county office asks units for a document by a date; each unit submits its
final file (uploaded first, checked here on the object itself) and may submit again, the earlier file kept in its
history; the office returns it with a comment or accepts it (review/service.py, which also e-mails a return).

Each write is recorded in the audit trail in the same transaction. A submission sent again (its answer lost)
names the file already stored and writes nothing; so does a decision sent again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.collections.models import (
    FILE_TYPES,
    FIRST_BYTES,
    MAX_FILE_BYTES,
    STATE_LABELS,
    TOO_LARGE,
    TYPE_NAMES,
    WRONG_TYPE,
    CollectionForm,
    CollectionUploadForm,
    SubmissionForm,
)
from chalicelib.collections.records import (
    CollectionRecord,
    FileRecord,
    ShownFile,
    ShownUnit,
    State,
    UnitItemRecord,
)
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_today, timestamp
from chalicelib.core.errors import NotFound, StateConflict, ValidationFailed, VersionConflict, retried_write
from chalicelib.core.validation import validate
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item
from chalicelib.files.bucket import FileMissing, collection_prefix, filename
from chalicelib.reports.service import reporting_unit
from chalicelib.units.records import UnitRecord

UPLOAD_EXPIRES_SECONDS = 15 * 60
STATES: tuple[State, ...] = ("waiting", "submitted", "returned", "accepted")
DECIDED: dict[str, State] = {"approve": "accepted", "return": "returned"}  # a review's decision, as for reports
_ID = re.compile(r"[0-9a-f]{32}")
_NAME = re.compile(r"[0-9a-f]{32}(\.pdf|\.docx|\.doc|\.wps)")


HIDDEN = ("key", "requested_by", "error")  # an archive's fields the answers leave out


def record(collection_id: str) -> str:
    """The collection as the audit trail names it."""
    return f"collection:{collection_id}"


def unit_record(collection_id: str, unit_id: str) -> str:
    """A unit's submissions to a collection as the audit trail names them."""
    return f"collection_unit:{collection_id}/{unit_id}"


def _names(ctx: Context) -> dict[str, UnitRecord]:
    return {unit["unit_id"]: unit for unit in cast(list[UnitRecord], ctx.store.units.all())}


def create(ctx: Context, principal: Principal, form: CollectionForm) -> dict[str, Any]:
    """Ask the units named (by default every unit taking part) for a document by `due_on`."""
    errors = []
    if form.due_on < local_today(ctx.clock):
        errors.append({"field": "due_on", "message": "截止日期不能早于今天"})
    units = _names(ctx)
    if form.unit_ids is None:
        unit_ids = [unit_id for unit_id, unit in units.items() if unit.get("active", True)]
        if not unit_ids:
            errors.append({"field": "unit_ids", "message": "还没有参加填报的成员单位，请先登记单位"})
    else:
        unit_ids = list(form.unit_ids)
        errors += [
            {"field": f"unit_ids.{i}", "message": "未找到该单位"} for i, u in enumerate(unit_ids) if u not in units
        ]
    if errors:
        raise ValidationFailed(errors)
    now = timestamp(ctx.clock)
    collection: CollectionRecord = {
        "collection_id": uuid.uuid4().hex,
        "title": form.title,
        "kind": form.kind.value,
        "year": form.year,
        "due_on": form.due_on.isoformat(),
        "unit_ids": unit_ids,
        "remind_days_before": list(form.remind_days_before),
        "created_at": now,
        "created_by": principal.actor,
    }
    recorded = audit.step(ctx, principal, "collection.created", record(collection["collection_id"]), now)
    ctx.store.collections.add(cast(Item, collection), audit=recorded)
    return _detail(ctx, collection, [], units)


def found(ctx: Context, collection_id: str) -> tuple[CollectionRecord, dict[str, UnitItemRecord]]:
    """The collection and its units' items by unit; NotFound if there is none."""
    if not _ID.fullmatch(collection_id):
        raise NotFound("未找到该材料收集")
    collection, items = ctx.store.collections.with_units(collection_id)
    if collection is None:
        raise NotFound("未找到该材料收集")
    return cast(CollectionRecord, collection), {item["unit_id"]: cast(UnitItemRecord, item) for item in items}


def _asked(principal: Principal, collection: CollectionRecord, unit_id: str) -> None:
    """A reporter reaches only its own unit; a unit the collection does not ask is not found, to anyone."""
    principal.require_unit(unit_id, "单位")
    if unit_id not in collection["unit_ids"]:
        raise NotFound("本次材料收集不包括该单位")


def get(ctx: Context, collection_id: str) -> dict[str, Any]:
    collection, items = found(ctx, collection_id)
    return _detail(ctx, collection, list(items.values()), _names(ctx))


def list_all(ctx: Context) -> list[dict[str, Any]]:
    """Every collection, the latest due first, with how many units stand in each state."""
    listed = []
    for collection in reversed(cast(list[CollectionRecord], ctx.store.collections.all())):
        _, items = found(ctx, collection["collection_id"])
        listed.append({**_shown(collection), "counts": _counts(collection, items)})
    return listed


def _shown(collection: CollectionRecord) -> dict[str, Any]:
    """A collection as the office reads it: its archive without the object's key, who asked, or the failure's
    own words (kept for the logs)."""
    archive = collection.get("archive")
    shown: dict[str, Any] = {k: v for k, v in collection.items() if k not in ("archive", "created_by")}
    shown["archive"] = {k: v for k, v in archive.items() if k not in HIDDEN} if archive else None
    return shown


def _counts(collection: CollectionRecord, items: dict[str, UnitItemRecord]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATES, 0)
    for unit_id in collection["unit_ids"]:
        counts[items[unit_id]["state"] if unit_id in items else "waiting"] += 1
    return counts


def _detail(
    ctx: Context, collection: CollectionRecord, items: list[UnitItemRecord], units: dict[str, UnitRecord]
) -> dict[str, Any]:
    by_unit = {item["unit_id"]: item for item in items}
    shown = [shown_unit(ctx, collection, u, units.get(u), by_unit.get(u)) for u in collection["unit_ids"]]
    return {**_shown(collection), "counts": _counts(collection, by_unit), "units": shown}


def shown_unit(
    ctx: Context,
    collection: CollectionRecord,
    unit_id: str,
    unit: UnitRecord | None,
    item: UnitItemRecord | None,
) -> ShownUnit:
    """A unit's standing: its state, its current file and the earlier ones (newest first), each with a link."""
    name = unit["name"] if unit else unit_id
    files = [_with_link(ctx, collection, name, f) for f in (item["files"] if item else [])]
    current = files[-1] if files else None
    overdue = local_today(ctx.clock) > date.fromisoformat(collection["due_on"])
    return {
        "unit_id": unit_id,
        "name": name,
        "state": item["state"] if item else "waiting",
        "state_label": str(STATE_LABELS[item["state"] if item else "waiting"]),
        "version": item["version"] if item else 0,
        "late": current["late"] if current else overdue,
        "submitted_at": current["submitted_at"] if current else None,
        "file": current,
        "comment": item["comment"] if item else "",
        "decided_at": item.get("decided_at") if item else None,
        "history": files[-2::-1],
    }


def _with_link(ctx: Context, collection: CollectionRecord, unit_name: str, file: FileRecord) -> ShownFile:
    suffix = FILE_TYPES[file["content_type"]]
    name = filename(unit_name, collection["title"], suffix=suffix)
    link = ctx.bucket.download_link(file["key"], name, file["content_type"])
    return {**file, "url": link["url"], "expires_in": link["expires_in"]}


def of_unit(ctx: Context, principal: Principal, unit_id: str) -> list[dict[str, Any]]:
    """The collections that ask the unit and that it has not finished (accepted), the soonest due first."""
    principal.require_unit(unit_id, "单位")
    unit = cast(UnitRecord | None, ctx.store.units.get(unit_id))
    if unit is None:
        raise NotFound("未找到该单位")
    asking = [c for c in cast(list[CollectionRecord], ctx.store.collections.all()) if unit_id in c["unit_ids"]]
    items = ctx.store.collections.unit_items([c["collection_id"] for c in asking], unit_id)
    listed = []
    for collection, item in zip(asking, items, strict=True):
        shown = shown_unit(ctx, collection, unit_id, unit, cast(UnitItemRecord | None, item))
        if shown["state"] != "accepted":
            asked = {k: v for k, v in collection.items() if k in ("collection_id", "title", "kind", "year", "due_on")}
            listed.append({**asked, **shown})
    return listed


def new_upload(ctx: Context, principal: Principal, collection_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """A presigned POST for one file of the caller's unit (or, for the office, the unit named)."""
    collection, _ = found(ctx, collection_id)
    form = validate(CollectionUploadForm, body)
    unit_id = reporting_unit(ctx, principal, form.unit_id)
    _asked(principal, collection, unit_id)
    within = collection_prefix(ctx.org, collection_id, unit_id)
    key = f"{within}{uuid.uuid4().hex}{FILE_TYPES[form.content_type]}"
    return ctx.bucket.upload_form(key, form.content_type, MAX_FILE_BYTES, within, UPLOAD_EXPIRES_SECONDS)


def submit(
    ctx: Context, principal: Principal, collection_id: str, unit_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Submit an uploaded file as the unit's: checked on its object, kept after the unit's earlier files."""
    collection, items = found(ctx, collection_id)
    _asked(principal, collection, unit_id)
    form = validate(SubmissionForm, body)
    current = items.get(unit_id)
    unit = cast(UnitRecord | None, ctx.store.units.get(unit_id))
    if current and current["state"] != "returned" and current["files"][-1]["key"] == form.key:
        # sent again, its answer lost (a returned file sent again is refused below: a new one is wanted)
        return cast(dict[str, Any], shown_unit(ctx, collection, unit_id, unit, current))
    if current and current["state"] == "accepted":
        raise StateConflict("本单位的材料已通过，不能再提交")
    if current and any(f["key"] == form.key for f in current["files"]):
        raise ValidationFailed([{"field": "key", "message": "上传的文件此前已提交过，请重新上传要提交的文件"}])
    file = _checked(ctx, collection, unit_id, form, principal)
    version = current["version"] if current else 0
    item: UnitItemRecord = {
        "collection_id": collection_id,
        "unit_id": unit_id,
        "title": collection["title"],
        "state": "submitted",
        "version": version + 1,
        "files": [*(current["files"] if current else []), file],
        "comment": "",
    }
    named = unit_record(collection_id, unit_id)
    recorded = audit.step(ctx, principal, "collection.submitted", named, file["submitted_at"])
    try:
        ctx.store.collections.put_unit(cast(Item, item), version, audit=recorded)
    except ConditionFailed:  # written meanwhile: by this very submission sent twice at once, or another
        stored = cast(UnitItemRecord | None, ctx.store.collections.unit_item(collection_id, unit_id))
        if stored is None or stored["files"][-1]["key"] != form.key:
            raise VersionConflict("本单位的材料刚被修改，请刷新后再提交") from None
        item = stored
    return cast(dict[str, Any], shown_unit(ctx, collection, unit_id, unit, item))


def _checked(
    ctx: Context, collection: CollectionRecord, unit_id: str, form: SubmissionForm, principal: Principal
) -> FileRecord:
    """The file at `form.key`, checked on its object: the unit's and the collection's, there, of its size, and its
    own first bytes those of its type; else ValidationFailed naming `key`."""
    within = collection_prefix(ctx.org, collection["collection_id"], unit_id)
    shape = _NAME.fullmatch(form.key[len(within) :]) if form.key.startswith(within) else None
    if shape is None:
        raise _refused("上传的文件不属于本单位的本次材料收集，请重新上传")
    suffix = shape.group(1)
    try:
        stored = ctx.bucket.head(form.key)
        start = ctx.bucket.read_start(form.key, len(FIRST_BYTES[suffix])) if stored.size else b""
    except FileMissing:
        raise _refused("上传的文件未找到或已失效，请重新上传") from None
    if stored.size == 0:
        raise _refused("上传的文件是空的，请重新上传")
    if stored.size > MAX_FILE_BYTES:
        raise _refused(f"上传的{TOO_LARGE}")
    if FILE_TYPES.get(stored.content_type) != suffix:
        raise _refused(f"上传的文件类型有误：{WRONG_TYPE}")
    if start != FIRST_BYTES[suffix]:
        kind = TYPE_NAMES[suffix]
        raise _refused(f"上传的文件不是 {kind} 文件（内容与文件类型不符），请另存为 {kind} 后重新上传")
    now = timestamp(ctx.clock)
    return {
        "key": form.key,
        "filename": form.filename,
        "size": stored.size,
        "content_type": stored.content_type,
        "submitted_at": now,
        "late": local_today(ctx.clock) > date.fromisoformat(collection["due_on"]),
        "by": principal.actor,
        "by_name": principal.name,
    }


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed([{"field": "key", "message": message}])


def decide(
    ctx: Context, principal: Principal, collection_id: str, unit_id: str, decision: str, comment: str, version: int
) -> tuple[CollectionRecord, UnitItemRecord]:
    """Return (with a comment) or accept the unit's file at the version the office read; a decision sent again
    (the version it made is the stored one) writes nothing."""
    collection, items = found(ctx, collection_id)
    _asked(principal, collection, unit_id)
    current = items.get(unit_id)
    if current is None:
        raise StateConflict("该单位尚未提交材料")
    state = DECIDED[decision]
    sent = {"state": state, "comment": comment, "decided_by": principal.actor}
    refusal = "该单位的材料已有变动（当前版本 {version}），请刷新后再审阅"
    if version != current["version"]:
        retried_write(current["version"], version, cast(dict[str, Any], current), sent, refusal)
        return collection, current
    if current["state"] != "submitted":
        raise StateConflict("该单位的材料已审阅，须等其重新提交后才能再审阅")
    now = timestamp(ctx.clock)
    files = list(current["files"])
    if state == "returned":
        files[-1] = {**files[-1], "comment": comment}
    item: UnitItemRecord = {
        **current,
        "state": state,
        "version": version + 1,
        "files": files,
        "comment": comment,
        "decided_at": now,
        "decided_by": principal.actor,
        "decided_by_name": principal.name,
    }
    action = f"collection.{state}"
    recorded = audit.step(ctx, principal, action, unit_record(collection_id, unit_id), now, ["state"])
    try:
        ctx.store.collections.put_unit(cast(Item, item), version, audit=recorded)
    except ConditionFailed:
        stored = cast(UnitItemRecord, ctx.store.collections.unit_item(collection_id, unit_id))
        retried_write(stored["version"], version, cast(dict[str, Any], stored), sent, refusal)
        item = stored
    return collection, item


@dataclass(frozen=True)
class Outstanding:
    """A collection still open on a day, and the units it asks that have no file submitted (or one returned)."""

    collection_id: str
    title: str
    due_on: date
    remind_days_before: tuple[int, ...]
    unit_ids: tuple[str, ...]
    returned: frozenset[str]


def outstanding(ctx: Context, today: date) -> list[Outstanding]:
    """The collections due today or later whose first reminder day has come, each with its units to chase."""
    open_ = []
    for collection in cast(list[CollectionRecord], ctx.store.collections.all()):
        due_on = date.fromisoformat(collection["due_on"])
        days = collection["remind_days_before"]
        if due_on < today or not days or (due_on - today).days > max(days):
            continue
        _, items = found(ctx, collection["collection_id"])
        chase = [u for u in collection["unit_ids"] if u not in items or items[u]["state"] == "returned"]
        open_.append(
            Outstanding(
                collection["collection_id"],
                collection["title"],
                due_on,
                tuple(days),
                tuple(chase),
                frozenset(u for u in chase if u in items),
            )
        )
    return open_
