"""Summaries of a month, a year or days of a year, and the office's own words in the year's."""

from __future__ import annotations

from urllib.parse import unquote

from chalice import Response

from chalicelib.core.auth import OFFICE_COMPILE, OFFICE_READ, OFFICE_WRITE
from chalicelib.core.responses import json_response
from chalicelib.summaries import notes as summary_notes
from chalicelib.summaries import periods as summary_periods
from chalicelib.summaries import reading as summaries
from chalicelib.summaries import requests as summary_requests
from chalicelib.summaries.models import PeriodSummary, SummaryNotes, SummaryNotesForm, SummaryRequest, SummaryState
from chalicelib.web.routing import Routes, body, context, principal

routes = Routes(__name__)


def period_param(period: str) -> str:
    """A month (YYYY-MM), a year (YYYY), or days of a year (summaries/periods.py)."""
    return summary_periods.check(unquote(period))


@routes.route(
    "/summaries/{period}",
    methods=("POST",),
    roles=OFFICE_COMPILE,
    summary="申请汇总某月（YYYY-MM）、某年至今（YYYY）或某段日期（YYYY-MM-DD..YYYY-MM-DD，几段用 + 连接；"
    "2026-spring-festival、2026-bayi、2026-two-festivals 按节日日历）（后台进行，完成后 GET 可下载 Excel、CSV、Word）",
    answer=SummaryRequest,
    status=202,
)
def request_summary(period: str) -> Response:
    return json_response(summary_requests.request(context(), principal(), period_param(period)), 202)


@routes.route(
    "/summaries/{period}",
    roles=OFFICE_READ,
    summary="某月、某年或某段日期的汇总：数字、情况汇报（年度工作总结）、报送情况与下载链接",
    answer=PeriodSummary,
)
def get_summary(period: str) -> Response:
    return json_response(summaries.present(context(), period_param(period)))


@routes.route(
    "/summaries/{period}/state",
    roles=OFFICE_READ,
    summary="某期间的名称、日期段，以及是否已申请过汇总（未申请时 GET /summaries/{period} 答 404）",
    answer=SummaryState,
)
def get_summary_state(period: str) -> Response:
    return json_response(summaries.state(context(), period_param(period)))


# The notes' path names its variable as its sibling GET /summaries/{period} does: API Gateway refuses two
# variables of different names side by side. The notes are a year's, so the period is a year (YYYY).
@routes.route(
    "/summaries/{period}/notes",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="填写年度工作总结中本办自己的文字：存在的问题、下一步工作打算、各方面段落（只改所给的，带所改的 version）",
    body=SummaryNotesForm,
    validated_by_service=True,
    answer=SummaryNotes,
)
def put_summary_notes(period: str) -> Response:
    return json_response(summary_notes.replace(context(), principal(), period, body()))


@routes.route(
    "/summaries/{period}/notes", roles=OFFICE_READ, summary="年度工作总结中本办自己的文字", answer=SummaryNotes
)
def get_summary_notes(period: str) -> Response:
    return json_response(summary_notes.show(context(), period))
