"""The records of a year-end collection, as typed dicts: the stored collection, a unit's stored item (its state
and its files, newest last) and the archive's state (see db/collections.py for how they are stored)."""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

State = Literal["waiting", "submitted", "returned", "accepted"]
ArchiveStatus = Literal["pending", "ready", "failed"]


class ArchiveRecord(TypedDict):
    """The last archive asked for: its request, and once built its object, size and number of files."""

    request_id: str
    status: ArchiveStatus
    requested_at: str
    requested_by: str
    ready_at: NotRequired[str]
    key: NotRequired[str]
    size: NotRequired[int]
    files: NotRequired[int]
    error: NotRequired[str]


class CollectionRecord(TypedDict):
    collection_id: str
    title: str
    kind: str
    year: int
    due_on: str  # ISO date, Beijing
    unit_ids: list[str]  # the units asked, in the order the office gave (or the units' order)
    remind_days_before: list[int]
    created_at: str
    created_by: str
    archive: NotRequired[ArchiveRecord]


class FileRecord(TypedDict):
    """One file a unit submitted: its object, its name and size, when and by whom, and whether after the due date."""

    key: str
    filename: str
    size: int
    content_type: str
    submitted_at: str
    late: bool
    by: str
    by_name: str
    comment: NotRequired[str]  # the office's, when it returned this file


class UnitItemRecord(TypedDict):
    """A unit's item in a collection, once it has submitted: its state and every file it sent, newest last."""

    collection_id: str
    unit_id: str
    title: str  # the collection's, for the audit trail's name of the item
    state: State
    version: int  # +1 on each submission and each decision
    files: list[FileRecord]
    comment: str  # the office's, on a return
    decided_at: NotRequired[str]
    decided_by: NotRequired[str]
    decided_by_name: NotRequired[str]


class ShownFile(FileRecord):
    url: NotRequired[str]
    expires_in: NotRequired[int]


class ShownUnit(TypedDict):
    unit_id: str
    name: str
    state: State
    state_label: str
    version: int
    late: bool
    submitted_at: str | None
    file: ShownFile | None
    comment: str
    decided_at: str | None
    history: list[ShownFile]
