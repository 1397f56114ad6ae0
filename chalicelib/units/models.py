"""Member units and reporters' credentials."""

from __future__ import annotations

from pydantic import Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import UNIT_KINDS
from chalicelib.core.models import Answer, Email, Form, Line60, Note40, UnitId, UnitKind
from chalicelib.db.keys import PLAN_CHANGES

# --- units and reporters -------------------------------------------------------


class UnitForm(Form):
    name: Line60 = Field(title="单位名称")
    kind: UnitKind = Field(title="单位类别", json_schema_extra={"labels": dict(UNIT_KINDS)})
    emails: list[Email] = Field(default_factory=list, max_length=10, title="联系邮箱")
    active: StrictBool = Field(default=True, title="是否参加填报")


class NewUnitForm(UnitForm):
    unit_id: UnitId = Field(title="单位编号", description="小写字母、数字、- 或 _，如 sifaju")

    @field_validator("unit_id")
    @classmethod
    def _not_reserved(cls, unit_id: str) -> str:
        if unit_id == PLAN_CHANGES:  # its month counter would be the plan's (db/keys.py)
            raise PydanticCustomError(
                "unit_id_reserved", "单位编号 {unit_id} 为系统保留，请换一个", {"unit_id": unit_id}
            )
        return unit_id


class Unit(Answer):
    unit_id: str
    name: str
    kind: str
    emails: list[str]
    active: bool
    created_at: str
    updated_at: str


class ReporterForm(Form):
    label: Note40 = Field(default="", title="填报员备注", description="如姓名或岗位，便于辨认")


class IssuedReporter(Answer):
    reporter_id: str
    unit_id: str
    label: str
    token: str = Field(description="只显示这一次，请妥善保存")
    link: str = Field(description="填报页链接（令牌在 # 之后，不会发送给服务器日志）")
    created_at: str


class Reporter(Answer):
    reporter_id: str
    unit_id: str
    label: str
    created_at: str
    revoked_at: str | None = None
