"""Co-building agreements (军地共建协议)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, JsonValue, StrictInt, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.models import (
    EARLIEST_DATE,
    Answer,
    Day,
    FileUploadForm,
    Form,
    Line20,
    Line100,
    Line200,
    Note2000,
    PresignedPost,
    UnitId,
)

# --- co-building agreements -----------------------------------------------------


# What the county office records: in force (its period then decides), or ended as expired or terminated.
class AgreementStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


# An agreement's status on a given day, as the API answers it and the summaries count it.
class AgreementState(StrEnum):
    NOT_YET_IN_FORCE = "not_yet_in_force"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


STATUS_LABELS: dict[str, JsonValue] = {"active": "有效", "expired": "已到期", "terminated": "已终止"}
STATE_LABELS: dict[str, JsonValue] = {"not_yet_in_force": "未生效", **STATUS_LABELS}


# The signed documents (协议文本): PDF or a photo of the paper, each uploaded straight to the bucket (documents.py).
MAX_DOCUMENTS = 5
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}  # and each one's suffix
WRONG_TYPE = "只能上传 PDF、JPEG 或 PNG 文件"
TOO_LARGE = f"文件不能超过{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB，请压缩后重新上传"


class AgreementTask(Form):
    title: Line200 = Field(title="共建任务")
    due_on: Day | None = Field(default=None, title="完成时限")


class Contact(Form):
    name: Line20 = Field(title="联系人")
    side: Literal["local", "military"] = Field(
        title="所属方", json_schema_extra={"labels": {"local": "地方", "military": "部队"}}
    )
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+\- ]{5,20}$")] | None = Field(default=None, title="电话")


class AgreementTerms(Form):  # every field of an agreement but its status
    title: Line100 = Field(title="协议名称")
    unit_id: UnitId = Field(title="地方单位")
    military_unit: Line100 = Field(title="部队单位", description="番号或名称，如 73026部队")
    signed_on: Day = Field(title="签订日期")
    valid_from: Day = Field(title="起始日期")
    valid_to: Day = Field(title="终止日期")
    goals: Note2000 = Field(default="", title="共建目标")
    tasks: list[AgreementTask] = Field(default_factory=list, max_length=50, title="共建任务")
    contacts: list[Contact] = Field(default_factory=list, max_length=10, title="联系人")

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("valid_from")
        if start is not None and value < start:
            raise PydanticCustomError("period_reversed", "终止日期不能早于起始日期")
        return value

    @field_validator("signed_on", "valid_from", "valid_to")
    @classmethod
    def _not_ancient(cls, value: date) -> date:
        if value < EARLIEST_DATE:
            raise PydanticCustomError("date_too_early", "日期不能早于2000年1月1日")
        return value


class AgreementForm(AgreementTerms):
    status: AgreementStatus = Field(
        default=AgreementStatus.ACTIVE,
        title="状态",
        description="有效（是否已生效、是否到期由起止日期决定）、已到期或已终止",
        json_schema_extra={"labels": STATUS_LABELS},
    )


class AgreementEditForm(AgreementForm):
    version: StrictInt = Field(ge=1, title="所修改的版本号")


class Agreement(AgreementTerms):
    model_config = ConfigDict(extra="ignore")

    agreement_id: str
    version: int
    status: AgreementState = Field(
        title="状态",
        description="当天的状态：未生效（起始日期之前）、有效、已到期（终止日期之后，或标记为已到期）、已终止",
        json_schema_extra={"labels": STATE_LABELS},
    )
    ends_in_days: int | None = Field(default=None, description="距终止日期的天数（仅有效协议）")
    starts_in_days: int | None = Field(default=None, description="距起始日期的天数（仅未生效协议）")
    ended_at: str | None = Field(default=None, description="标记为已到期或已终止的时间")
    documents: list[AgreementDocument] = Field(default_factory=list, title="协议文本")
    created_at: str
    updated_at: str


# --- signed documents ------------------------------------------------------------


class DocumentUploadForm(FileUploadForm):
    """The body of POST /agreements/{agreement_id}/documents/uploads: the file the page is about to upload, checked
    before it is sent (its name as it will be attached, its type, its size); the policy then pins the type."""

    TYPES, MAX_BYTES, WRONG_TYPE, TOO_LARGE = DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, WRONG_TYPE, TOO_LARGE

    filename: Line100 = Field(title="文件名")
    content_type: str = Field(title="文件类型", description="application/pdf、image/jpeg 或 image/png")
    size: StrictInt = Field(ge=1, title="文件大小", description=f"字节数，至多 {MAX_DOCUMENT_BYTES}")


class DocumentUpload(PresignedPost):
    key: str = Field(description="上传后写入协议 documents 的对象键")


class AttachedDocument(Form):
    key: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(title="文件")
    filename: Line100 = Field(title="文件名")


class DocumentsForm(Form):
    """The body of PUT /agreements/{agreement_id}/documents: the whole list; one left out is detached."""

    version: StrictInt = Field(ge=1, title="所修改的版本号")
    documents: list[AttachedDocument] = Field(max_length=MAX_DOCUMENTS, title="协议文本")


class AgreementDocument(Answer):
    key: str
    filename: str
    size: int = Field(description="字节数")
    content_type: str
    url: str | None = Field(default=None, description="下载链接（仅查看一份协议时给出，短时有效）")
    expires_in: int | None = Field(default=None, description="下载链接的有效秒数")
