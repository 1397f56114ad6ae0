"""Survey forms and answers: what a survey author sends, and what the API gives back.

A question is one flat model whose `type` decides which settings it may carry
(`SETTINGS_OF_TYPE`): a setting given to a type that does not use it is refused
on its own field, so every mistake in a definition is named as
`questions.<index>.<setting>`. The bounds keep a survey small enough to store as
one item and render on a phone: at most 100 questions, 50 options a question,
2000 characters a text answer.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, cast

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.core.dates import CHINA
from chalicelib.core.models import (
    Answer,
    Day,
    Form,
    Line100,
    Line200,
    Note500,
    Note2000,
    RecordId,
    UnitId,
    numbers_only,
)
from chalicelib.surveys.records import OptionRecord, QuestionRecord, QuestionType, SurveyState

MAX_QUESTIONS = 100
MAX_TITLE = 100  # the bound of Line100, a survey title's type
MAX_OPTIONS = 50
MAX_TEXT_LENGTH = 2000
DEFAULT_TEXT_LENGTH = 500
RATING_SCALE = (1, 2, 3, 4, 5)
MAX_NUMBER = Decimal("1000000000000")
NUMBER_PLACES = 6
MAX_RESPONSES = 1_000_000
# A text question longer than this is answered in a multi-line box (the page draws a textarea): only its
# answers may hold line breaks and tabs.
ONE_LINE_TEXT = 100

QUESTION_TYPES: dict[str, str] = {
    "single_choice": "单选题",
    "multiple_choice": "多选题",
    "text": "填空题",
    "number": "数字题",
    "rating": "评分题（1–5分）",
    "yes_no": "是非题",
    "date": "日期题",
}
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})

# Which question types use each setting; any other type refuses it.
SETTINGS_OF_TYPE: dict[str, frozenset[str]] = {
    "options": CHOICE_TYPES,
    "min_selections": frozenset({"multiple_choice"}),
    "max_selections": frozenset({"multiple_choice"}),
    "max_length": frozenset({"text"}),
    "min": frozenset({"number"}),
    "max": frozenset({"number"}),
    "integer": frozenset({"number"}),
    "unit": frozenset({"number"}),
    "min_date": frozenset({"date"}),
    "max_date": frozenset({"date"}),
    "low_label": frozenset({"rating"}),
    "high_label": frozenset({"rating"}),
}

# A setting that may not be below another: (the other, the refusal).
ORDERED_SETTINGS: dict[str, tuple[str, str]] = {
    "max_selections": ("min_selections", "最多选择项数不能少于至少选择项数"),
    "max": ("min", "最大值不能小于最小值"),
    "max_date": ("min_date", "最晚日期不能早于最早日期"),
}

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
Note20 = Annotated[str, StringConstraints(max_length=20)]


def _local_time(value: Any) -> Any:
    """ISO date-time text; a time without offset is Beijing time. Kept to the second, in +08:00."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            if not isinstance(value, str) or len(value) < 16:
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("datetime_format", "时间应写成年-月-日T时:分，如 2026-08-20T18:00") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
    if not 2000 <= moment.year <= 2100:
        raise PydanticCustomError("datetime_range", "时间应在2000年到2100年之间")
    return moment.astimezone(CHINA).replace(microsecond=0)


Number = Annotated[
    Decimal,
    BeforeValidator(numbers_only()),
    Field(ge=-MAX_NUMBER, le=MAX_NUMBER, decimal_places=NUMBER_PLACES, allow_inf_nan=False),
]
LocalTime = Annotated[datetime, BeforeValidator(_local_time)]


class Option(Form):
    value: Code = Field(title="选项代码", description="答案中使用的代码，如 legal_aid")
    label: Line100 = Field(title="选项文字")


class Question(Form):
    """One question. Settings after `required` apply to the types named in their descriptions only."""

    id: Code = Field(title="题号", description="问卷内唯一，如 q1；答案以题号为键")
    type: QuestionType = Field(title="题型", json_schema_extra={"labels": dict(QUESTION_TYPES)})
    label: Line200 = Field(title="题目")
    description: Note500 = Field(default="", title="说明")
    required: StrictBool = Field(default=False, title="是否必答")
    options: list[Option] | None = Field(
        default=None, max_length=MAX_OPTIONS, validate_default=True, title="选项", description="单选题、多选题"
    )
    min_selections: StrictInt | None = Field(
        default=None, ge=0, le=MAX_OPTIONS, title="至少选几项", description="多选题"
    )
    max_selections: StrictInt | None = Field(
        default=None, ge=1, le=MAX_OPTIONS, title="最多选几项", description="多选题"
    )
    max_length: StrictInt | None = Field(default=None, ge=1, le=MAX_TEXT_LENGTH, title="最多字数", description="填空题")
    min: Number | None = Field(default=None, title="最小值", description="数字题")
    max: Number | None = Field(default=None, title="最大值", description="数字题")
    integer: StrictBool | None = Field(default=None, title="只填整数", description="数字题")
    unit: Note20 | None = Field(default=None, title="单位", description="数字题，如 岁、人")
    min_date: Day | None = Field(default=None, title="最早日期", description="日期题")
    max_date: Day | None = Field(default=None, title="最晚日期", description="日期题")
    low_label: Note20 | None = Field(default=None, title="1分的含义", description="评分题，如 很不满意")
    high_label: Note20 | None = Field(default=None, title="5分的含义", description="评分题，如 非常满意")

    @field_validator(*SETTINGS_OF_TYPE)
    @classmethod
    def _used_by_the_type(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("type")
        if kind is None or info.field_name is None:
            return value  # the type itself is wrong: that error is enough
        if value is not None and kind not in SETTINGS_OF_TYPE[info.field_name]:
            raise PydanticCustomError("setting_not_used", "{kind}不使用此设置，请删除", {"kind": QUESTION_TYPES[kind]})
        if info.field_name == "options" and kind in CHOICE_TYPES:
            return _check_options(value)
        return value

    @field_validator(*ORDERED_SETTINGS)
    @classmethod
    def _not_below_its_lower_bound(cls, value: Any, info: ValidationInfo) -> Any:
        lower_name, message = ORDERED_SETTINGS[str(info.field_name)]
        lower = info.data.get(lower_name)
        if value is not None and lower is not None and value < lower:
            raise PydanticCustomError("bounds_reversed", message)
        return value

    @field_validator("min_selections", "max_selections")
    @classmethod
    def _within_the_options(cls, value: int | None, info: ValidationInfo) -> int | None:
        options = info.data.get("options")
        if value is not None and options and value > len(options):
            what = "至少选择项数" if info.field_name == "min_selections" else "最多选择项数"
            raise PydanticCustomError("too_many_selections", "{what}不能超过选项数", {"what": what})
        return value


def _check_options(options: list[Option] | None) -> list[Option]:
    if not options or len(options) < 2:
        raise PydanticCustomError("too_few_options", "选择题至少需要2个选项")
    repeats = [
        _repeats([option.value for option in options], "选项代码"),
        _repeats([option.label for option in options], "选项文字"),  # 是, 是: a respondent could not tell them apart
    ]
    if any(repeats):
        raise PydanticCustomError("repeated", "{repeats}", {"repeats": "；".join(filter(None, repeats))})
    return options


def _repeats(codes: list[str], what: str) -> str:
    """ "选项代码重复：a、b" naming each value given more than once, or "" if none is."""
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    return f"{what}重复：{'、'.join(repeated)}" if repeated else ""


def _refuse_repeats(codes: list[str], what: str) -> None:
    if repeated := _repeats(codes, what):
        raise PydanticCustomError("repeated", "{repeated}", {"repeated": repeated})


class SurveyForm(Form):
    """A survey's definition: the body of PUT /surveys/{id}."""

    title: Line100 = Field(title="问卷标题")
    introduction: Note2000 = Field(default="", title="问卷说明", description="显示在题目之前，如填写须知")
    report_id: RecordId | None = Field(default=None, title="所属活动报告", description="如送法进军营活动的报告编号")
    opens_at: LocalTime | None = Field(default=None, title="开始时间", description="不填则发布后即可填写；北京时间")
    closes_at: LocalTime | None = Field(default=None, title="截止时间", description="不填则手动结束；北京时间")
    max_responses: StrictInt | None = Field(
        default=None,
        ge=1,
        le=MAX_RESPONSES,
        title="答卷数上限",
        description="收满这么多份答卷后不再接受填写（409.6）；不填则不限",
    )
    questions: list[Question] = Field(default_factory=list, max_length=MAX_QUESTIONS, title="题目")

    @field_validator("closes_at")
    @classmethod
    def _closes_after_opening(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        opens = info.data.get("opens_at")
        if value is not None and opens is not None and value <= opens:
            raise PydanticCustomError("period_reversed", "截止时间应晚于开始时间")
        return value

    @field_validator("questions")
    @classmethod
    def _ids_unique(cls, value: list[Question]) -> list[Question]:
        _refuse_repeats([question.id for question in value], "题号")
        return value


class NewSurveyForm(SurveyForm):
    """The body of POST /surveys: the definition, and (for the county office) the unit it belongs to."""

    unit_id: UnitId | None = Field(
        default=None, title="所属单位", description="填报员创建时为本单位；县双拥办不填则为全县问卷"
    )


def stored_question(question: Question) -> QuestionRecord:
    """A question as stored and served: only the settings of its type, with their defaults filled in."""
    stored: QuestionRecord = {
        "id": question.id,
        "type": question.type,
        "label": question.label,
        "description": question.description,
        "required": question.required,
    }
    if question.type in CHOICE_TYPES:
        stored["options"] = [cast(OptionRecord, option.model_dump()) for option in question.options or []]
    if question.type == "multiple_choice":
        stored["min_selections"] = question.min_selections if question.min_selections is not None else 1
        stored["max_selections"] = question.max_selections or len(stored["options"])
    elif question.type == "text":
        stored["max_length"] = question.max_length or DEFAULT_TEXT_LENGTH
    elif question.type == "number":
        stored.update(
            {"min": question.min, "max": question.max, "integer": bool(question.integer), "unit": question.unit or ""}
        )
    elif question.type == "date":
        stored["min_date"] = question.min_date.isoformat() if question.min_date else None
        stored["max_date"] = question.max_date.isoformat() if question.max_date else None
    elif question.type == "rating":
        stored.update({"low_label": question.low_label or "", "high_label": question.high_label or ""})
    return stored


# --- answers -------------------------------------------------------------------------


class StoredQuestion(Answer):
    """A question as the API serves it (the settings of its type only)."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: QuestionType
    label: str
    description: str
    required: bool


class SurveySummary(Answer):
    """A survey as listed: everything but its questions."""

    survey_id: str
    unit_id: str | None = Field(description="null：全县问卷（仅县双拥办可见）")
    title: str
    introduction: str
    report_id: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    max_responses: int | None = Field(default=None, description="答卷数上限；null：不限")
    state: SurveyState = Field(description="draft 草稿；scheduled 已发布未到开始时间；open 填写中；closed 已结束")
    accepting_responses: bool = Field(description="是否接受填写：填写中且未收满答卷数上限")
    version: int = Field(description="当前题目版本；发布后修改题目会生成新版本")
    question_count: int
    link: str | None = Field(default=None, description="公开填写链接（发布后）")
    responses: int = Field(description="已收到的答卷数")
    opened_at: str | None = None
    closed_at: str | None = None
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class Survey(SurveySummary):
    questions: list[StoredQuestion]


class QrCode(Answer):
    link: str
    svg: str = Field(description="SVG 文本，可直接嵌入网页")
    png_data_uri: str = Field(description="data:image/png;base64,…，可作 <img src>")
    png_url: str = Field(description="PNG 下载链接（短时有效）")
    svg_url: str = Field(description="SVG 下载链接（短时有效）")
    expires_in: int = Field(description="下载链接的有效秒数")


class OpenedSurvey(Survey):
    qr: QrCode


class SurveyVersion(Answer):
    version: int
    created_at: str
    questions: list[StoredQuestion]


class PublicSurvey(Answer):
    """What a respondent's phone gets through the public link: the definition, nothing internal."""

    title: str
    introduction: str
    version: int
    questions: list[StoredQuestion]
    opens_at: str | None = None
    closes_at: str | None = None
    state: SurveyState
    accepting_responses: bool
    notice: str | None = Field(default=None, description="不接受填写时的说明")


class ResponseForm(Answer):
    """The body of POST /s/{token}/responses."""

    response_id: str = Field(description="客户端生成的 UUID；重复提交只计一次")
    version: int | None = Field(default=None, description="所答的题目版本；不填为当前版本")
    answers: dict[str, Any] = Field(description="题号 → 答案：单选为选项代码，多选为代码列表，是非题为 true/false")


class ResponseReceipt(Answer):
    response_id: str
    version: int
    submitted_at: str
    message: str


class OptionFigure(Answer):
    label: str
    count: int
    percent: Decimal = Field(description="占作答人数的百分比，保留一位小数")
    value: Any = None


class QuestionFigures(Answer):
    model_config = ConfigDict(extra="allow")

    question_id: str
    label: str
    type: QuestionType
    versions: list[int] = Field(description="合并统计的题目版本")
    current: bool = Field(description="是否为当前版本中的题目")
    responses: int
    answered: int
    skipped: int
    options: list[OptionFigure] | None = None
    distribution: list[OptionFigure] | None = None
    mean: Decimal | None = None
    answers: list[str] | None = None


class SurveyResults(Answer):
    survey_id: str
    title: str
    state: SurveyState
    responses: int
    version: int
    questions: list[QuestionFigures]
