"""Reports, 本月无活动, a month as a reporter sees it, and photo uploads."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import SIGNED_IN, UNIT_WRITE
from chalicelib.core.errors import InvalidParameter
from chalicelib.core.models import Download
from chalicelib.core.responses import json_response
from chalicelib.reports import nil_reports, photos
from chalicelib.reports import service as reports
from chalicelib.reports.judging import judged, judged_page
from chalicelib.reports.models import (
    MonthState,
    NilReport,
    NilReportForm,
    PhotoUpload,
    PhotoUploadForm,
    Report,
    ReportPage,
    Revision,
    new_report_form,
    report_edit_form,
)
from chalicelib.reports.warnings import warnings_of
from chalicelib.web.routing import Routes, body, context, month_param, no_content, principal, query

routes = Routes(__name__)


@routes.route(
    "/reports",
    methods=("POST",),
    roles=UNIT_WRITE,
    proven_by_write=True,
    summary="提交活动报告（同一 submission_id 重复提交不重复保存）",
    body=new_report_form,
    validated_by_service=True,
    answer=Report,
    status=201,
    idempotent=True,
)
def submit_report() -> Response:
    report, created = reports.submit(context(), principal(), body())
    answer = {**report, "warnings": warnings_of(report)}
    return json_response(answer, 201 if created else 200, {"Location": f"/reports/{report['report_id']}"})


@routes.route(
    "/reports",
    roles=SIGNED_IN,
    summary="某月的活动报告（review=pending|approved|returned 按审核状态筛选；warnings=all：数据提示也按全县情况"
    "判断，如一份报告的 GET，整页多读三次）",
    answer=ReportPage,
    query=("month", "unit_id", "activity_type", "limit", "next_token", "review", "warnings"),
)
def list_reports() -> Response:
    judge_all = query("warnings")
    if judge_all not in (None, "all"):
        raise InvalidParameter("数据提示 warnings 只能不填（只按报告本身判断），或按全县情况判断（填法见接口说明）")
    found = reports.list_month(
        context(),
        principal(),
        query("month"),
        query("unit_id"),
        query("activity_type"),
        query("limit"),
        query("next_token"),
        query("review"),
    )
    items = found["items"]
    warned = judged_page(context(), str(query("month")), items) if judge_all else [warnings_of(r) for r in items]
    return json_response({**found, "items": [{**r, "warnings": w} for r, w in zip(items, warned, strict=True)]})


@routes.route("/reports/{report_id}", roles=SIGNED_IN, summary="一份活动报告", answer=Report)
def get_report(report_id: str) -> Response:
    report = reports.get(context(), principal(), report_id)
    return json_response({**report, "warnings": judged(context(), report)})


@routes.route(
    "/reports/{report_id}",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="更正活动报告（须带所改的 version）",
    body=report_edit_form,
    validated_by_service=True,
    answer=Report,
)
def update_report(report_id: str) -> Response:
    report = reports.update(context(), principal(), report_id, body())
    return json_response({**report, "warnings": warnings_of(report)})


@routes.route("/reports/{report_id}", methods=("DELETE",), roles=UNIT_WRITE, summary="撤回活动报告")
def withdraw_report(report_id: str) -> Response:
    return json_response(reports.withdraw(context(), principal(), report_id))


@routes.route(
    "/reports/{report_id}/history", roles=SIGNED_IN, summary="活动报告的修改记录", answer=Revision, answer_is_list=True
)
def report_history(report_id: str) -> Response:
    return json_response({"items": reports.history(context(), principal(), report_id)})


@routes.route(
    "/reports/{report_id}/photos",
    roles=SIGNED_IN,
    summary="活动报告的照片：每张一个短时有效的链接（县双拥办审核时查看）",
    answer=Download,
    answer_is_list=True,
)
def report_photos(report_id: str) -> Response:
    return json_response({"items": photos.links(context(), principal(), report_id)})


@routes.route(
    "/units/{unit_id}/months/{month}/nil-report",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="填报本月无活动",
    body=NilReportForm,
    validated_by_service=True,
    answer=NilReport,
    status=201,
    idempotent=True,
)
def file_nil_report(unit_id: str, month: str) -> Response:
    nil_report, created = nil_reports.file_nil_report(context(), principal(), unit_id, month, body())
    return json_response(nil_report, 201 if created else 200)


@routes.route(
    "/units/{unit_id}/months/{month}/nil-report", roles=SIGNED_IN, summary="本月无活动的填报", answer=NilReport
)
def get_nil_report(unit_id: str, month: str) -> Response:
    return json_response(nil_reports.get_nil_report(context(), principal(), unit_id, month))


@routes.route(
    "/units/{unit_id}/months/{month}/nil-report",
    methods=("DELETE",),
    roles=UNIT_WRITE,
    summary="撤回本月无活动",
    status=204,
)
def withdraw_nil_report(unit_id: str, month: str) -> Response:
    nil_reports.withdraw_nil_report(context(), principal(), unit_id, month)
    return no_content()


@routes.route(
    "/months/{month}",
    roles=SIGNED_IN,
    summary="月份的截止日、锁定日、是否锁定、是否申请过汇总，及填报员本单位的本月无活动",
    answer=MonthState,
)
def get_month(month: str) -> Response:
    return json_response(nil_reports.month_state(context(), principal(), month_param(month)))


@routes.route(
    "/photos/uploads",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="申请上传一张照片：直传 S3 的预签名 POST（限本单位、JPEG、2 MB）",
    body=PhotoUploadForm,
    answer=PhotoUpload,
    status=201,
)
def new_photo_upload(form: PhotoUploadForm) -> Response:
    return json_response(photos.new_upload(context(), principal(), form), 201)
