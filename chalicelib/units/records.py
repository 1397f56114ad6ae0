"""The records of the county's units and their reporters, as typed dicts: the stored unit, a reporter's
credential (see db/units.py for how they are stored), and the answers built from them.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked. roster.py reads units as the summaries
pass them: plain dicts.
"""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12


class UnitFields(TypedDict):
    """What the office sets of a unit: its name, kind (单位类别), contact e-mails, and whether it reports."""

    name: str
    kind: str
    emails: list[str]
    active: bool


class NewUnitFields(UnitFields):
    """What the office sets of a new unit: its fields and its id."""

    unit_id: str


class UnitRecord(NewUnitFields):
    """A member unit as stored and answered: its id, its fields, when it was registered and last changed."""

    created_at: str
    updated_at: str


class ReporterRecord(TypedDict):
    """A unit's reporter (填报员): its id, its unit, the office's label for it, when it was issued."""

    reporter_id: str
    unit_id: str
    label: str
    created_at: str


class ListedReporter(ReporterRecord):
    """A reporter as the unit's list shows it: no token hash, and when it was revoked, if it was."""

    revoked_at: NotRequired[str]


class IssuedReporter(ReporterRecord):
    """A reporter just issued: its token, shown this once, and the report page's link that carries it."""

    token: str
    link: str


class RevokedReporter(TypedDict):
    """A reporter locked out, and since when."""

    reporter_id: str
    revoked_at: str


class ImportedUnit(UnitRecord):
    """A unit of the sheet registered (or, on a dry run, to be): its row, and its reporter (none on a dry run)."""

    row: int
    reporter: IssuedReporter | None


class ExistingUnit(TypedDict):
    """A row of the sheet naming a unit registered already (by its id, or by its name when no id is given)."""

    row: int
    unit_id: str
    name: str


class UnitImportResult(TypedDict):
    dry_run: bool
    created: list[ImportedUnit]
    existing: list[ExistingUnit]
