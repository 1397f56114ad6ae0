"""双拥填报: the routes and event handlers, and which service each calls.

Each route declares who may call it (`roles`: one of the named sets in chalicelib/core/auth.py,
so the declarations read as a table of routes by role); the `authorize_and_answer_errors`
middleware decides access for every request from those declarations, and turns
every ApiError into its JSON answer. A route without roles cannot be declared.
"""

# ruff: noqa: E402 (the garbage collector is paused before the imports)
from __future__ import annotations

import gc

# Importing the app's modules and declaring its routes allocates enough to set off full collections that find
# nothing: what is made at import lives as long as the process. Paused, the cold start fell from 1.28x to 1.02x
# of its floor (bench/api.py, cold start); collection resumes at the end of this module.
gc.disable()

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from chalice import Chalice, Cron, Response
from chalice.app import CloudWatchEvent, Request, SQSEvent

from chalicelib.agreements import documents as agreement_documents
from chalicelib.agreements import service as agreements
from chalicelib.agreements.models import (
    Agreement,
    AgreementEditForm,
    AgreementForm,
    DocumentsForm,
    DocumentUpload,
    DocumentUploadForm,
)
from chalicelib.audit import service as audit
from chalicelib.audit.models import AuditPage
from chalicelib.core import forms
from chalicelib.core.auth import (
    ACCESS_ADMIN,
    ANYONE,
    OFFICE_COMPILE,
    OFFICE_READ,
    OFFICE_WRITE,
    REVIEWERS,
    SIGNED_IN,
    UNIT_WRITE,
    AccessTable,
    Principal,
    Role,
    settle,
)
from chalicelib.core.config import compile_queue_name
from chalicelib.core.context import Context
from chalicelib.core.dates import is_month
from chalicelib.core.errors import ApiError, InvalidParameter, MethodNotAllowed, ServiceBusy, UnsupportedMediaType
from chalicelib.core.openapi import ApiDoc, Operation
from chalicelib.core.responses import dumps, error_response, json_response
from chalicelib.core.validation import parse_json_object
from chalicelib.db.errors import Busy
from chalicelib.deadlines import month_status as calendar
from chalicelib.deadlines.models import MonthState, MonthStatus, SettingsForm
from chalicelib.pages import qrcodes
from chalicelib.pages import serve as pages
from chalicelib.pages.models import LinkQrCode, LinkQrForm
from chalicelib.plans import service as plans
from chalicelib.plans import task_import as plan_import
from chalicelib.plans import template as plan_template_file
from chalicelib.plans.models import (
    PeriodSummary,
    Plan,
    PlanImport,
    PlanImportForm,
    PlanTask,
    PlanTaskEditForm,
    PlanTaskForm,
    PlanWindow,
)
from chalicelib.profile import service as county_profile
from chalicelib.profile.models import Profile, ProfileForm
from chalicelib.reminders import campaigns
from chalicelib.reminders import daily as remind
from chalicelib.reminders.models import CampaignCalendar, CampaignCalendarForm, ReminderSettingsForm, SentReminder
from chalicelib.reports import nil_reports, photos
from chalicelib.reports import review as reviews
from chalicelib.reports import service as reports
from chalicelib.reports.models import (
    MonthApproval,
    NilReport,
    NilReportForm,
    PhotoUpload,
    PhotoUploadForm,
    Report,
    ReportPage,
    ReviewedReport,
    ReviewForm,
    Revision,
    new_report_form,
    report_edit_form,
)
from chalicelib.staff import service as staff
from chalicelib.staff.models import IssuedStaff, Me, RevokedStaff, StaffForm, StaffMember
from chalicelib.summaries import notes as summary_notes
from chalicelib.summaries import periods as summary_periods
from chalicelib.summaries import reading as summaries
from chalicelib.summaries import requests as summary_requests
from chalicelib.summaries.models import SummaryNotes, SummaryNotesForm, SummaryRequest
from chalicelib.surveys import exports as survey_exports
from chalicelib.surveys import public as public_surveys
from chalicelib.surveys import service as surveys
from chalicelib.surveys.models import (
    Download,
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
from chalicelib.units import service as units
from chalicelib.units.models import IssuedReporter, NewUnitForm, Reporter, ReporterForm, Unit, UnitForm

app = Chalice(app_name="shuangyong")
access = AccessTable()
api_doc = ApiDoc()
_context: Context | None = None


def context() -> Context:
    global _context
    if _context is None:
        _context = Context()
    return _context


def use_context(replacement: Context | None) -> None:
    """Hand in the collaborators (tests, the local stack); None goes back to the environment's."""
    global _context
    _context = replacement


def route(
    path: str,
    *,
    roles: frozenset[Role],
    summary: str,
    methods: tuple[str, ...] = ("GET",),
    proven_by_write: bool = False,
    **doc: Any,
) -> Callable[..., Any]:
    """Declare a route: who may call it, and (`proven_by_write`) whether its own write proves a reporter's token,
    see core/auth.py."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        for method in methods:
            access.allow(method, path, roles, proven_by_write)
            api_doc.add(Operation(method=method, path=path, summary=summary, roles=roles, **doc))

        @functools.wraps(view)
        def answer(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except Busy:
                raise ServiceBusy() from None  # any route: the table refused a write that kept colliding

        return app.route(path, methods=list(methods), content_types=["application/json", "text/plain"])(answer)

    return register


@app.middleware("http")
def authorize_and_answer_errors(request: Request, get_response: Callable[[Request], Response]) -> Response:
    try:
        method, path = request.method, request.context.get("resourcePath", "")
        if access.roles(method, path) is None and method not in app.routes.get(path, {}):
            return error_response(MethodNotAllowed(f"不支持 {method} 方法"))
        ctx = context()
        request.context["principal"] = access.authorize(
            method, path, request.headers.get("authorization"), ctx.config.admin_token_sha256, ctx.store
        )
        response = get_response(request)
        if response.status_code == 415:
            raise UnsupportedMediaType()
        return response
    except ApiError as error:
        asked = request.context.get("principal")
        return error_response(settle(error, asked, context().store) if asked else error)


def principal() -> Principal:
    return app.current_request.context["principal"]  # type: ignore[union-attr]


def body() -> dict[str, Any]:
    return parse_json_object(raw_body())


def raw_body() -> bytes | None:
    raw = app.current_request.raw_body  # type: ignore[union-attr]
    return raw.encode() if isinstance(raw, str) else raw


def query(name: str) -> str | None:
    params = app.current_request.query_params or {}  # type: ignore[union-attr]
    return params.get(name)


def month_param(month: str) -> str:
    if not is_month(month):
        raise InvalidParameter("月份格式应为 YYYY-MM，如 2026-08")
    return month


def period_param(period: str) -> str:
    """A month (YYYY-MM), a year (YYYY), or days of a year (summaries/periods.py)."""
    return summary_periods.check(unquote(period))


# --- service ---------------------------------------------------------------------


@route("/health", roles=ANYONE, summary="健康检查")
def health() -> Response:
    return json_response({"status": "ok"})


@route("/openapi.json", roles=ANYONE, summary="本 API 的 OpenAPI 3.1 文档")
def openapi() -> Response:
    return json_response(api_doc.document())


@route("/forms", roles=SIGNED_IN, summary="可用的表单")
def list_forms() -> Response:
    return json_response({"forms": [{"form": name, "schema": f"/forms/{name}/schema"} for name in forms.names()]})


@route("/forms/{form}/schema", roles=SIGNED_IN, summary="表单的 JSON Schema")
def form_schema(form: str) -> Response:
    return json_response(forms.schema(form), headers={"Content-Type": "application/schema+json; charset=utf-8"})


# --- units and reporters ---------------------------------------------------------------


@route(
    "/units", methods=("POST",), roles=OFFICE_WRITE, summary="登记成员单位", body=NewUnitForm, answer=Unit, status=201
)
def create_unit() -> Response:
    return json_response(units.create(context(), principal(), body()), 201)


@route("/units", roles=SIGNED_IN, summary="成员单位（填报员只见本单位）", answer=Unit, answer_is_list=True)
def list_units() -> Response:
    return json_response({"items": units.list_visible(context(), principal())})


@route("/units/{unit_id}", roles=SIGNED_IN, summary="一个成员单位", answer=Unit)
def get_unit(unit_id: str) -> Response:
    return json_response(units.get(context(), principal(), unit_id))


@route("/units/{unit_id}", methods=("PUT",), roles=OFFICE_WRITE, summary="修改成员单位", body=UnitForm, answer=Unit)
def update_unit(unit_id: str) -> Response:
    return json_response(units.update(context(), principal(), unit_id, body()))


@route(
    "/units/{unit_id}/reporters",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="为单位签发填报员凭证（只显示一次）",
    body=ReporterForm,
    answer=IssuedReporter,
    status=201,
)
def issue_reporter(unit_id: str) -> Response:
    return json_response(units.issue_reporter(context(), principal(), unit_id, body()), 201)


@route("/units/{unit_id}/reporters", roles=ACCESS_ADMIN, summary="单位的填报员", answer=Reporter, answer_is_list=True)
def list_reporters(unit_id: str) -> Response:
    return json_response({"items": units.list_reporters(context(), unit_id)})


@route("/reporters/{reporter_id}", methods=("DELETE",), roles=ACCESS_ADMIN, summary="吊销填报员凭证，立即生效")
def revoke_reporter(reporter_id: str) -> Response:
    return json_response(units.revoke_reporter(context(), principal(), reporter_id))


# --- the county office's staff ---------------------------------------------------------


@route("/me", roles=SIGNED_IN, summary="本凭证是谁：角色、姓名（页面据此只显示该角色可做的操作）", answer=Me)
def who_am_i() -> Response:
    return json_response(staff.me(principal()))


@route(
    "/staff",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="登记县双拥办工作人员及其角色（凭证与个人链接只显示一次）",
    body=StaffForm,
    answer=IssuedStaff,
    status=201,
)
def register_staff() -> Response:
    return json_response(staff.register(context(), principal(), body()), 201)


@route("/staff", roles=ACCESS_ADMIN, summary="县双拥办工作人员（不含凭证）", answer=StaffMember, answer_is_list=True)
def list_staff() -> Response:
    return json_response({"items": staff.list_all(context())})


@route(
    "/staff/{staff_id}",
    methods=("DELETE",),
    roles=ACCESS_ADMIN,
    summary="注销工作人员的凭证，立即生效",
    answer=RevokedStaff,
)
def revoke_staff(staff_id: str) -> Response:
    return json_response(staff.revoke(context(), principal(), staff_id))


@route(
    "/audit",
    roles=OFFICE_WRITE,
    summary="操作记录：某月每一次写入（谁、角色、做了什么、哪条记录、何时、改了哪些字段），新的在前；不可修改",
    answer=AuditPage,
    query=("month", "actor", "record", "limit", "next_token"),
)
def audit_trail() -> Response:
    found = audit.page(context(), query("month"), query("actor"), query("record"), query("limit"), query("next_token"))
    return json_response(found)


# --- reports -------------------------------------------------------------------------


@route(
    "/reports",
    methods=("POST",),
    roles=UNIT_WRITE,
    proven_by_write=True,
    summary="提交活动报告（同一 submission_id 重复提交不重复保存）",
    body=new_report_form,
    answer=Report,
    status=201,
)
def submit_report() -> Response:
    report, created = reports.submit(context(), principal(), body())
    return json_response(report, 201 if created else 200, {"Location": f"/reports/{report['report_id']}"})


@route(
    "/reports",
    roles=SIGNED_IN,
    summary="某月的活动报告（review=pending|approved|returned 按审核状态筛选）",
    answer=ReportPage,
    query=("month", "unit_id", "activity_type", "limit", "next_token", "review"),
)
def list_reports() -> Response:
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
    return json_response(found)


@route("/reports/{report_id}", roles=SIGNED_IN, summary="一份活动报告", answer=Report)
def get_report(report_id: str) -> Response:
    return json_response(reports.get(context(), principal(), report_id))


@route(
    "/reports/{report_id}",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="更正活动报告（须带所改的 version）",
    body=report_edit_form,
    answer=Report,
)
def update_report(report_id: str) -> Response:
    return json_response(reports.update(context(), principal(), report_id, body()))


@route("/reports/{report_id}", methods=("DELETE",), roles=UNIT_WRITE, summary="撤回活动报告")
def withdraw_report(report_id: str) -> Response:
    return json_response(reports.withdraw(context(), principal(), report_id))


@route(
    "/reports/{report_id}/history", roles=SIGNED_IN, summary="活动报告的修改记录", answer=Revision, answer_is_list=True
)
def report_history(report_id: str) -> Response:
    return json_response({"items": reports.history(context(), principal(), report_id)})


@route(
    "/reports/{report_id}/photos",
    roles=SIGNED_IN,
    summary="活动报告的照片：每张一个短时有效的链接（县双拥办审核时查看）",
    answer=Download,
    answer_is_list=True,
)
def report_photos(report_id: str) -> Response:
    return json_response({"items": photos.links(context(), principal(), report_id)})


@route(
    "/reports/{report_id}/review",
    methods=("POST",),
    roles=REVIEWERS,
    summary="审核活动报告：通过或退回修改（须带所审核的 version；退回须写审核意见，并即时邮件通知该单位）",
    body=ReviewForm,
    answer=ReviewedReport,
)
def review_report(report_id: str) -> Response:
    return json_response(reviews.review(context(), principal(), report_id, body()))


@route(
    "/units/{unit_id}/months/{month}/approve",
    methods=("POST",),
    roles=REVIEWERS,
    summary="审核通过某单位某月全部待审核的报告（读取后被修改的报告不予通过，并列出）",
    answer=MonthApproval,
)
def approve_unit_month(unit_id: str, month: str) -> Response:
    return json_response(reviews.approve_month(context(), principal(), unit_id, month))


@route(
    "/units/{unit_id}/months/{month}/nil-report",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="填报本月无活动",
    body=NilReportForm,
    answer=NilReport,
    status=201,
)
def file_nil_report(unit_id: str, month: str) -> Response:
    nil_report, created = nil_reports.file_nil_report(context(), principal(), unit_id, month, body())
    return json_response(nil_report, 201 if created else 200)


@route("/units/{unit_id}/months/{month}/nil-report", roles=SIGNED_IN, summary="本月无活动的填报", answer=NilReport)
def get_nil_report(unit_id: str, month: str) -> Response:
    return json_response(nil_reports.get_nil_report(context(), principal(), unit_id, month))


@route(
    "/units/{unit_id}/months/{month}/nil-report",
    methods=("DELETE",),
    roles=UNIT_WRITE,
    summary="撤回本月无活动",
    status=204,
)
def withdraw_nil_report(unit_id: str, month: str) -> Response:
    nil_reports.withdraw_nil_report(context(), principal(), unit_id, month)
    return Response(body="", status_code=204)


# --- the reporting calendar -----------------------------------------------------------


@route("/settings", roles=SIGNED_IN, summary="截止日与锁定日", answer=SettingsForm)
def get_settings() -> Response:
    return json_response(calendar.settings(context()))


@route(
    "/settings",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改截止日与锁定日",
    body=SettingsForm,
    answer=SettingsForm,
)
def update_settings() -> Response:
    return json_response(calendar.update_settings(context(), principal(), body()))


@route(
    "/months/{month}",
    roles=SIGNED_IN,
    summary="月份的截止日、锁定日、是否锁定、是否申请过汇总，及填报员本单位的本月无活动",
    answer=MonthState,
)
def get_month(month: str) -> Response:
    return json_response(calendar.month_state(context(), principal(), month_param(month)))


@route(
    "/months/{month}/lock",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="锁定月份（填报员不能再改）",
    answer=MonthStatus,
)
def lock_month(month: str) -> Response:
    return json_response(calendar.set_override(context(), principal(), month_param(month), "locked"))


@route("/months/{month}/reopen", methods=("POST",), roles=OFFICE_WRITE, summary="重新开放月份", answer=MonthStatus)
def reopen_month(month: str) -> Response:
    return json_response(calendar.set_override(context(), principal(), month_param(month), "reopened"))


# --- co-building agreements ----------------------------------------------------------


@route(
    "/agreements",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="登记军地共建协议",
    body=AgreementForm,
    answer=Agreement,
    status=201,
)
def create_agreement() -> Response:
    return json_response(agreements.create(context(), principal(), body()), 201)


@route(
    "/agreements",
    roles=SIGNED_IN,
    summary="共建协议（填报员只见本单位）",
    answer=Agreement,
    answer_is_list=True,
    query=("unit_id", "status"),
)
def list_agreements() -> Response:
    return json_response({"items": agreements.list_visible(context(), principal(), query("unit_id"), query("status"))})


@route("/agreements/{agreement_id}", roles=SIGNED_IN, summary="一份共建协议", answer=Agreement)
def get_agreement(agreement_id: str) -> Response:
    return json_response(agreements.get(context(), principal(), agreement_id))


@route(
    "/agreements/{agreement_id}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改共建协议（须带所改的 version）",
    body=AgreementEditForm,
    answer=Agreement,
)
def update_agreement(agreement_id: str) -> Response:
    return json_response(agreements.update(context(), principal(), agreement_id, body()))


@route(
    "/agreements/{agreement_id}/documents/uploads",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="申请上传一份协议文本：直传 S3 的预签名 POST（PDF、JPEG 或 PNG，10 MB）",
    body=DocumentUploadForm,
    answer=DocumentUpload,
    status=201,
)
def new_agreement_document_upload(agreement_id: str) -> Response:
    return json_response(agreement_documents.new_upload(context(), agreement_id, body()), 201)


@route(
    "/agreements/{agreement_id}/documents",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="附上或取下协议文本（整份列表，须带 version；至多 5 份）",
    body=DocumentsForm,
    answer=Agreement,
)
def set_agreement_documents(agreement_id: str) -> Response:
    return json_response(agreements.set_documents(context(), principal(), agreement_id, body()))


@route(
    "/agreements/{agreement_id}/reports",
    roles=OFFICE_READ,
    summary="在该协议下开展的活动（本单位报告中写明所属共建协议的，自签订之月起）",
    answer=Report,
    answer_is_list=True,
)
def list_agreement_activities(agreement_id: str) -> Response:
    return json_response({"items": agreements.activities(context(), agreement_id)})


# --- reminder e-mails -------------------------------------------------------------


@route(
    "/reminders/settings", roles=OFFICE_READ, summary="催报提醒的日子与县双拥办收件邮箱", answer=ReminderSettingsForm
)
def get_reminder_settings() -> Response:
    return json_response(remind.settings(context()))


@route(
    "/reminders/settings",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改催报提醒的日子与县双拥办收件邮箱",
    body=ReminderSettingsForm,
    answer=ReminderSettingsForm,
)
def update_reminder_settings() -> Response:
    return json_response(remind.update_settings(context(), principal(), body()))


@route("/reminders/campaigns", roles=OFFICE_READ, summary="节日与纪念日（提前提醒各单位）", answer=CampaignCalendar)
def get_campaigns() -> Response:
    return json_response(campaigns.planned(context()))


@route(
    "/reminders/campaigns",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改节日与纪念日",
    body=CampaignCalendarForm,
    answer=CampaignCalendar,
)
def update_campaigns() -> Response:
    return json_response(campaigns.update(context(), principal(), body()))


@route(
    "/reminders",
    roles=OFFICE_READ,
    summary="某月发出的提醒邮件",
    answer=SentReminder,
    answer_is_list=True,
    query=("month",),
)
def list_reminders() -> Response:
    return json_response({"items": remind.sent_in(context(), month_param(query("month") or ""))})


@app.schedule(Cron(0, 1, "*", "*", "?", "*"), name="daily_reminders")
def daily_reminders(event: Any) -> None:
    """09:00 Beijing time: send the reminders due today, each once."""
    app.log.info("reminders: %s", dumps(remind.run_daily(context())))


# --- photos ----------------------------------------------------------------------------


@route(
    "/photos/uploads",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="申请上传一张照片：直传 S3 的预签名 POST（限本单位、JPEG、2 MB）",
    body=PhotoUploadForm,
    answer=PhotoUpload,
    status=201,
)
def new_photo_upload() -> Response:
    return json_response(photos.new_upload(context(), principal(), body()), 201)


# --- the phone pages (clients of the API above; see chalicelib/pages/serve.py) ---------------


@route("/", roles=ANYONE, summary="填报页（手机）：打开填报员收到的链接", content_type="text/html")
def report_page() -> Response:
    return pages.page_response(context(), "report.html")


@route("/admin", roles=ANYONE, summary="县双拥办页面：打开管理链接（凭证在 #token= 中）", content_type="text/html")
def admin_page() -> Response:
    return pages.admin_page_response(context())


@route(  # it prints a credential's link as it is issued, so it goes with issuing credentials
    "/qrcodes",
    methods=("POST",),
    roles=ACCESS_ADMIN,
    summary="本系统页面链接的二维码（SVG），如填报员的填报链接，供打印",
    body=LinkQrForm,
    answer=LinkQrCode,
)
def link_qr_code() -> Response:
    return json_response(qrcodes.link_qr(context(), body()))


@route("/assets/{name}", roles=ANYONE, summary="页面的样式与脚本（白名单）", content_type="text/plain", query=("v",))
def page_asset(name: str) -> Response:
    return pages.asset_response(name, query("v"))


# --- surveys ---------------------------------------------------------------------------


@route(
    "/surveys",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="创建问卷（草稿）",
    body=NewSurveyForm,
    answer=Survey,
    status=201,
)
def create_survey() -> Response:
    survey = surveys.create(context(), principal(), body())
    return json_response(survey, 201, {"Location": f"/surveys/{survey['survey_id']}"})


@route(
    "/surveys",
    roles=SIGNED_IN,
    summary="问卷（填报员只见本单位）",
    answer=SurveySummary,
    answer_is_list=True,
    query=("unit_id", "state"),
)
def list_surveys() -> Response:
    return json_response({"items": surveys.list_visible(context(), principal(), query("unit_id"), query("state"))})


@route("/surveys/{survey_id}", roles=SIGNED_IN, summary="一份问卷", answer=Survey)
def get_survey(survey_id: str) -> Response:
    return json_response(surveys.get(context(), principal(), survey_id))


@route(
    "/surveys/{survey_id}",
    methods=("PUT",),
    roles=UNIT_WRITE,
    summary="修改问卷（发布后修改题目会生成新版本）",
    body=SurveyForm,
    answer=Survey,
)
def update_survey(survey_id: str) -> Response:
    return json_response(surveys.update(context(), principal(), survey_id, body()))


@route(
    "/surveys/{survey_id}/open",
    methods=("POST",),
    roles=UNIT_WRITE,
    summary="发布问卷：公开链接与二维码",
    answer=OpenedSurvey,
)
def open_survey(survey_id: str) -> Response:
    return json_response(surveys.open_survey(context(), principal(), survey_id))


@route("/surveys/{survey_id}/close", methods=("POST",), roles=UNIT_WRITE, summary="结束问卷", answer=Survey)
def close_survey(survey_id: str) -> Response:
    return json_response(surveys.close(context(), principal(), survey_id))


@route("/surveys/{survey_id}/qr", roles=SIGNED_IN, summary="问卷链接的二维码（PNG、SVG）", answer=QrCode)
def survey_qr(survey_id: str) -> Response:
    return json_response(surveys.qr(context(), principal(), survey_id))


@route(
    "/surveys/{survey_id}/versions",
    roles=SIGNED_IN,
    summary="问卷已发布的各版题目",
    answer=SurveyVersion,
    answer_is_list=True,
)
def survey_versions(survey_id: str) -> Response:
    return json_response({"items": surveys.versions(context(), principal(), survey_id)})


@route("/surveys/{survey_id}/results", roles=SIGNED_IN, summary="问卷统计结果", answer=SurveyResults)
def survey_results(survey_id: str) -> Response:
    return json_response(survey_exports.results(context(), principal(), survey_id))


@route("/surveys/{survey_id}/results.xlsx", roles=SIGNED_IN, summary="下载统计结果与原始答卷（XLSX）", answer=Download)
def survey_results_xlsx(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "results.xlsx"))


@route("/surveys/{survey_id}/results.csv", roles=SIGNED_IN, summary="下载统计结果（CSV）", answer=Download)
def survey_results_csv(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "results.csv"))


@route("/surveys/{survey_id}/responses.csv", roles=SIGNED_IN, summary="下载原始答卷（CSV）", answer=Download)
def survey_responses_csv(survey_id: str) -> Response:
    return json_response(survey_exports.download(context(), principal(), survey_id, "responses.csv"))


# --- a survey's public link: no account --------------------------------------------------


@route(
    "/s/{token}",
    roles=ANYONE,
    summary="公开问卷：浏览器得到填写页，Accept: application/json 得到定义",
    answer=PublicSurvey,
)
def public_survey(token: str) -> Response:
    request: Request = app.current_request  # type: ignore[assignment]
    if pages.wants_html(request.headers.get("accept")):
        host, path = request.headers.get("host"), request.context.get("path", "")
        return pages.survey_page_response(context().config.public_url, host, path)
    return json_response(public_surveys.definition(context(), token), headers={"Vary": "Accept"})


@route(
    "/s/{token}/responses",
    methods=("POST",),
    roles=ANYONE,
    summary="匿名提交答卷（同一 response_id 只计一次）",
    body=ResponseForm,
    answer=ResponseReceipt,
    status=201,
)
def submit_survey_response(token: str) -> Response:
    # The one write with no audit entry: an anonymous answer of the public, not a write of the office or a unit.
    receipt, created = public_surveys.submit(context(), token, body())
    return json_response(receipt, 201 if created else 200)


# --- monthly and yearly summaries --------------------------------------------------------


@route(
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


@route(
    "/summaries/{period}",
    roles=OFFICE_READ,
    summary="某月、某年或某段日期的汇总：数字、情况汇报（年度工作总结）、报送情况与下载链接",
    answer=PeriodSummary,
)
def get_summary(period: str) -> Response:
    return json_response(summaries.present(context(), period_param(period)))


@route(
    "/summaries/{year}/notes",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="填写年度工作总结中本办自己的文字：存在的问题、下一步工作打算、各方面的段落（整体替换，带所改的 version）",
    body=SummaryNotesForm,
    answer=SummaryNotes,
)
def put_summary_notes(year: str) -> Response:
    return json_response(summary_notes.replace(context(), principal(), year, body()))


@route("/summaries/{year}/notes", roles=OFFICE_READ, summary="年度工作总结中本办自己的文字", answer=SummaryNotes)
def get_summary_notes(year: str) -> Response:
    return json_response(summary_notes.show(context(), year))


@app.on_sqs_message(queue=compile_queue_name(), batch_size=1, name="compile_month")
def compile_month(event: SQSEvent) -> None:
    """S3 notified the compile queue of a compile request: compile; a failure raises, so SQS retries."""
    for record in event:
        summary_requests.handle_message(context(), record.body)


@app.schedule(Cron(0, 1, "*", "*", "?", "*"), name="request_scheduled_compiles")
def request_scheduled_compiles(event: CloudWatchEvent) -> None:
    """Daily at 09:00 Beijing: on the day after the deadline day and after the lock day, compile last month."""
    summary_requests.request_scheduled(context())


# --- the year's plan ---------------------------------------------------------------------


@route(
    "/plans/{year}/tasks",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="登记年度计划的一项任务（分类、任务、责任单位、时间、活动类型、目标）",
    body=PlanTaskForm,
    answer=PlanTask,
    status=201,
)
def create_plan_task(year: str) -> Response:
    task = plans.create(context(), principal(), year, body())
    return json_response(task, 201, {"Location": f"/plans/{year}/tasks/{task['task_id']}"})


@route(
    "/plans/{year}/import",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="导入任务分解表（.xlsx，base64）：整表导入，或指明每一行的错误、一项也不导入",
    body=PlanImportForm,
    answer=PlanImport,
)
def import_plan(year: str) -> Response:
    return json_response(plan_import.import_plan(context(), principal(), year, raw_body()))


@route(
    "/profile/{year}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="填写本县某年的基本情况（乡镇、街道、人口、各类优抚对象、驻军、义务兵家庭、所获荣誉；均可不填，整体替换）",
    body=ProfileForm,
    answer=Profile,
)
def put_profile(year: str) -> Response:
    return json_response(county_profile.replace(context(), principal(), year, body()))


@route("/profile/{year}", roles=OFFICE_READ, summary="本县某年的基本情况（情况汇报开头）", answer=Profile)
def get_profile(year: str) -> Response:
    return json_response(county_profile.show(context(), year))


@route(
    "/plans/{year}",
    roles=SIGNED_IN,
    summary="年度计划及各任务的完成情况（填报员只见本单位的任务）",
    answer=Plan,
    query=("unit_id",),
)
def get_plan(year: str) -> Response:
    return json_response(plans.show(context(), principal(), year, query("unit_id")))


@route(
    "/plans/{year}/window",
    roles=OFFICE_READ,
    summary="时间短语读作的日期（录入任务时预览；与登记任务的读法相同）",
    answer=PlanWindow,
    query=("text",),
)
def read_plan_window(year: str) -> Response:
    return json_response(plans.read_window(context(), year, query("text")))


@route(
    "/plans/{year}/template.xlsx",
    roles=OFFICE_READ,
    summary="下载任务分解表的空模板（XLSX：表头与一行示例）",
    answer=Download,
)
def plan_template(year: str) -> Response:
    return json_response(plan_template_file.download(context(), year))


@route("/plans/{year}/tasks/{task_id}", roles=SIGNED_IN, summary="一项计划任务及其关联报告", answer=PlanTask)
def get_plan_task(year: str, task_id: str) -> Response:
    return json_response(plans.get(context(), principal(), year, task_id))


@route(
    "/plans/{year}/tasks/{task_id}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改计划任务（须带所改的 version）",
    body=PlanTaskEditForm,
    answer=PlanTask,
)
def update_plan_task(year: str, task_id: str) -> Response:
    return json_response(plans.update(context(), principal(), year, task_id, body()))


@route(
    "/plans/{year}/tasks/{task_id}",
    methods=("DELETE",),
    roles=OFFICE_WRITE,
    summary="删除计划任务（已有关联报告的不能删除）",
    status=204,
)
def delete_plan_task(year: str, task_id: str) -> Response:
    plans.delete(context(), principal(), year, task_id)
    return Response(body="", status_code=204)


gc.freeze()  # what the import made lives as long as the process: later collections need not look at it
gc.enable()
