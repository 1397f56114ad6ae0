"""The organisations' tree: a province has cities, a city counties (and a county may sit right under a province)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.models import Answer, Form, Line20, UnitId

Level = Literal["province", "city", "county"]
LEVEL_LABELS: dict[str, str] = {"province": "省", "city": "市", "county": "县"}  # a county: 县、区 or 县级市
# The levels an organisation's parent may be, by its own level; an empty tuple: it has none.
PARENT_LEVELS: dict[str, tuple[str, ...]] = {"province": (), "city": ("province",), "county": ("city", "province")}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


class OrgForm(Form):
    org_id: UnitId = Field(title="组织编号", description="小写字母、数字、- 或 _，如 beihu；登记后不能更改")
    name: Line20 = Field(title="组织名称", description="中文名称，如 北湖市、城关县")
    level: Level = Field(title="层级", json_schema_extra={"labels": dict(LEVEL_LABELS)})
    parent_id: UnitId | None = Field(
        default=None, title="上级组织", description="上一级组织的编号：县属市或省，市可属省或不填，省不填"
    )

    @field_validator("name")
    @classmethod
    def _in_chinese(cls, name: str) -> str:
        if not CHINESE.search(name):
            raise PydanticCustomError("org_name_not_chinese", "组织名称须用中文书写，如 北湖市")
        return name


class OrgNode(Answer):
    org_id: str | None = Field(description="组织编号；尚未登记组织时，本部署这一个县为 null")
    name: str
    level: str = Field(description="province 省、city 市、county 县")
    parent_id: str | None
    children: list[OrgNode] = Field(description="登记在其下的组织")


class OrgTree(Answer):
    implicit: bool = Field(description="true：本县尚未登记，本部署即 COUNTY_NAME 这一个县，与以往相同")
    scope: str = Field(
        description="all：部署所有者看到全部组织；province、city、county：凭证所属组织的级别，看到它及其下属组织"
    )
    note: str = Field(description="用中文说明这棵树是什么")
    items: list[OrgNode] = Field(description="树的根")


class OrgRegistered(Answer):
    org_id: str
    name: str
    level: str = Field(description="province 省、city 市、county 县")
    parent_id: str | None
    created_at: str
    created_by: str = Field(description="登记人：admin（管理员令牌）")
