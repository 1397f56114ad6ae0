"""Member units and reporters' credentials."""

from __future__ import annotations

from pydantic import Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import UNIT_KINDS
from chalicelib.core.models import Answer, Email, Form, Line60, Note40, UnitId, UnitKind, XlsxBase64
from chalicelib.db.keys import PLAN_CHANGES

# Ids no unit may take: the plan's month counter sits beside the units' (db/keys.py), and the units' own routes
# /units/import and /units/template.xlsx would read as a unit's.
RESERVED_UNIT_IDS = (PLAN_CHANGES, "import", "template.xlsx")

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
        if unit_id in RESERVED_UNIT_IDS:
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


# --- units in bulk ---------------------------------------------------------------


class UnitImportForm(Form):
    """POST /units/import: the units' sheet as an .xlsx file, base64-encoded in JSON."""

    file: XlsxBase64 = Field(title="Excel 文件", description="单位表（.xlsx）的 base64 编码，文件不超过 1 MB")
    dry_run: StrictBool = Field(default=False, title="只检查不导入")


class ImportedUnit(Unit):
    row: int = Field(description="单位表中的行号")
    reporter: IssuedReporter | None = Field(description="为单位签发的填报员（链接只显示这一次）；只检查时为空")


class ExistingUnit(Answer):
    row: int = Field(description="单位表中的行号")
    unit_id: str
    name: str = Field(description="已登记的单位名称")


class UnitImport(Answer):
    dry_run: bool
    created: list[ImportedUnit] = Field(description="新登记的单位（只检查时：将登记的单位）")
    existing: list[ExistingUnit] = Field(description="已登记、未重复登记的单位")
