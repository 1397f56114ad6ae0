"""The audit trail."""

from __future__ import annotations

from chalice import Response

from chalicelib.audit import service as audit
from chalicelib.audit.models import AuditFilters, AuditPage
from chalicelib.core.auth import OFFICE_WRITE
from chalicelib.core.responses import json_response
from chalicelib.web.routing import Routes, context, query

routes = Routes(__name__)


@routes.route(
    "/audit",
    roles=OFFICE_WRITE,
    summary=(
        "操作记录：某月每一次写入（谁、角色、做了什么、哪条记录、何时、改了哪些字段），新的在前；不可修改。"
        "每条带中文说明与记录现在的名称；可按人（actor）、记录（record）或记录类别（kind）筛选"
    ),
    answer=AuditPage,
    query=("month", "actor", "record", "kind", "limit", "next_token"),
)
def audit_trail() -> Response:
    found = audit.page(
        context(), query("month"), query("actor"), query("record"), query("kind"), query("limit"), query("next_token")
    )
    return json_response(found)


@routes.route(
    "/audit/filters",
    roles=OFFICE_WRITE,
    summary="操作记录的筛选项：某月有记录的人（带姓名）与记录类别",
    answer=AuditFilters,
    query=("month",),
)
def audit_filters() -> Response:
    return json_response(audit.filters(context(), query("month")))
