"""The audit trail."""

from __future__ import annotations

from chalice import Response

from chalicelib.audit import service as audit
from chalicelib.audit.models import AuditPage
from chalicelib.core.auth import OFFICE_WRITE
from chalicelib.core.responses import json_response
from chalicelib.web.routing import Routes, context, query

routes = Routes(__name__)


@routes.route(
    "/audit",
    roles=OFFICE_WRITE,
    summary="操作记录：某月每一次写入（谁、角色、做了什么、哪条记录、何时、改了哪些字段），新的在前；不可修改",
    answer=AuditPage,
    query=("month", "actor", "record", "limit", "next_token"),
)
def audit_trail() -> Response:
    found = audit.page(context(), query("month"), query("actor"), query("record"), query("limit"), query("next_token"))
    return json_response(found)
