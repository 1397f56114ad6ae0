"""The organisations' records, as typed dicts: a stored organisation (db/orgs.py), and the tree built from them.
The API's models (models.py) describe the same answers for the OpenAPI document."""

from __future__ import annotations

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12


class OrgFields(TypedDict):
    """What the owner registers: the id, the Chinese name, the level and the organisation one level up."""

    org_id: str
    name: str
    level: str
    parent_id: str | None


class Org(OrgFields):
    """An organisation as stored: who registered it, and when."""

    created_at: str
    created_by: str


class OrgNode(TypedDict):
    """An organisation in the tree, with the organisations registered under it; the implicit county has no id."""

    org_id: str | None
    name: str
    level: str
    parent_id: str | None
    children: list[OrgNode]


class OrgTree(TypedDict):
    """The tree a caller may see: its roots; `implicit` when no organisation is registered yet."""

    implicit: bool
    scope: str
    note: str
    items: list[OrgNode]
