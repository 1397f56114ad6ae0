"""An agreement's signed documents (协议文本): the county office's page uploads each straight to S3 with a
presigned POST, then names the uploaded keys on the agreement (service.set_documents).

The POST's policy allows exactly one new key under the agreement's prefix
(`agreements/<agreement>/<32 hex digits>.pdf|.jpg|.png`), of the type the page declared (PDF, JPEG or PNG) and
of at most MAX_DOCUMENT_BYTES. Before a key is attached it is checked again, on the object itself (a HEAD):
its shape, that it is there, its size and its type. A document taken off the list is only detached: its object
stays in the bucket (no lifecycle rule expires `agreements/`: what was signed is a record), as does an upload
never attached. Reading one agreement answers each document with a short-lived download link.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from chalicelib.agreements.models import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    TOO_LARGE,
    WRONG_TYPE,
    AttachedDocument,
    DocumentUploadForm,
)
from chalicelib.agreements.records import DocumentRecord, ShownAgreement, UploadedDocument
from chalicelib.context import Context
from chalicelib.core.errors import NotFound, ValidationFailed
from chalicelib.core.validation import validate
from chalicelib.files.bucket import FileMissing, agreement_prefix, filename

UPLOAD_EXPIRES_SECONDS = 15 * 60
_NAME = re.compile(r"[0-9a-f]{32}\.(?:pdf|jpg|png)")


def new_upload(ctx: Context, agreement_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """A presigned POST for one document of the agreement, of the type and size the page declared."""
    if ctx.store.agreements.get(agreement_id) is None:
        raise NotFound("未找到该共建协议")
    form = validate(DocumentUploadForm, body)
    within = agreement_prefix(ctx.org, agreement_id)
    key = f"{within}{uuid.uuid4().hex}{DOCUMENT_TYPES[form.content_type]}"
    return ctx.bucket.upload_form(key, form.content_type, MAX_DOCUMENT_BYTES, within, UPLOAD_EXPIRES_SECONDS)


def checked(
    ctx: Context, agreement_id: str, attached: list[DocumentRecord], asked: list[AttachedDocument]
) -> list[DocumentRecord]:
    """The documents to store for the list `asked`: those `attached` already are kept (renamed if asked), each
    new one is checked on its object; ValidationFailed naming each refused `documents.N`."""
    kept = {d["key"]: d for d in attached}
    documents: list[DocumentRecord] = []
    errors = []
    for i, document in enumerate(asked):
        if document.key in (a.key for a in asked[:i]):
            errors.append({"field": f"documents.{i}", "message": "同一文件只能附一次"})
            continue
        stored = kept.get(document.key) or _uploaded(ctx, agreement_id, document.key)
        if isinstance(stored, str):
            errors.append({"field": f"documents.{i}", "message": stored})
        else:
            documents.append({**stored, "filename": document.filename})
    if errors:
        raise ValidationFailed(errors)
    return documents


def _uploaded(ctx: Context, agreement_id: str, key: str) -> UploadedDocument | str:
    """The stored facts of a newly named document, or why it is refused."""
    within = agreement_prefix(ctx.org, agreement_id)
    if not key.startswith(within):
        return "文件不属于本协议"
    if not _NAME.fullmatch(key[len(within) :]):
        return "文件编号有误，请重新上传"
    try:
        found = ctx.bucket.head(key)
    except FileMissing:
        return "文件未上传或已失效，请重新上传"
    if found.size == 0:
        return "文件是空的，请重新上传"
    if found.size > MAX_DOCUMENT_BYTES:
        return TOO_LARGE
    if not key.endswith(DOCUMENT_TYPES.get(found.content_type, "?")):
        return WRONG_TYPE
    return {"key": key, "size": found.size, "content_type": found.content_type}


def with_links(ctx: Context, agreement: ShownAgreement) -> ShownAgreement:
    """The agreement with a download link on each document, which downloads under the document's name."""
    documents: list[DocumentRecord] = []
    for document in agreement["documents"]:
        stem = document["filename"].rsplit(".", 1)[0] or "协议文本"
        name = filename(stem, suffix=DOCUMENT_TYPES[document["content_type"]])
        link = ctx.bucket.download_link(document["key"], name, document["content_type"])
        documents.append({**document, "url": link["url"], "expires_in": link["expires_in"]})
    return {**agreement, "documents": documents}
