"""Mail as the units and the county office receive it (recorded by moto's SES), and the daily reminders run as
AWS runs them. A module that reads the mail takes the context and the outbox as its fixtures:
`ctx = reminders.ctx` and `outbox = reminders.outbox`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import boto3
import pytest
from chalice.test import Client

import app as application
from chalicelib.context import Context
from chalicelib.mail.sender import SesSender
from local.outbox import parse
from tests.conftest import Api, SettableClock, report_body

COUNTY = "sybgs@example.cn"
PUBLIC = "https://sy.example.cn"


@pytest.fixture
def ctx(ctx: Context, aws: boto3.Session) -> Iterator[Context]:
    """The shared context, with the county office's inbox and SES (v2) on moto as the sender."""
    config = replace(ctx.config, county_email=COUNTY, county_name="城关县")
    sesv2 = aws.client("sesv2")
    sesv2.create_email_identity(EmailIdentity=config.mail_from)
    mine = Context(
        config,
        clock=ctx.clock,
        table=ctx.store.table.resource,
        s3=ctx.bucket.client,
        sender=SesSender(config.mail_from, "城关县双拥办", sesv2),
    )
    application.use_context(mine)
    yield mine
    application.use_context(ctx)


class Outbox:
    """The messages moto's SES accepted, parsed as a recipient reads them; `new()` gives those since last asked."""

    def __init__(self) -> None:
        self.seen = 0

    def all(self) -> list[dict[str, Any]]:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends

        return [parse(m.raw_data) for m in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages]

    def new(self) -> list[dict[str, Any]]:
        found = self.all()
        fresh, self.seen = found[self.seen :], len(found)
        return fresh


@pytest.fixture
def outbox(ctx: Context) -> Outbox:
    return Outbox()


def run_at(clock: SettableClock, moment: str) -> None:
    """The 09:00 schedule fires: the scheduled Lambda function is invoked as AWS would."""
    clock.set(moment)
    with Client(application.app) as client:
        event = client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
        )
        client.lambda_.invoke("daily_reminders", event)


def county(api: Api, clock: SettableClock) -> None:
    """Four units: 司法局 will not report July, 民政局 reports, 教育局 files 本月无活动, 法院 has no address."""
    clock.set("2026-07-15T10:00")
    api.unit("sifaju", "县司法局", ["sfj@example.cn", "sfj2@example.cn"])
    api.unit("minzhengju", "县退役军人事务局", ["tyjr@example.cn"])
    api.unit("jiaoyuju", "县教育局", ["jyj@example.cn"])
    api.unit("fayuan", "县人民法院", [])
    token = api.reporter("minzhengju")
    assert api.post("/reports", report_body(occurred_on="2026-07-10"), token=token).status == 201
    token = api.reporter("jiaoyuju")
    assert api.put("/units/jiaoyuju/months/2026-07/nil-report", {"note": "本月无活动"}, token=token).status == 201
