"""The records of the reminder e-mails, as typed dicts: a claim on one e-mail (see db/reminders.py for how it
is stored), and the reminders as the admin lists them.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12


class ClaimRecord(TypedDict):
    """What a claim keeps of an e-mail: why (missing, digest, agreement-60, …), for which period, to whom (a unit,
    or county), the addresses it goes to, and its subject."""

    reason: str
    period: str
    recipient: str
    to: list[str]
    subject: str


class SentReminder(TypedDict):
    """A reminder e-mail claimed in a month, for the admin: to whom, why, and whether it went."""

    reason: str
    reason_label: str
    period: str
    recipient: str
    to: list[str]
    subject: str
    status: str
    attempts: int
    claimed_at: str
    sent_at: str | None
    error: str | None
