"""Co-building agreements (军地共建协议) between a member unit and a military unit. Each write is recorded in the
audit trail, in the same transaction (audit/service.py); a change of state (status) is an edit like any other.
The signed documents are attached and detached by their own write (`set_documents`, checked in documents.py);
an edit of the terms keeps them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, cast

from chalicelib.agreements import documents
from chalicelib.agreements.models import (
    AgreementEditForm,
    AgreementForm,
    AgreementState,
    AgreementStatus,
    DocumentsForm,
)
from chalicelib.agreements.records import AgreementFields, AgreementRecord, ShownAgreement
from chalicelib.agreements.status import present
from chalicelib.audit import service as audit
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import local_today, month_of, next_month, timestamp
from chalicelib.core.errors import InvalidParameter, NotFound, ValidationFailed, VersionConflict
from chalicelib.core.models import as_item
from chalicelib.core.validation import validate_named
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item
from chalicelib.reports.records import ShownReport, StoredReport
from chalicelib.reports.service import present as present_report


def _check_unit(ctx: Context, unit_id: str) -> None:
    if ctx.store.units.get(unit_id) is None:
        raise ValidationFailed([{"field": "unit_id", "message": "未找到该单位"}])


def _mark_ended(agreement: AgreementRecord, before: AgreementRecord | None, now: str) -> None:
    """Set `ended_at`: when the agreement was first recorded expired or terminated (kept across later edits
    while it stays so); none while it is recorded active. Summaries of earlier periods count it until then."""
    agreement.pop("ended_at", None)
    if agreement["status"] == AgreementStatus.ACTIVE:
        return
    if before is not None and before["status"] != AgreementStatus.ACTIVE:
        agreement["ended_at"] = before.get("ended_at") or before["updated_at"]
    else:
        agreement["ended_at"] = now


def record(agreement_id: str) -> str:
    """The agreement as the audit trail names it."""
    return f"agreement:{agreement_id}"


def create(ctx: Context, principal: Principal, form: AgreementForm) -> ShownAgreement:
    _check_unit(ctx, form.unit_id)
    now = timestamp(ctx.clock)
    agreement: AgreementRecord = {
        "agreement_id": uuid.uuid4().hex,
        **cast(AgreementFields, as_item(form)),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    _mark_ended(agreement, None, now)
    recorded = audit.step(ctx, principal, "agreement.created", record(agreement["agreement_id"]), now)
    ctx.store.agreements.add(cast(Item, agreement), audit=recorded)
    return present(agreement, local_today(ctx.clock))


def _found(ctx: Context, agreement_id: str) -> AgreementRecord:
    agreement = cast(AgreementRecord | None, ctx.store.agreements.get(agreement_id))
    if agreement is None:
        raise NotFound("未找到该共建协议")
    return agreement


def get(ctx: Context, principal: Principal, agreement_id: str) -> ShownAgreement:
    """The agreement, with a download link for each signed document."""
    agreement = _found(ctx, agreement_id)
    principal.require_unit(agreement["unit_id"], "共建协议")
    return documents.with_links(ctx, present(agreement, local_today(ctx.clock)))


def update(ctx: Context, principal: Principal, agreement_id: str, body: dict[str, Any]) -> ShownAgreement:
    """Change the terms (and status) the body names, over the version it edits."""
    current = _found(ctx, agreement_id)
    form = validate_named(AgreementEditForm, current, body)
    if form.version != current["version"]:  # refused before the write: the table takes no number that long
        raise VersionConflict(
            f"该协议已被修改（当前版本 {current['version']}），请刷新后再改", current_version=current["version"]
        )
    _check_unit(ctx, form.unit_id)
    now = timestamp(ctx.clock)
    agreement: AgreementRecord = {
        **current,
        **cast(AgreementFields, as_item(form, exclude={"version"})),
        "version": form.version + 1,
        "updated_at": now,
    }
    _mark_ended(agreement, current, now)
    fields = audit.changed(current, agreement, AgreementForm.model_fields)
    recorded = audit.step(ctx, principal, "agreement.updated", record(agreement_id), now, fields)
    try:
        ctx.store.agreements.replace(cast(Item, agreement), form.version, audit=recorded)
    except ConditionFailed:
        raise VersionConflict("该协议已被修改，请刷新后再改") from None
    return present(agreement, local_today(ctx.clock))


def set_documents(ctx: Context, principal: Principal, agreement_id: str, form: DocumentsForm) -> ShownAgreement:
    """Attach and detach signed documents: `documents` is the whole list. A list equal to the stored one writes
    nothing (so a retry answers as the first request did)."""
    current = _found(ctx, agreement_id)
    attached = current.get("documents", [])
    listed = documents.checked(ctx, agreement_id, attached, form.documents)
    if listed == attached:
        return documents.with_links(ctx, present(current, local_today(ctx.clock)))
    now = timestamp(ctx.clock)
    agreement: AgreementRecord = {**current, "documents": listed, "version": form.version + 1, "updated_at": now}
    recorded = audit.step(ctx, principal, "agreement.updated", record(agreement_id), now, ["documents"])
    try:
        ctx.store.agreements.replace(cast(Item, agreement), form.version, audit=recorded)
    except ConditionFailed:
        raise VersionConflict("该协议已被修改，请刷新后再改") from None
    return documents.with_links(ctx, present(agreement, local_today(ctx.clock)))


def list_visible(ctx: Context, principal: Principal, unit_id: str | None, status: str | None) -> list[ShownAgreement]:
    if status is not None and status not in AgreementState.__members__.values():
        raise InvalidParameter("协议状态应为未生效、有效、已到期或已终止")
    if not principal.is_office:
        if unit_id is not None:
            principal.require_unit(unit_id, "单位")
        unit_id = principal.unit_id
    today = local_today(ctx.clock)
    found = [present(a, today) for a in cast(list[AgreementRecord], ctx.store.agreements.all(unit_id))]
    return [a for a in found if status is None or a["status"] == status]


def activities(ctx: Context, agreement_id: str) -> list[ShownReport]:
    """The live reports of the agreement's unit that name the agreement, oldest first: those of the months from
    its signing (or start, if earlier) to this month, as an activity under it is not held before it is signed."""
    agreement = _found(ctx, agreement_id)
    month = min(agreement["signed_on"], agreement["valid_from"])[:7]  # stored as YYYY-MM-DD
    last = month_of(local_today(ctx.clock))
    found: list[StoredReport] = []
    while month <= last:
        found += [
            r
            for r in cast(Iterator[StoredReport], ctx.store.reports.of_month(month, agreement["unit_id"]))
            if r.get("agreement_id") == agreement_id
        ]
        month = next_month(month)
    found.sort(key=lambda r: (r["occurred_on"], r["report_id"]))
    return [present_report(r) for r in found]
