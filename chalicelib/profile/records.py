"""The county's facts for a year, as typed dicts: as stored (see db/profiles.py) and as answered.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12


class CountedKind(TypedDict):
    """How many of one kind of 优抚对象 the county has: persons, households, or both."""

    persons: int | None
    households: int | None


class HonourItem(TypedDict):
    """An honour the county won (××年被评为…): the year, its title, and its level."""

    year: int
    title: str
    level: Literal["national", "provincial", "city", "county"]


class ProfileFacts(TypedDict):
    """The county's facts in a year, None (or no honours) where none was entered."""

    townships: int | None
    subdistricts: int | None
    population: int | None
    beneficiaries: dict[str, CountedKind] | None  # by the kind's code (the visit targets)
    garrisons: int | None
    allowance_households: int | None
    honours: list[HonourItem]


class ProfileRecord(ProfileFacts):
    """The year's facts as stored, their version, and who last changed them when (set as they are stored)."""

    version: NotRequired[int]  # none: stored before profiles had versions, read as 0
    updated_at: NotRequired[str]
    updated_by: NotRequired[str]


class ShownProfile(ProfileRecord):
    """The year's facts as the API answers them: every fact (null until entered), the year, and the version
    (0 until first written)."""

    year: int
