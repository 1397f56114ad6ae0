"""本月无活动 (a nil report): a unit's word that it had no activity in a month.

A unit-month is reported or 本月无活动, never both: the nil report's write is conditioned on the
unit having no live report of the month (db/months.py), in one transaction with its audit entry."""

from __future__ import annotations

from typing import Any, cast

from chalicelib.audit import service as audit
from chalicelib.calendar import month_status as calendar
from chalicelib.context import Context
from chalicelib.core.auth import Principal
from chalicelib.core.dates import MONTH_FORMAT, is_month, local_today, period_label, timestamp
from chalicelib.core.errors import Forbidden, InvalidParameter, NotFound, StateConflict
from chalicelib.core.validation import validate
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.months import ReportsFiled, UnitNotReporting
from chalicelib.db.table import Item
from chalicelib.reports.models import NilReportForm
from chalicelib.reports.records import NilReportRecord
from chalicelib.reports.service import NOT_REPORTING


def reports_filed(month: str) -> StateConflict:
    return StateConflict(f"本单位{period_label(month)}已有活动报告，不能再报告“本月无活动”")


def nil_record(unit_id: str, month: str) -> str:
    """A unit's 本月无活动 of a month as the audit trail names it."""
    return f"nil_report:{unit_id}/{month}"


def _month_of_unit(ctx: Context, principal: Principal, unit_id: str, month: str) -> None:
    principal.require_unit(unit_id, "单位")
    if not is_month(month):
        raise InvalidParameter(MONTH_FORMAT)
    if ctx.store.units.get(unit_id) is None:
        raise NotFound("未找到该单位")


def file_nil_report(
    ctx: Context, principal: Principal, unit_id: str, month: str, body: dict[str, Any]
) -> tuple[NilReportRecord, bool]:
    """File 本月无活动 (created: True), or answer the one already filed (False); 409.5 beside reports."""
    _month_of_unit(ctx, principal, unit_id, month)
    form = validate(NilReportForm, body)
    if calendar.is_future(ctx, month):
        raise InvalidParameter("不能为尚未到来的月份填报本月无活动")
    status = calendar.ensure_open(ctx, principal.is_admin, month)
    now = timestamp(ctx.clock)
    nil_report: NilReportRecord = {
        "unit_id": unit_id,
        "month": month,
        "note": form.note,
        "filed_at": now,
        "filed_by": principal.actor,
        "late": calendar.is_late(status, local_today(ctx.clock)),
    }
    recorded = audit.step(ctx, principal, "nil_report.filed", nil_record(unit_id, month), now)
    try:  # one transaction, with its audit entry: only while the unit has no live report of the month
        existing = cast(
            NilReportRecord | None,
            ctx.store.nil_reports.put(cast(Item, nil_report), unit_must_report=not principal.is_admin, audit=recorded),
        )
    except ReportsFiled:
        raise reports_filed(month) from None
    except UnitNotReporting:
        raise Forbidden(NOT_REPORTING) from None
    if existing is not None:
        return existing, False
    return nil_report, True


def get_nil_report(ctx: Context, principal: Principal, unit_id: str, month: str) -> NilReportRecord:
    _month_of_unit(ctx, principal, unit_id, month)
    found = cast(NilReportRecord | None, ctx.store.nil_reports.get(month, unit_id))
    if found is None:
        raise NotFound("该月未填报本月无活动")
    return found


def withdraw_nil_report(ctx: Context, principal: Principal, unit_id: str, month: str) -> None:
    _month_of_unit(ctx, principal, unit_id, month)
    calendar.ensure_open(ctx, principal.is_admin, month)
    recorded = audit.step(ctx, principal, "nil_report.withdrawn", nil_record(unit_id, month), timestamp(ctx.clock))
    try:
        ctx.store.nil_reports.delete(month, unit_id, audit=recorded)
    except ConditionFailed:
        raise NotFound("该月未填报本月无活动") from None


def month_state(ctx: Context, principal: Principal, month: str) -> dict[str, Any]:
    """The month's status, whether a summary of it was ever asked for, and a reporter's unit's 本月无活动."""
    return {
        **calendar.month_status(ctx, month).model_dump(),
        "summary_requested": ctx.store.summaries.get(month) is not None,
        "nil_report": ctx.store.nil_reports.get(month, principal.unit_id) if principal.unit_id else None,
    }
