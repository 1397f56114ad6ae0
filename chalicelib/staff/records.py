"""The records of the county office's staff, as typed dicts: a stored member (see db/staff.py for how they
are stored), and the answers built from them.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from typing import Any, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12


class StaffFields(TypedDict):
    """What the office registers of a person: their name, role, and contact e-mails."""

    name: str
    role: str
    emails: list[str]


class RegisteredStaff(StaffFields):
    """A person as registered: their id, what the office set, and when."""

    staff_id: str
    created_at: str


class StaffMember(RegisteredStaff):
    """What the office keeps of a person, as listed: no token, no hash; who registered them, and any revocation."""

    created_by: str
    revoked_at: NotRequired[str]
    revoked_by: NotRequired[str]


class IssuedStaff(RegisteredStaff):
    """A person just registered: their token, shown this once, and the office page's link that carries it."""

    token: str
    link: str


class Me(TypedDict):
    """Who a token is: role, the person's name, the id records keep, a reporter's unit; every role's label and
    permissions (core/auth.py role_table); the days within which an agreement ends soon."""

    role: str
    name: str
    actor: str
    unit_id: str | None
    org_id: str | None
    roles: list[dict[str, Any]]
    ending_soon_days: int


class RevokedStaff(TypedDict):
    """A person locked out, and since when."""

    staff_id: str
    revoked_at: str
