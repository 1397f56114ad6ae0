"""Summaries of a month, a year or days of a year, and the office's own words in the year's."""

from __future__ import annotations

from urllib.parse import unquote

from chalice import Response

from chalicelib.core.auth import OFFICE_COMPILE, OFFICE_READ, OFFICE_WRITE, SIGNED_IN, UNIT_WRITE, Role
from chalicelib.core.responses import json_response
from chalicelib.summaries import notes as summary_notes
from chalicelib.summaries import periods as summary_periods
from chalicelib.summaries import reading as summaries
from chalicelib.summaries import requests as summary_requests
from chalicelib.summaries.models import (
    PeriodSummary,
    SummaryNotes,
    SummaryNotesForm,
    SummaryRequest,
    SummaryState,
    UnitPeriodSummary,
)
from chalicelib.units import service as units
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


# --- a unit's own summary: its reporters for their own unit (another unit's is 404), the office for any ----------
# The paths name their variables as their siblings do (/units/{unit_id}/…, /summaries/{period}/…): API Gateway
# refuses two variables of different names side by side.


def own_unit(unit_id: str) -> str:
    """The unit asked for, if the caller may see it: a reporter its own only (another's is 'not found')."""
    return units.get(context(), principal(), unit_id)["unit_id"]


@routes.route(
    "/units/{unit_id}/summaries/{period}",
    methods=("POST",),
    roles=OFFICE_COMPILE | {Role.REPORTER},
    summary="申请汇总本单位某月、某年、某段日期或节日期间的工作（期间写法同 POST /summaries/{period}；后台进行，"
    "完成后 GET 可下载本单位台账 Excel、CSV 与 Word 草稿：年度为本单位年度双拥工作总结（草稿））",
    answer=SummaryRequest,
    status=202,
)
def request_unit_summary(unit_id: str, period: str) -> Response:
    unit = own_unit(unit_id)  # another unit's is 'not found' whatever the period
    return json_response(summary_requests.request(context(), principal(), period_param(period), unit), 202)


@routes.route(
    "/units/{unit_id}/summaries/{period}",
    roles=SIGNED_IN,
    summary="本单位某期间的汇总：只计本单位的报告、本单位承担的计划任务与逐月报送情况，下载链接",
    answer=UnitPeriodSummary,
)
def get_unit_summary(unit_id: str, period: str) -> Response:
    unit = own_unit(unit_id)
    return json_response(summaries.present(context(), period_param(period), unit))


@routes.route(
    "/units/{unit_id}/summaries/{period}/notes",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="填写本单位年度双拥工作总结中本单位自己的文字：存在的不足、下一年工作打算、各方面段落"
    "（只改所给的，带所改的 version）",
    body=SummaryNotesForm,
    validated_by_service=True,
    answer=SummaryNotes,
)
def put_unit_summary_notes(unit_id: str, period: str) -> Response:
    return json_response(summary_notes.replace(context(), principal(), period, body(), own_unit(unit_id)))


@routes.route(
    "/units/{unit_id}/summaries/{period}/notes",
    roles=SIGNED_IN,
    summary="本单位年度双拥工作总结中本单位自己的文字",
    answer=SummaryNotes,
)
def get_unit_summary_notes(unit_id: str, period: str) -> Response:
    return json_response(summary_notes.show(context(), period, own_unit(unit_id)))
