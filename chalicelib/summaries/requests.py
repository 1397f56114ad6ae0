"""Asking for a summary of a period (a month, a year to date, any days of a year: see periods.py), and the
queue's deliveries.

A request (the county office's POST, or the daily schedule after the deadline and
lock days) records itself on the period's summary record and writes
`compile-requests/<org>/<period>/<request_id>.json` into the bucket. S3 notifies the
compile queue; the queue's function (`compile_month` in app.py) calls
`handle_message`, so a failing compile is retried and ends in the dead-letter queue.

The request's record on the summary and its audit entry (`summary.requested`, by the person or
by the schedule) are one DynamoDB transaction, written before the object: S3 takes no part in a
transaction, and a request recorded whose object then failed to be written is one asked for and
not compiled (the office asks again), never a compile without its entry.

A unit's own summary (`unit_id`) is asked for and compiled the same way, under its name
`units/<unit>/<period>` (db/keys.py `summary_name`): `compile-requests/<org>/units/<unit>/<period>/<request_id>.json`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import unquote_plus

import simplejson

from chalicelib.audit import service as audit
from chalicelib.calendar import month_status
from chalicelib.context import Context
from chalicelib.core.auth import ROLL_UP, SCHEDULE, Principal
from chalicelib.core.dates import deadline, local_today, lock_date, month_of, timestamp
from chalicelib.core.errors import InvalidParameter
from chalicelib.core.models import UNIT_ID
from chalicelib.core.responses import dumps
from chalicelib.db.keys import UNIT_SUMMARIES, summary_name
from chalicelib.files.bucket import COMPILE_REQUESTS, compile_request_key
from chalicelib.orgs import service as orgs
from chalicelib.orgs.records import Org
from chalicelib.summaries import rollup
from chalicelib.summaries.compiling import compile_request
from chalicelib.summaries.document import ReadyCompile
from chalicelib.summaries.periods import MAX_TEXT, check, identity, resolve

log = logging.getLogger(__name__)

LEVEL_WAIT_SECONDS = 10.0  # before a city's or a province's request is put again while its counties compile
LEVEL_PATIENCE = timedelta(minutes=15)  # after which it fails, naming the counties still missing

REQUEST_KEY = re.compile(
    rf"^{COMPILE_REQUESTS}({UNIT_ID})/(?:{UNIT_SUMMARIES}({UNIT_ID})/)?(20[0-9a-z.+-]{{2,{MAX_TEXT}}})/([0-9a-f]{{32}})\.json$"
)


def request(ctx: Context, principal: Principal, text: str, unit_id: str | None = None) -> dict[str, Any]:
    """Ask for a compile of a period (`unit_id`: of that unit's own summary): the request object's creation in
    the bucket starts it."""
    period = resolve(ctx, text)  # a campaign's name the calendar cannot place is refused here, not in the compile
    if period.first > local_today(ctx.clock):
        raise InvalidParameter(f"{period.label}尚未到来，不能汇总")
    name = summary_name(text, unit_id)
    now = timestamp(ctx.clock)
    asked = {"request_id": uuid.uuid4().hex, "requested_at": now, "requested_by": principal.actor}
    kind = "unit_summary" if unit_id else "summary"  # a unit's: unit_summary:<unit>/<period>
    recorded = audit.step(ctx, principal, f"{kind}.requested", f"{kind}:{name.removeprefix(UNIT_SUMMARIES)}", now)
    ctx.store.summaries.request(name, asked, audit=recorded)
    body = dumps({**identity(period), **asked}).encode("utf-8")
    ctx.bucket.put(compile_request_key(ctx.org, name, asked["request_id"]), body, "application/json; charset=utf-8")
    whose = {"unit_id": unit_id} if unit_id else {}
    return {"period": text, **identity(period), **whose, "status": "compiling", **asked}


def scheduled_month(today: date, deadline_day: int, lock_day: int) -> str | None:
    """The month to compile today: the previous one, on the day after its deadline day and after its lock day."""
    previous = month_of(today.replace(day=1) - timedelta(days=1))
    due = {deadline(previous, deadline_day) + timedelta(days=1), lock_date(previous, lock_day) + timedelta(days=1)}
    return previous if today in due else None


def request_scheduled(ctx: Context) -> dict[str, Any] | None:
    """The daily schedule: request last month's compile if today is one of its days."""
    settings = month_status.settings(ctx)
    month = scheduled_month(local_today(ctx.clock), settings.deadline_day, settings.lock_day)
    return request(ctx, SCHEDULE, month) if month else None


def handle_message(tenant: Callable[[str], Context], body: str) -> list[str]:
    """One SQS message (an S3 notification): compile each requested period; answer the periods compiled.

    S3's test event and objects that are not compile requests are skipped; a failing
    compile raises, so that SQS delivers the message again."""
    try:
        notification = simplejson.loads(body)
    except ValueError:
        log.warning("compile queue: a message that is not JSON was skipped")
        return []
    compiled = []
    for record in notification.get("Records", []) if isinstance(notification, dict) else []:
        key = unquote_plus(record.get("s3", {}).get("object", {}).get("key", ""))
        found = REQUEST_KEY.match(key)
        if not str(record.get("eventName", "")).startswith("ObjectCreated") or not found or not _period(found[3]):
            log.warning("compile queue: skipped %s %s", record.get("eventName"), key)
            continue
        org, unit_id, period, request_id = found.groups()
        within = tenant(org)
        level = None if unit_id else orgs.level_of(within)
        if level:
            _compile_level(within, period, request_id, *level)
        else:
            compile_request(within, period, request_id, unit_id)
        compiled.append(summary_name(period, unit_id))
    return compiled


def _compile_level(ctx: Context, text: str, request_id: str, org: Org, counties: list[Org]) -> None:
    """A city's or a province's compile (rollup.py): while its counties' summaries are being compiled, its
    request is put again a little later, for as long as `LEVEL_PATIENCE`, then fails naming those missing."""
    waiting: list[str] = []

    def build() -> ReadyCompile | None:
        found = rollup.compile_level(
            ctx, resolve(ctx, text), org, counties, lambda county, days: request(county, ROLL_UP, days)
        )
        if isinstance(found, list):
            waiting.extend(found)
            return None
        return found

    if compile_request(ctx, text, request_id, build=build) is not None:
        return
    asked = (ctx.store.summaries.get(text) or {}).get("request") or {}
    if asked.get("request_id") != request_id:
        return  # asked for again since: that request is the one compiled
    now = timestamp(ctx.clock)
    if datetime.fromisoformat(now) - datetime.fromisoformat(asked["requested_at"]) > LEVEL_PATIENCE:
        reason = f"以下县（区）的汇总未能在{LEVEL_PATIENCE.seconds // 60}分钟内完成：{'、'.join(waiting)}"
        ctx.store.summaries.finish_request(text, request_id, "failed", now, reason)
        return
    time.sleep(LEVEL_WAIT_SECONDS)
    body = dumps({"request_id": request_id, "waiting_for": waiting}).encode("utf-8")
    ctx.bucket.put(compile_request_key(ctx.org, text, request_id), body, "application/json; charset=utf-8")


def _period(text: str) -> bool:
    try:
        check(text)
    except InvalidParameter:
        return False
    return True
