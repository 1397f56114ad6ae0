"""Year-end collections (材料收集): the office's form, the unit's upload and submission, and the answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, JsonValue, StrictInt, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.core.models import Answer, Day, FileUploadForm, Form, Line100, PresignedPost, UnitId


class CollectionKind(StrEnum):
    YEAR_SUMMARY = "year_summary"
    YEAR_PLAN = "year_plan"
    OTHER = "other"


KIND_LABELS: dict[str, JsonValue] = {
    "year_summary": "年度双拥工作总结",
    "year_plan": "双拥工作要点",
    "other": "其他材料",
}
STATE_LABELS: dict[str, JsonValue] = {
    "waiting": "未提交",
    "submitted": "已提交",
    "returned": "退回修改",
    "accepted": "已通过",
}

# The files a unit may send: Word (DOC, DOCX), WPS and PDF, each known by its suffix and by its own first bytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/vnd.ms-works": ".wps",
}
OLE = b"\xd0\xcf\x11\xe0"  # the compound file that holds a DOC and a WPS document
FIRST_BYTES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".doc": OLE, ".wps": OLE}
TYPE_NAMES = {".pdf": "PDF", ".docx": "DOCX", ".doc": "DOC", ".wps": "WPS"}
WRONG_TYPE = "只能上传 DOC、DOCX、WPS 或 PDF 文件"
TOO_LARGE = f"文件不能超过{MAX_FILE_BYTES // (1024 * 1024)} MB"
DEFAULT_REMIND_DAYS = [7, 1]


class CollectionForm(Form):
    """The body of POST /collections: what the office asks for, of whom, by when."""

    title: Line100 = Field(title="收集事项", description="如 2026年度双拥工作总结")
    kind: CollectionKind = Field(title="材料类别", json_schema_extra={"labels": KIND_LABELS})
    year: StrictInt = Field(ge=2000, le=2100, title="年度")
    due_on: Day = Field(title="截止日期")
    unit_ids: list[UnitId] | None = Field(
        default=None, min_length=1, max_length=200, title="收集单位", description="不填：全部参加填报的成员单位"
    )
    remind_days_before: list[Annotated[StrictInt, Field(ge=1, le=60)]] = Field(
        default_factory=lambda: list(DEFAULT_REMIND_DAYS),
        max_length=5,
        title="提前提醒天数",
        description="截止日期前几天提醒未提交的单位，默认 7 天和 1 天",
    )

    @field_validator("unit_ids", "remind_days_before")
    @classmethod
    def _each_once(cls, value: list[Any] | None) -> list[Any] | None:
        if value is not None and len(set(value)) != len(value):
            raise PydanticCustomError("repeated", "同一项不能重复填写")
        return value


class CollectionUploadForm(FileUploadForm):
    """The body of POST /collections/{collection_id}/uploads: the file the page is about to upload; the policy then
    pins its type and size."""

    TYPES, MAX_BYTES, WRONG_TYPE, TOO_LARGE = FILE_TYPES, MAX_FILE_BYTES, WRONG_TYPE, TOO_LARGE

    unit_id: UnitId | None = Field(default=None, title="报送单位", description="县双拥办代传时必填；填报员为本单位")
    filename: Line100 = Field(title="文件名")
    content_type: str = Field(title="文件类型", description="DOC、DOCX、WPS 或 PDF 的 MIME 类型")
    size: StrictInt = Field(ge=1, title="文件大小", description=f"字节数，至多 {MAX_FILE_BYTES}")


class CollectionUpload(PresignedPost):
    key: str = Field(description="上传后提交时写入 key 的对象键")


class SubmissionForm(Form):
    """The body of PUT /collections/{collection_id}/units/{unit_id}: the uploaded file, submitted."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(title="上传的文件")
    filename: Line100 = Field(title="文件名")


class CollectionFile(Answer):
    filename: str
    size: int = Field(description="字节数")
    content_type: str
    submitted_at: str
    late: bool = Field(description="是否在截止日期之后提交（北京时间）")
    by_name: str = Field(description="提交人")
    comment: str | None = Field(default=None, description="县双拥办退回这份文件时的意见")
    url: str | None = Field(default=None, description="短时有效的下载链接")
    expires_in: int | None = None


class CollectionUnit(Answer):
    """A unit's standing in a collection."""

    model_config = ConfigDict(extra="ignore")

    unit_id: str
    name: str = Field(description="单位名称")
    state: str = Field(
        description="waiting 未提交、submitted 已提交、returned 退回修改、accepted 已通过",
        json_schema_extra={"labels": STATE_LABELS},
    )
    state_label: str = Field(description="状态的说法，如“退回修改”")
    version: int = Field(description="审阅时须带的版本号（未提交为 0）")
    late: bool = Field(description="所交文件是否晚于截止日期；未提交的，截止日期是否已过")
    submitted_at: str | None = None
    file: CollectionFile | None = Field(default=None, description="当前的文件")
    comment: str = Field(description="县双拥办退回时的意见")
    decided_at: str | None = None
    history: list[CollectionFile] = Field(description="此前提交的文件，新的在前")


class CollectionArchive(Answer):
    status: str = Field(description="pending 正在打包、ready 可下载、failed 打包失败（可重新申请）")
    request_id: str
    requested_at: str
    ready_at: str | None = None
    files: int | None = Field(default=None, description="压缩包中的文件数")
    size: int | None = Field(default=None, description="压缩包的字节数")
    url: str | None = Field(default=None, description="短时有效的下载链接")
    filename: str | None = None
    expires_in: int | None = None


class Collection(Answer):
    model_config = ConfigDict(extra="ignore")

    collection_id: str
    title: str
    kind: CollectionKind = Field(json_schema_extra={"labels": KIND_LABELS})
    year: int
    due_on: str
    unit_ids: list[str]
    remind_days_before: list[int]
    created_at: str
    counts: dict[str, int] = Field(description="各状态的单位数：waiting、submitted、returned、accepted")


class CollectionDetail(Collection):
    units: list[CollectionUnit]
    archive: CollectionArchive | None = None


class UnitCollection(CollectionUnit):
    """A collection as a unit sees it: what is asked, by when, and its own standing."""

    collection_id: str
    title: str
    kind: CollectionKind = Field(json_schema_extra={"labels": KIND_LABELS})
    year: int
    due_on: str
