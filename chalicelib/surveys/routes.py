"""Surveys: defined, opened and read by the office or a unit; answered from a public link, no account."""

from __future__ import annotations

from chalice import Response
from chalice.app import Request

from chalicelib.core.auth import ANYONE, SIGNED_IN, UNIT_WRITE
from chalicelib.core.models import Download
from chalicelib.core.responses import json_response
from chalicelib.pages import serve as pages
from chalicelib.surveys import exports as survey_exports
from chalicelib.surveys import public as public_surveys
from chalicelib.surveys import service as surveys
from chalicelib.surveys.models import (
    NewSurveyForm,
    OpenedSurvey,
    PublicSurvey,
    QrCode,
    ResponseForm,
    ResponseReceipt,
    Survey,
    SurveyForm,
    SurveyResults,
    SurveySummary,
    SurveyVersion,
)
from chalicelib.web.routing import Routes, body, context, current_request, no_content, principal, query

routes = Routes(__name__)


@routes.route(
    "/surveys",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="创建问卷（草稿）",
    body=NewSurveyForm,
    answer=Survey,
    status=201,
)
def create_survey(form: NewSurveyForm) -> Response:
    survey = surveys.create(context(), principal(), form)
    return json_response(survey, 201, {"Location": f"/surveys/{survey['survey_id']}"})


@routes.route(
    "/surveys",
    roles=SIGNED_IN,
    summary="问卷（填报员只见本单位）",
    answer=SurveySummary,
    answer_is_list=True,
    query=("unit_id", "state"),
)
def list_surveys() -> Response:
    return json_response({"items": surveys.list_visible(context(), principal(), query("unit_id"), query("state"))})


@routes.route("/surveys/{survey_id}", roles=SIGNED_IN, summary="一份问卷", answer=Survey)
def get_survey(survey_id: str) -> Response:
    return json_response(surveys.get(context(), principal(), survey_id))


@routes.route(
    "/surveys/{survey_id}",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="修改问卷（发布后修改题目会生成新版本）",
    body=SurveyForm,
    validated_by_service=True,
    answer=Survey,
)
def update_survey(survey_id: str) -> Response:
    return json_response(surveys.update(context(), principal(), survey_id, body()))


@routes.route(
    "/surveys/{survey_id}",
    methods=("DELETE",),
    roles=UNIT_WRITE,
    summary="删除草稿问卷（已发布过的问卷不能删除：409）",
    status=204,
)
def delete_survey(survey_id: str) -> Response:
    surveys.delete_draft(context(), principal(), survey_id)
    return no_content()


@routes.route(
    "/surveys/{survey_id}/copy",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="复制问卷为新的草稿（题目、说明、答卷数上限；不含时间与答卷）",
    answer=Survey,
    status=201,
)
def copy_survey(survey_id: str) -> Response:
    survey = surveys.copy(context(), principal(), survey_id)
    return json_response(survey, 201, {"Location": f"/surveys/{survey['survey_id']}"})


@routes.route(
    "/surveys/{survey_id}/open",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="发布问卷：公开链接与二维码",
    answer=OpenedSurvey,
)
def open_survey(survey_id: str) -> Response:
    return json_response(surveys.open_survey(context(), principal(), survey_id))


@routes.route("/surveys/{survey_id}/close", methods=("POST",), roles=UNIT_WRITE, summary="结束问卷", answer=Survey)
def close_survey(survey_id: str) -> Response:
    return json_response(surveys.close(context(), principal(), survey_id))


@routes.route("/surveys/{survey_id}/qr", roles=SIGNED_IN, summary="问卷链接的二维码（PNG、SVG）", answer=QrCode)
def survey_qr(survey_id: str) -> Response:
    return json_response(surveys.qr(context(), principal(), survey_id))


@routes.route(
    "/surveys/{survey_id}/versions",
    roles=SIGNED_IN,
    summary="问卷已发布的各版题目",
    answer=SurveyVersion,
    answer_is_list=True,
)
def survey_versions(survey_id: str) -> Response:
    return json_response({"items": surveys.versions(context(), principal(), survey_id)})


@routes.route("/surveys/{survey_id}/results", roles=SIGNED_IN, summary="问卷统计结果", answer=SurveyResults)
def survey_results(survey_id: str) -> Response:
    return json_response(survey_exports.results(context(), principal(), survey_id))


@routes.route(
    "/surveys/{survey_id}/results.xlsx", roles=SIGNED_IN, summary="下载统计结果与原始答卷（XLSX）", answer=Download
)
def survey_results_xlsx(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "results.xlsx"))


@routes.route("/surveys/{survey_id}/results.csv", roles=SIGNED_IN, summary="下载统计结果（CSV）", answer=Download)
def survey_results_csv(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "results.csv"))


@routes.route("/surveys/{survey_id}/responses.csv", roles=SIGNED_IN, summary="下载原始答卷（CSV）", answer=Download)
def survey_responses_csv(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "responses.csv"))


@routes.route(
    "/s/{token}",
    roles=ANYONE,
    summary="公开问卷：浏览器得到填写页，Accept: application/json 得到定义",
    answer=PublicSurvey,
)
def public_survey(token: str) -> Response:
    request: Request = current_request()
    if pages.wants_html(request.headers.get("accept")):
        host, path = request.headers.get("host"), request.context.get("path", "")
        return pages.survey_page_response(context().config.public_url, host, path)
    return json_response(public_surveys.definition(context(), token), headers={"Vary": "Accept"})


@routes.route(
    "/s/{token}/responses",
    methods=("POST",),
    roles=ANYONE,
    summary="匿名提交答卷（同一 response_id 只计一次）",
    body=ResponseForm,
    validated_by_service=True,
    answer=ResponseReceipt,
    status=201,
    idempotent=True,
)
def submit_survey_response(token: str) -> Response:
    # The one write with no audit entry: an anonymous answer of the public, not a write of the office or a unit.
    receipt, created = public_surveys.submit(context(), token, body())
    return json_response(receipt, 201 if created else 200)
