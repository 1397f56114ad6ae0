"""Reviewing reports: 通过 or 退回修改, one report or a unit's month; and a unit's file in a year-end collection."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import REVIEWERS
from chalicelib.core.responses import json_response
from chalicelib.review import service as reviews
from chalicelib.review.models import MonthApproval, ReviewedCollectionUnit, ReviewedReport, ReviewForm
from chalicelib.web.routing import Routes, context, principal

routes = Routes(__name__)


@routes.route(
    "/reports/{report_id}/review",
    methods=("POST",),
    roles=REVIEWERS,
    summary="审核活动报告：通过或退回修改（须带所审核的 version；退回须写审核意见，并即时邮件通知该单位）",
    body=ReviewForm,
    answer=ReviewedReport,
)
def review_report(report_id: str, form: ReviewForm) -> Response:
    return json_response(reviews.review(context(), principal(), report_id, form))


@routes.route(
    "/units/{unit_id}/months/{month}/approve",
    methods=("POST",),
    roles=REVIEWERS,
    summary="审核通过某单位某月全部待审核的报告（读取后被修改的报告不予通过，并列出）",
    answer=MonthApproval,
)
def approve_unit_month(unit_id: str, month: str) -> Response:
    return json_response(reviews.approve_month(context(), principal(), unit_id, month))


@routes.route(
    "/collections/{collection_id}/units/{unit_id}/review",
    methods=("POST",),
    roles=REVIEWERS,
    summary="审阅单位报送的材料：通过或退回修改（须带所审阅的 version；退回须写意见，并即时邮件通知该单位）",
    body=ReviewForm,
    answer=ReviewedCollectionUnit,
)
def review_collection_file(collection_id: str, unit_id: str, form: ReviewForm) -> Response:
    return json_response(reviews.review_collection(context(), principal(), collection_id, unit_id, form))
