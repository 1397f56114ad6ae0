"""Sending e-mail: one `Sender` interface, Amazon SES (v2) or SMTP behind it.

SES does not exist in the AWS China regions, where a county would host its
data; there the county's own mail server is reached by SMTP. `MAIL_TRANSPORT`
chooses. Both send the same MIME message: multipart/alternative with a plain
text part and an HTML part, UTF-8 throughout, so a mail client shows the
Chinese subject and body whichever part it prefers.

The SMTP password never sits in the environment or the template: only the
name of an SSM parameter (SecureString) that holds it, read when first needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from chalicelib.core.config import Config

if TYPE_CHECKING:  # smtplib and email are imported when a message is made: not on the API's path
    import smtplib
    from email.message import EmailMessage


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    subject: str
    text: str
    html: str


class SendFailed(Exception):
    """The transport refused the message or could not be reached; the reminder is retried on the next run."""


class Sender(Protocol):
    def send(self, email: Email) -> str:
        """Send one e-mail; answer the transport's message id, or raise SendFailed."""
        ...


def mime_message(email: Email, from_address: str, from_name: str) -> EmailMessage:
    """The e-mail as a MIME message: a plain-text and an HTML part, UTF-8, base64 (7-bit safe)."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import formataddr, formatdate, make_msgid

    message = EmailMessage(policy=SMTP)
    message["Subject"] = email.subject
    message["From"] = formataddr((from_name, from_address))
    message["To"] = ", ".join(email.to)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=from_address.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.text, charset="utf-8", cte="base64")
    message.add_alternative(email.html, subtype="html", charset="utf-8", cte="base64")
    return message


class SesSender:
    """Amazon SES through its v2 API, sending the MIME message as raw content."""

    def __init__(self, from_address: str, from_name: str, client: Any = None) -> None:
        self.from_address = from_address
        self.from_name = from_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("sesv2")
        return self._client

    def send(self, email: Email) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        raw = mime_message(email, self.from_address, self.from_name).as_bytes()
        try:
            answer = self.client.send_email(
                FromEmailAddress=self.from_address,
                Destination={"ToAddresses": list(email.to)},
                Content={"Raw": {"Data": raw}},
            )
        except ClientError as error:
            details = error.response.get("Error", {})
            raise SendFailed(f"SES {details.get('Code')}: {details.get('Message')}") from error
        except BotoCoreError as error:
            raise SendFailed(f"SES: {error}") from error
        return str(answer["MessageId"])


class SmtpSender:
    """The county's own mail server over SMTP (STARTTLS, implicit TLS, or plain on a trusted network)."""

    def __init__(
        self,
        from_address: str,
        from_name: str,
        host: str,
        port: int = 587,
        security: str = "starttls",
        user: str = "",
        password: Callable[[], str] | None = None,
        timeout: float = 30,
    ) -> None:
        self.from_address = from_address
        self.from_name = from_name
        self.host, self.port, self.security = host, port, security
        self.user = user
        self._password = password
        self.timeout = timeout

    def send(self, email: Email) -> str:
        import smtplib

        message = mime_message(email, self.from_address, self.from_name)
        try:
            with self._connect() as server:
                if self.user:
                    server.login(self.user, self._password() if self._password else "")
                server.send_message(message, from_addr=self.from_address, to_addrs=list(email.to))
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"SMTP {self.host}:{self.port}: {error}") from error
        return str(message["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        import smtplib

        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout)
        server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            server.starttls()
        return server


def ssm_secret(name: str, client: Any = None) -> Callable[[], str]:
    """A reader of an SSM SecureString parameter, called (and cached) when first needed."""
    cache: list[str] = []

    def read() -> str:
        if not cache:
            ssm = client
            if ssm is None:
                import boto3

                ssm = boto3.client("ssm")
            cache.append(str(ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]))
        return cache[0]

    return read


def sender_from_config(config: Config) -> Sender:
    """The Sender that MAIL_TRANSPORT names, its clients built when first used."""
    from_name = f"{config.county_name}双拥办"
    if config.mail_transport == "smtp":
        return SmtpSender(
            config.mail_from,
            from_name,
            host=config.smtp_host,
            port=config.smtp_port,
            security=config.smtp_security,
            user=config.smtp_user,
            password=ssm_secret(config.smtp_password_parameter) if config.smtp_password_parameter else None,
        )
    return SesSender(config.mail_from, from_name)
