"""One .zip of every file a collection holds, built in the background on the summaries' path.

The office's POST records the request on the collection (with its audit entry, one transaction), then writes
`compile-requests/collections/<collection>/<request_id>.json` into the bucket; S3 notifies the compile queue,
whose function (app.py) hands the message here. The archive is streamed: each unit's file is read from the
bucket in pieces into a stored (uncompressed: DOCX and PDF are compressed already) zip entry, and the zip is
written to the bucket as a multipart upload (files/bucket.py `writer`), so sixty files of 20 MB pass through a
few MB of memory and never /tmp. Each entry is named `<单位名称>-<title>.<ext>`. The collection keeps the last
archive asked for (a request superseded meanwhile is skipped); each .zip, under `collections/_archives/`,
expires after ARCHIVE_DAYS by the bucket's lifecycle rule, and is made again whenever asked.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from typing import IO, Any, cast
from urllib.parse import unquote_plus

import simplejson

from chalicelib.audit import service as audit
from chalicelib.collections.models import FILE_TYPES
from chalicelib.collections.records import ArchiveRecord, CollectionRecord, UnitItemRecord
from chalicelib.collections.service import HIDDEN, found, record
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import timestamp
from chalicelib.core.errors import NotFound, StateConflict
from chalicelib.core.models import UNIT_ID
from chalicelib.core.responses import dumps
from chalicelib.db.errors import ConditionFailed
from chalicelib.files.bucket import ARCHIVE_REQUESTS, COMPILE_REQUESTS, archive_key, archive_request_key, filename
from chalicelib.units.records import UnitRecord

log = logging.getLogger(__name__)

REQUEST_KEY = re.compile(rf"^{COMPILE_REQUESTS}({UNIT_ID})/{ARCHIVE_REQUESTS}([0-9a-f]{{32}})/([0-9a-f]{{32}})\.json$")
CHUNK_BYTES = 1024 * 1024
IN_ARCHIVE = ("submitted", "accepted")  # a returned file is not the unit's final one


def request(ctx: Context, principal: Principal, collection_id: str) -> ArchiveRecord:
    """Ask for the archive: the request object's creation in the bucket starts its build."""
    _, items = found(ctx, collection_id)
    if not any(item["state"] in IN_ARCHIVE for item in items.values()):
        raise StateConflict("还没有单位提交材料，无法打包下载")
    now = timestamp(ctx.clock)
    asked: ArchiveRecord = {
        "request_id": uuid.uuid4().hex,
        "status": "pending",
        "requested_at": now,
        "requested_by": principal.actor,
    }
    recorded = audit.step(ctx, principal, "collection.archive_requested", record(collection_id), now)
    ctx.store.collections.request_archive(collection_id, cast(dict[str, Any], asked), audit=recorded)
    body = dumps({"collection_id": collection_id, **asked}).encode("utf-8")
    ctx.bucket.put(
        archive_request_key(ctx.org, collection_id, asked["request_id"]), body, "application/json; charset=utf-8"
    )
    return asked


def state(ctx: Context, collection_id: str) -> dict[str, Any]:
    """The last archive asked for, with a short-lived link once it is ready."""
    collection, _ = found(ctx, collection_id)
    archive = collection.get("archive")
    if archive is None:
        raise NotFound("尚未申请打包下载")
    shown: dict[str, Any] = {k: v for k, v in archive.items() if k not in HIDDEN}
    if archive["status"] == "ready":
        name = filename(collection["title"], suffix=".zip")
        shown.update(ctx.bucket.download_link(archive["key"], name, "application/zip"))
    return shown


def handle_message(tenant: Callable[[str], Context], body: str) -> list[str]:
    """One SQS message (an S3 notification): build each archive asked for; answer the collections built. Any
    other object (a summary's request) is left to the summaries: the answer is then empty."""
    try:
        notification = simplejson.loads(body)
    except ValueError:
        return []
    built = []
    for each in notification.get("Records", []) if isinstance(notification, dict) else []:
        key = unquote_plus(each.get("s3", {}).get("object", {}).get("key", ""))
        asked = REQUEST_KEY.match(key)
        if asked and str(each.get("eventName", "")).startswith("ObjectCreated"):
            org, collection_id, request_id = asked.groups()
            build(tenant(org), collection_id, request_id)
            built.append(collection_id)
    return built


def build(ctx: Context, collection_id: str, request_id: str) -> None:
    """Build the archive asked for by `request_id`, unless another was asked for since; a failure is recorded
    and raised, so that SQS delivers the message again."""
    collection, items = found(ctx, collection_id)
    archive = collection.get("archive")
    if archive is None or archive["request_id"] != request_id:
        log.info("archive %s of %s superseded: skipped", request_id, collection_id)
        return
    key = archive_key(ctx.org, collection_id, request_id)
    try:
        size, files = _write(ctx, collection, items, key)
    except Exception as error:
        _finish(ctx, collection_id, {**archive, "status": "failed", "error": f"{type(error).__name__}: {error}"[:500]})
        raise
    _finish(
        ctx,
        collection_id,
        {**archive, "status": "ready", "ready_at": timestamp(ctx.clock), "key": key, "size": size, "files": files},
    )


def _finish(ctx: Context, collection_id: str, archive: ArchiveRecord) -> None:
    try:
        ctx.store.collections.finish_archive(collection_id, cast(dict[str, Any], archive))
    except ConditionFailed:
        log.info("archive %s of %s superseded while built", archive["request_id"], collection_id)


def _write(ctx: Context, collection: CollectionRecord, items: dict[str, UnitItemRecord], key: str) -> tuple[int, int]:
    """Stream the zip to `key`; answer its size and number of files."""
    units = {u["unit_id"]: u for u in cast(list[UnitRecord], ctx.store.units.all())}
    entries = 0
    with (
        ctx.bucket.writer(key, "application/zip") as out,
        zipfile.ZipFile(cast(IO[bytes], out), "w", compression=zipfile.ZIP_STORED) as archive,
    ):
        for unit_id in collection["unit_ids"]:
            item = items.get(unit_id)
            if item is None or item["state"] not in IN_ARCHIVE:
                continue
            file = item["files"][-1]
            unit_name = units[unit_id]["name"] if unit_id in units else unit_id
            name = filename(unit_name, collection["title"], suffix=FILE_TYPES[file["content_type"]])
            moment = datetime.fromisoformat(file["submitted_at"])
            entry = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            with archive.open(entry, "w") as written, closing(ctx.bucket.stream(file["key"])) as source:
                shutil.copyfileobj(source, written, CHUNK_BYTES)
            entries += 1
    return out.written, entries
