"""The deployment's configuration, read from the environment when first needed.

Every variable has a default that works in tests and the local stack, so
importing the app never fails for want of one. The README lists them; the
CloudFormation template sets each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    table_name: str = "shuangyong"
    bucket_name: str = "shuangyong-files"
    # The admin token itself never sits in configuration: only its SHA-256.
    admin_token_sha256: str = ""
    # Where the pages live, for links in e-mails and QR codes.
    public_url: str = "http://127.0.0.1:8000"
    county_name: str = "本县"
    # The deployment's own county as an organisation (README: Levels above the county): the tenant every credential
    # issued before organisations belongs to, and the one a deployment without a tree is.
    county_id: str = "county"
    # Reminder e-mails (chalicelib/mail/sender.py): the transport, the sender, the county office's inbox.
    mail_transport: str = "ses"  # "ses" or "smtp"
    mail_from: str = "shuangyong@example.cn"
    county_email: str = ""  # comma-separated; the admin's reminder settings may name others
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # "starttls", "ssl" or "none"
    smtp_user: str = ""
    # The name of an SSM SecureString parameter holding the SMTP password, never the password.
    smtp_password_parameter: str = ""
    # The SQS queue the bucket's compile requests land in (see `compile_queue_name`).
    compile_queue: str = "shuangyong-compile"

    @classmethod
    def from_environment(cls) -> Config:
        env = os.environ
        return cls(
            table_name=env.get("TABLE_NAME", cls.table_name),
            bucket_name=env.get("BUCKET_NAME", cls.bucket_name),
            admin_token_sha256=env.get("ADMIN_TOKEN_SHA256", "").strip().lower(),
            public_url=env.get("PUBLIC_URL", cls.public_url).rstrip("/"),
            county_name=env.get("COUNTY_NAME", cls.county_name),
            county_id=env.get("COUNTY_ID", cls.county_id).strip(),
            mail_transport=env.get("MAIL_TRANSPORT", cls.mail_transport).strip().lower(),
            mail_from=env.get("MAIL_FROM", cls.mail_from).strip(),
            county_email=env.get("COUNTY_EMAIL", cls.county_email).strip(),
            smtp_host=env.get("SMTP_HOST", cls.smtp_host).strip(),
            smtp_port=int(env.get("SMTP_PORT") or cls.smtp_port),
            smtp_security=env.get("SMTP_SECURITY", cls.smtp_security).strip().lower(),
            smtp_user=env.get("SMTP_USER", cls.smtp_user).strip(),
            smtp_password_parameter=env.get("SMTP_PASSWORD_PARAMETER", cls.smtp_password_parameter).strip(),
            compile_queue=compile_queue_name(),
        )


def compile_queue_name() -> str:
    """The compile queue's name; app.py needs it at import time for `@app.on_sqs_message`."""
    return os.environ.get("COMPILE_QUEUE", Config.compile_queue)
