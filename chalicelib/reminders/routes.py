"""Reminder e-mails: their settings and those sent."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import OFFICE_READ, OFFICE_WRITE
from chalicelib.core.responses import json_response
from chalicelib.reminders import daily as remind
from chalicelib.reminders.models import ReminderSettingsForm, SentReminder
from chalicelib.web.routing import Routes, body, context, month_param, principal, query

routes = Routes(__name__)


@routes.route(
    "/reminders/settings", roles=OFFICE_READ, summary="催报提醒的日子与县双拥办收件邮箱", answer=ReminderSettingsForm
)
def get_reminder_settings() -> Response:
    return json_response(remind.settings(context()))


@routes.route(
    "/reminders/settings",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改催报提醒的日子与县双拥办收件邮箱（只改所给的字段）",
    body=ReminderSettingsForm,
    validated_by_service=True,
    answer=ReminderSettingsForm,
)
def update_reminder_settings() -> Response:
    return json_response(remind.update_settings(context(), principal(), body()))


@routes.route(
    "/reminders",
    roles=OFFICE_READ,
    summary="某月发出的提醒邮件",
    answer=SentReminder,
    answer_is_list=True,
    query=("month",),
)
def list_reminders() -> Response:
    return json_response({"items": remind.sent_in(context(), month_param(query("month") or ""))})
