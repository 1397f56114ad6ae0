"""The reporting calendar (deadline and lock days, locking a month) and the campaign calendar."""

from __future__ import annotations

from chalice import Response

from chalicelib.calendar import campaigns
from chalicelib.calendar import month_status as calendar
from chalicelib.calendar.models import CampaignCalendar, CampaignCalendarForm, MonthStatus, SettingsForm
from chalicelib.core.auth import OFFICE_READ, OFFICE_WRITE, SIGNED_IN
from chalicelib.core.responses import json_response
from chalicelib.web.routing import Routes, body, context, month_param, principal

routes = Routes(__name__)


@routes.route("/settings", roles=SIGNED_IN, summary="截止日与锁定日", answer=SettingsForm)
def get_settings() -> Response:
    return json_response(calendar.settings(context()))


@routes.route(
    "/settings",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改截止日与锁定日（只改所给的字段）",
    body=SettingsForm,
    validated_by_service=True,
    answer=SettingsForm,
)
def update_settings() -> Response:
    return json_response(calendar.update_settings(context(), principal(), body()))


@routes.route(
    "/months/{month}/lock",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="锁定月份（填报员不能再改）",
    answer=MonthStatus,
)
def lock_month(month: str) -> Response:
    return json_response(calendar.set_override(context(), principal(), month_param(month), "locked"))


@routes.route(
    "/months/{month}/reopen", methods=("POST",), roles=OFFICE_WRITE, summary="重新开放月份", answer=MonthStatus
)
def reopen_month(month: str) -> Response:
    return json_response(calendar.set_override(context(), principal(), month_param(month), "reopened"))


@routes.route(
    "/reminders/campaigns", roles=OFFICE_READ, summary="节日与纪念日（提前提醒各单位）", answer=CampaignCalendar
)
def get_campaigns() -> Response:
    return json_response(campaigns.planned(context()))


@routes.route(
    "/reminders/campaigns",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改节日与纪念日（整份列表；列出的节日只改所给的字段）",
    body=CampaignCalendarForm,
    validated_by_service=True,
    answer=CampaignCalendar,
)
def update_campaigns() -> Response:
    return json_response(campaigns.update(context(), principal(), body()))
