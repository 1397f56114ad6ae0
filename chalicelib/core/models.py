"""What every form shares: the base model, the field types with their limits, the error body, and stored items."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.catalogue import UNIT_KINDS, VISIT_TARGETS
from chalicelib.core.dates import parse_day
from chalicelib.core.money import stored_number
from chalicelib.core.text import first_unwritable, unwritable

EARLIEST_DATE = date(2000, 1, 1)
MAX_COUNT = 10_000_000
MAX_YUAN = Decimal("10000000000")
MAX_PHOTOS = 9
Root = TypeVar("Root")


class Answer(BaseModel):
    """Base of every answer's model (and, through Form, of every input's): its validator and serializer are
    built on first use, not at import, so a cold start pays only for the models its request uses."""

    model_config = ConfigDict(defer_build=True)


class AnswerRoot(RootModel[Root], Generic[Root]):
    """Base of an answer that is one of several models: built on first use like every Answer (a parametrized
    RootModel of its own would be built at import)."""

    model_config = ConfigDict(defer_build=True)


class Form(Answer):
    """Base of every input: unknown fields are refused, text is trimmed, and no text holds a character
    an export could not write (see core.text; single-line fields also refuse line ends, see `_one_line`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
    # The field naming an item among the others of its list (a campaign's `code`): a PUT merges each item sent
    # with the stored item it names (core.validation.validate_named).
    identity: ClassVar[str | None] = None

    @field_validator("*", mode="after")
    @classmethod
    def _writable_text(cls, value: Any, info: ValidationInfo) -> Any:
        if found := first_unwritable(value):
            raise PydanticCustomError("text_unwritable", found[1])
        return value


def numbers_only(kind: str = "number_type", message: str = "应填写数字") -> Callable[[Any], Any]:
    """A validator refusing anything but a JSON number: int or Decimal (floats are parsed as Decimal);
    a string, a boolean or anything else is a wrong type, not a number to guess."""

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise PydanticCustomError(kind, message)
        return value

    return check


def _only_iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    try:
        return parse_day(value)
    except ValueError as error:
        raise PydanticCustomError("date_format", str(error)) from None


Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]
Money = Annotated[
    Decimal,
    BeforeValidator(numbers_only("money_type", "应填写金额数字（单位：元）")),
    Field(ge=0, le=MAX_YUAN, decimal_places=2, allow_inf_nan=False),
]
Day = Annotated[date, BeforeValidator(_only_iso_date)]


def _one_line(value: str) -> str:
    if reason := unwritable(value, multiline=False):
        raise PydanticCustomError("text_one_line", reason)
    return value


OneLine = AfterValidator(_one_line)

# Text fields by their limits: "Line" is required and one line, "Note" may be empty (Note40 one line, the longer
# ones several lines).
Line20 = Annotated[str, StringConstraints(min_length=1, max_length=20), OneLine]
Line60 = Annotated[str, StringConstraints(min_length=1, max_length=60), OneLine]
Line100 = Annotated[str, StringConstraints(min_length=1, max_length=100), OneLine]
Line200 = Annotated[str, StringConstraints(min_length=1, max_length=200), OneLine]
Note40 = Annotated[str, StringConstraints(max_length=40), OneLine]
Note500 = Annotated[str, StringConstraints(max_length=500)]
Note2000 = Annotated[str, StringConstraints(max_length=2000)]
Note5000 = Annotated[str, StringConstraints(max_length=5000)]


Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
UNIT_ID = r"[a-z0-9][a-z0-9_-]{1,39}"  # a unit's id, also read from reporters' tokens (core.auth)
UnitId = Annotated[str, StringConstraints(pattern=f"^{UNIT_ID}$")]
XlsxBase64 = Annotated[str, Field(min_length=1, max_length=1_400_000)]  # a 1 MB file (files.uploaded_sheets)
RecordId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Uuid = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
]
PhotoKey = Annotated[str, StringConstraints(pattern=r"^photos/[a-z0-9_-]+/[A-Za-z0-9_./-]{1,160}$")]

VisitTarget = StrEnum("VisitTarget", {code: code for code in VISIT_TARGETS})  # type: ignore[misc]
UnitKind = StrEnum("UnitKind", {code: code for code in UNIT_KINDS})  # type: ignore[misc]


class Download(Answer):
    """A file put in the bucket, and its short-lived link (files.bucket.PublishedFile)."""

    url: str = Field(description="短时有效的下载链接")
    filename: str
    content_type: str
    expires_in: int


class PresignedPost(Answer):
    """An upload straight to the bucket: the browser posts `fields` and then the file (as `file`) to `url`."""

    key: str = Field(description="上传后的对象键")
    url: str
    fields: dict[str, str]
    max_bytes: int
    content_type: str
    expires_in: int


class Problem(Answer):
    """The body of every error answer."""

    code: str = Field(description="稳定的错误编号，见 README")
    message: str
    errors: list[dict[str, str]] | None = Field(default=None, description="每个有误的字段：field 与 message")


def built(model: type[BaseModel] | Callable[[], type[BaseModel]]) -> type[BaseModel]:
    """A model, or the model a factory builds (for models built only when first needed)."""
    return model if isinstance(model, type) else model()


def as_item(model: BaseModel, exclude: set[str] | frozenset[str] | None = None) -> dict[str, Any]:
    """A validated model as plain stored data: dates as ISO text, enums as their codes, numbers as the table
    gives them back (`stored_number`)."""
    return _plain(model.model_dump(mode="python", exclude=set(exclude or ())))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return stored_number(value)
    return value


class FileUploadForm(Form):
    """A file a page is about to post straight to the bucket (a presigned POST): its name, type and size, checked
    against what the route takes before the policy pins them. A route's form names its types, its limit and how it
    says each refusal, and declares the three fields with their descriptions."""

    TYPES: ClassVar[Collection[str]] = ()
    MAX_BYTES: ClassVar[int] = 0
    WRONG_TYPE: ClassVar[str] = ""
    TOO_LARGE: ClassVar[str] = ""

    @field_validator("content_type", check_fields=False)
    @classmethod
    def _allowed_type(cls, value: str) -> str:
        if value not in cls.TYPES:
            raise PydanticCustomError("file_type", cls.WRONG_TYPE)
        return value

    @field_validator("size", check_fields=False)
    @classmethod
    def _not_too_large(cls, value: int) -> int:
        if value > cls.MAX_BYTES:
            raise PydanticCustomError("file_size", cls.TOO_LARGE)
        return value
