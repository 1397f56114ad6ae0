"""The SMTP transport, against a real SMTP server on 127.0.0.1 (aiosmtpd), password from SSM on moto."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import boto3
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

import app as application
from chalicelib.context import Context
from chalicelib.mail.sender import Email, SendFailed, SmtpSender
from chalicelib.reminders import daily as remind
from local.outbox import parse
from tests.conftest import Api, SettableClock
from tests.helpers.reminders import county

PASSWORD_PARAMETER = "/shuangyong/smtp-password"
# The test server takes AUTH without TLS on 127.0.0.1; a county's server would offer STARTTLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


class CountyMailServer:
    """What the county's mail server received; it can be told to refuse."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.logins: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return "554 5.7.1 Message rejected for the test"
        self.received.append({**parse(envelope.content), "mail_from": envelope.mail_from, "rcpt": envelope.rcpt_tos})
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.login == b"sybgs" and data.password == b"s3cret-from-ssm"
        if ok:
            self.logins.append(data.login)
        return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mail_server() -> Iterator[tuple[CountyMailServer, int]]:
    server, port = CountyMailServer(), free_port()
    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=port,
        authenticator=server.authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    yield server, port
    controller.stop()


@pytest.fixture
def ctx(ctx: Context, aws: boto3.Session, mail_server: tuple[CountyMailServer, int]) -> Iterator[Context]:
    """MAIL_TRANSPORT=smtp to the test's server; the password is only named, and read from SSM."""
    aws.client("ssm").put_parameter(Name=PASSWORD_PARAMETER, Value="s3cret-from-ssm", Type="SecureString")
    config = replace(
        ctx.config,
        county_email="sybgs@example.cn",
        mail_transport="smtp",
        mail_from="noreply@county.example.cn",
        smtp_host="127.0.0.1",
        smtp_port=mail_server[1],
        smtp_security="none",
        smtp_user="sybgs",
        smtp_password_parameter=PASSWORD_PARAMETER,
    )
    mine = Context(config, clock=ctx.clock, table=ctx.store.table.resource, s3=ctx.bucket.client)
    application.use_context(mine)
    yield mine
    application.use_context(ctx)


def test_reminders_reach_the_county_mail_server_over_smtp(
    api: Api, clock: SettableClock, ctx: Context, mail_server: tuple[CountyMailServer, int]
) -> None:
    server = mail_server[0]
    county(api, clock)
    clock.set("2026-08-01T09:00")
    outcome = remind.run_daily(ctx)
    assert [s["recipient"] for s in outcome["sent"]] == ["sifaju"]
    assert server.logins == [b"sybgs"]
    (message,) = server.received
    assert message["mail_from"] == "noreply@county.example.cn"
    assert message["from"] == "本县双拥办 <noreply@county.example.cn>"
    assert message["rcpt"] == ["sfj@example.cn", "sfj2@example.cn"]
    assert message["subject"] == "【双拥填报】请于2026年8月5日前填报2026年7月双拥活动"
    assert message["content_types"] == ["multipart/alternative", "text/plain", "text/html"]
    assert "县司法局" in message["text"] and "本月无活动" in message["html"]
    assert remind.run_daily(ctx)["sent"] == []
    assert len(server.received) == 1


def test_a_refused_smtp_send_is_retried_on_the_next_run(
    api: Api, clock: SettableClock, ctx: Context, mail_server: tuple[CountyMailServer, int]
) -> None:
    server = mail_server[0]
    county(api, clock)
    server.refuse = True
    clock.set("2026-08-01T09:00")
    outcome = remind.run_daily(ctx)
    assert [f["recipient"] for f in outcome["failed"]] == ["sifaju"]
    assert "554" in outcome["failed"][0]["error"]
    assert server.received == []

    server.refuse = False
    clock.set("2026-08-02T09:00")
    assert [s["period"] for s in remind.run_daily(ctx)["sent"]] == ["2026-07@2026-08-01"]
    assert len(server.received) == 1


def test_an_unreachable_mail_server_is_a_failed_send_not_a_crash() -> None:
    sender = SmtpSender("noreply@example.cn", "本县双拥办", host="127.0.0.1", port=free_port(), security="none")
    with pytest.raises(SendFailed, match=r"SMTP 127\.0\.0\.1"):
        sender.send(Email(to=("a@example.cn",), subject="测试", text="正文", html="<p>正文</p>"))
