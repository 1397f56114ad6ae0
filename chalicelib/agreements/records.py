"""The records of a co-building agreement (军地共建协议), as typed dicts: the stored agreement and its signed
documents (see db/agreements.py for how they are stored), and the agreement as shown on a day.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked. status.py reads agreements as the summaries
and the reminders pass them too: plain dicts.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

RecordedStatus = Literal["active", "expired", "terminated"]  # models.AgreementStatus: what the office recorded


class TaskItem(TypedDict):
    """One task the agreement sets (共建任务), and the day it is due, if any (ISO date)."""

    title: str
    due_on: str | None


class ContactItem(TypedDict):
    """A contact person of the agreement, on the local or the military side, and their phone."""

    name: str
    side: Literal["local", "military"]
    phone: str | None


class AgreementTerms(TypedDict):
    """What the agreement says: title, the two parties, when signed, its period (ISO dates), goals, tasks, contacts."""

    title: str
    unit_id: str
    military_unit: str
    signed_on: str
    valid_from: str
    valid_to: str
    goals: str
    tasks: list[TaskItem]
    contacts: list[ContactItem]


class AgreementFields(AgreementTerms):
    """What the county office records of an agreement: its terms, and whether it is active or ended."""

    status: RecordedStatus


class UploadedDocument(TypedDict):
    """A signed document's object in the bucket, as checked before it is attached: its key, size and type."""

    key: str
    size: int
    content_type: str


class DocumentRecord(UploadedDocument):
    """A signed document (协议文本) attached to an agreement, under the name it downloads as."""

    filename: str
    url: NotRequired[str]  # a short-lived download link, as one agreement is read (never stored)
    expires_in: NotRequired[int]


class _Kept(TypedDict):
    """An agreement's id, its version, and when it was recorded and last changed."""

    agreement_id: str
    version: int
    created_at: str
    updated_at: str


class AgreementRecord(AgreementFields, _Kept):
    """A stored agreement: what the office recorded, when it was marked ended, its signed documents."""

    ended_at: NotRequired[str]  # marked expired or terminated (agreements stored before this fall back)
    documents: NotRequired[list[DocumentRecord]]  # none attached yet


class ShownAgreement(AgreementTerms, _Kept):
    """An agreement as of a day: its status then, the days to its end or start, when marked ended, its documents."""

    status: str  # models.AgreementState: not_yet_in_force, active, expired or terminated
    ends_in_days: int | None
    starts_in_days: int | None
    ended_at: str | None
    documents: list[DocumentRecord]
