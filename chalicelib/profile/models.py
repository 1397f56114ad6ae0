"""The county's basic facts for a year (基本情况), as the county office enters them; every field optional."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import HONOUR_LEVELS, VISIT_TARGETS
from chalicelib.core.models import Count, Form, Line100, VisitTarget

LEVEL_LABELS: dict[str, Any] = {"labels": HONOUR_LEVELS}


class Beneficiaries(Form):
    """How many of one kind of 优抚对象 the county has, as it counts them (persons, households, or both)."""

    persons: Count | None = Field(default=None, title="人数", json_schema_extra={"unit": "人"})
    households: Count | None = Field(default=None, title="户数", json_schema_extra={"unit": "户"})


class PastHonour(Form):
    """An honour the county won (××年被评为…)."""

    year: StrictInt = Field(ge=1949, le=2100, title="年份")
    title: Line100 = Field(title="荣誉名称", description="如 全国双拥模范县（城）")
    level: Literal["national", "provincial", "city", "county"] = Field(title="级别", json_schema_extra=LEVEL_LABELS)


class CountyFacts(Form):
    """The county's facts in a year: what its 情况汇报 opens with. A fact not known leaves its sentence out."""

    townships: Count | None = Field(default=None, title="乡镇", json_schema_extra={"unit": "个"})
    subdistricts: Count | None = Field(default=None, title="街道办事处", json_schema_extra={"unit": "个"})
    population: Count | None = Field(default=None, title="总人口", json_schema_extra={"unit": "人"})
    beneficiaries: dict[VisitTarget, Beneficiaries] | None = Field(
        default=None,
        title="各类优抚对象",
        description="按走访对象的编号：martyr_families 烈属、military_families 军属、disabled_veterans 伤残军人 …",
        json_schema_extra={"labels": dict(VISIT_TARGETS)},
    )
    garrisons: Count | None = Field(default=None, title="驻军", json_schema_extra={"unit": "处"})
    allowance_households: Count | None = Field(
        default=None,
        title="应享受优待金的义务兵家庭",
        description="优待面 = 已发放优待金的户数 ÷ 此数",
        json_schema_extra={"unit": "户"},
    )
    honours: list[PastHonour] = Field(default_factory=list, max_length=30, title="所获荣誉")

    @field_validator("beneficiaries")
    @classmethod
    def _one_count_per_kind(cls, value: dict[VisitTarget, Beneficiaries] | None) -> Any:
        for code, counted in (value or {}).items():
            if counted.persons is None and counted.households is None:
                raise PydanticCustomError("count_required", "{kind}须填写人数或户数", {"kind": VISIT_TARGETS[code]})
        return value


class ProfileForm(CountyFacts):
    """The body of PUT /profile/{year}: the facts it names, and the version they edit."""

    version: StrictInt = Field(ge=0, title="所修改的版本号", description="首次填写为 0；之后为 GET 所得的 version")


class Profile(CountyFacts):
    """The county's facts for a year as the API answers them (all null until entered), and who last changed
    them when."""

    year: int
    version: int = Field(description="版本号：每次修改加 1；0 表示尚未填写")
    updated_at: str | None = None
    updated_by: str | None = None
