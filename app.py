"""双拥填报: the app. Each capability keeps its routes beside its service (chalicelib/<capability>/routes.py, each
route declaring who may call it, its body and its answer: chalicelib/web/routing.py); this module registers
them, decides every request's access in one middleware from those declarations, turns every ApiError into its
JSON answer, and holds the event handlers (the compile's queue, the daily schedules).
"""

# ruff: noqa: E402 (the garbage collector is paused before the imports)
from __future__ import annotations

import gc

# Importing the app's modules and declaring its routes allocates enough to set off full collections that find
# nothing: what is made at import lives as long as the process. Paused, the cold start fell from 1.28x to 1.02x
# of its floor (bench/api.py, cold start); collection resumes at the end of this module.
gc.disable()

from collections.abc import Callable
from typing import Any

from chalice import Chalice, Cron, Response
from chalice.app import CloudWatchEvent, Request, SQSEvent

from chalicelib.agreements import routes as agreements
from chalicelib.audit import routes as audit
from chalicelib.calendar import routes as calendar
from chalicelib.collections import archives as collection_archives
from chalicelib.collections import routes as collections
from chalicelib.core.auth import settle
from chalicelib.core.config import compile_queue_name
from chalicelib.core.errors import ApiError, MethodNotAllowed
from chalicelib.core.responses import dumps, error_response
from chalicelib.forms import routes as forms
from chalicelib.orgs import routes as orgs
from chalicelib.pages import routes as pages
from chalicelib.plans import routes as plans
from chalicelib.profile import routes as profile
from chalicelib.reminders import daily as remind
from chalicelib.reminders import routes as reminders
from chalicelib.reporting import routes as reporting
from chalicelib.reports import routes as reports
from chalicelib.review import routes as review
from chalicelib.staff import routes as staff
from chalicelib.summaries import requests as summary_requests
from chalicelib.summaries import routes as summaries
from chalicelib.surveys import routes as surveys
from chalicelib.units import routes as units
from chalicelib.web import routes as service
from chalicelib.web.routing import Organisations, access, answering, context, query_param, serve, use_context

__all__ = ["access", "app", "context", "use_context"]  # tests and the local stack hand in their own context

app = Chalice(app_name="shuangyong")
serve(
    app,
    [
        service.routes,
        forms.routes,
        units.routes,
        staff.routes,
        orgs.routes,
        audit.routes,
        reports.routes,
        review.routes,
        reporting.routes,
        calendar.routes,
        agreements.routes,
        reminders.routes,
        pages.routes,
        surveys.routes,
        summaries.routes,
        plans.routes,
        profile.routes,
        collections.routes,
    ],
)


@app.middleware("http")
def authorize_and_answer_errors(request: Request, get_response: Callable[[Request], Response]) -> Response:
    deployment = Organisations(context())
    try:
        method, path = request.method, request.context.get("resourcePath", "")
        if access.roles(method, path) is None and method not in app.routes.get(path, {}):
            return error_response(MethodNotAllowed(f"不支持 {method} 方法"))
        principal, tenant = access.authorize(
            method,
            path,
            request.headers.get("authorization"),
            deployment,
            query_param(request, "org"),
            request.uri_params,
        )
        request.context["principal"] = principal
        answering(deployment.within(tenant.org, tenant.name))
        return get_response(request)
    except ApiError as error:
        asked = request.context.get("principal")
        return error_response(settle(error, asked, deployment) if asked else error)
    finally:
        answering(None)


@app.on_sqs_message(queue=compile_queue_name(), batch_size=1, name="compile_month")
def compile_month(event: SQSEvent) -> None:
    """S3 notified the compile queue of a compile request (or a collection's archive request): compile (or build);
    a failure raises, so SQS retries."""
    tenant = Organisations(context()).within  # the organisation each request's key names
    for record in event:
        if not collection_archives.handle_message(tenant, record.body):
            summary_requests.handle_message(tenant, record.body)


@app.schedule(Cron(0, 1, "*", "*", "?", "*"), name="request_scheduled_compiles")
def request_scheduled_compiles(event: CloudWatchEvent) -> None:
    """Daily at 09:00 Beijing: on the day after the deadline day and after the lock day, compile last month, in
    every organisation (each by its own calendar)."""
    for tenant in Organisations(context()).every():
        summary_requests.request_scheduled(tenant)


@app.schedule(Cron(0, 1, "*", "*", "?", "*"), name="daily_reminders")
def daily_reminders(event: Any) -> None:
    """09:00 Beijing time: send the reminders due today, each once, in every organisation."""
    for tenant in Organisations(context()).every():
        app.log.info("reminders of %s: %s", tenant.org, dumps(remind.run_daily(tenant)))


gc.freeze()  # what the import made lives as long as the process: later collections need not look at it
gc.enable()
