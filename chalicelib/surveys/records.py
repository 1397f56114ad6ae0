"""The records a survey keeps and hands on, as typed dicts: the stored survey, its questions and frozen
versions, a response (see db/surveys.py for how they are stored), and the answers built from them.

The API's models (models.py) describe the same answers for the OpenAPI document; these are what the code
passes around, so that every key it reads or writes is checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NotRequired

from typing_extensions import TypedDict  # the answers' models read them: pydantic wants this one before 3.12

QuestionType = Literal["single_choice", "multiple_choice", "text", "number", "rating", "yes_no", "date"]
SurveyState = Literal["draft", "scheduled", "open", "closed"]
SurveyStatus = Literal["draft", "open", "closed"]  # as stored; scheduled and closed by time are read from it
# An answer as stored (answers.py normalises it): a choice's code (text, a date as ISO text), a multiple
# choice's codes, a number or a rating (whole numbers as int), yes or no.
AnswerValue = str | list[str] | int | Decimal | bool


# --- stored -------------------------------------------------------------------------------


class OptionRecord(TypedDict):
    """One option of a choice question: the code its answers use, and its wording."""

    value: str
    label: str


class QuestionRecord(TypedDict):
    """A question as stored and served: the settings of its type only (see models.stored_question)."""

    id: str
    type: QuestionType
    label: str
    description: str
    required: bool
    options: NotRequired[list[OptionRecord]]  # single and multiple choice
    min_selections: NotRequired[int]  # multiple choice
    max_selections: NotRequired[int]
    max_length: NotRequired[int]  # text
    min: NotRequired[int | Decimal | None]  # number
    max: NotRequired[int | Decimal | None]
    integer: NotRequired[bool]
    unit: NotRequired[str]
    min_date: NotRequired[str | None]  # date
    max_date: NotRequired[str | None]
    low_label: NotRequired[str]  # rating
    high_label: NotRequired[str]


class SurveyDefinition(TypedDict):
    """What a survey's author sets: the definition part of a stored survey."""

    title: str
    introduction: str
    report_id: str | None
    opens_at: str | None
    closes_at: str | None
    max_responses: int | None
    questions: list[QuestionRecord]


class SurveyRecord(TypedDict):
    """A stored survey: its owner, its definition, its state, its public link and its revision."""

    survey_id: str
    unit_id: str | None  # None: a county-wide survey
    title: str
    introduction: str
    report_id: str | None
    opens_at: str | None
    closes_at: str | None
    max_responses: NotRequired[int | None]  # surveys stored before the limit have none
    questions: list[QuestionRecord]
    status: SurveyStatus
    version: int
    revision: int
    token: str | None
    opened_at: str | None
    closed_at: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class VersionRecord(TypedDict):
    """A frozen version of a survey's questions, stored beside the survey once it is opened."""

    version: int
    questions: list[QuestionRecord]
    created_at: str


class ResponseRecord(TypedDict):
    """One anonymous response: its client-made id, the version it answered, its answers, the minute it came."""

    response_id: str
    version: int
    answers: dict[str, AnswerValue]  # question id → answer
    submitted_at: str


# --- answered -----------------------------------------------------------------------------


class ShownSurvey(TypedDict):
    """A survey as the office or its unit sees it: its summary, state and link (its questions but in lists)."""

    survey_id: str
    unit_id: str | None
    title: str
    introduction: str
    report_id: str | None
    opens_at: str | None
    closes_at: str | None
    max_responses: int | None
    version: int
    opened_at: str | None
    closed_at: str | None
    revision: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    state: SurveyState
    accepting_responses: bool
    link: str | None
    responses: int
    question_count: int
    questions: NotRequired[list[QuestionRecord]]


class QrLinks(TypedDict):
    """A survey link's QR code: inline (SVG text, PNG data URI) and as short-lived downloads."""

    link: str
    svg: str
    png_data_uri: str
    png_url: str
    svg_url: str
    expires_in: int


class OpenedSurvey(ShownSurvey):
    """A survey just opened, with its public link's QR code."""

    qr: QrLinks


class EndedSurvey(TypedDict):
    """A survey that ended in a month, as the monthly summary lists it."""

    survey_id: str
    title: str
    unit_id: str | None
    closed_at: str | None
    responses: int


class PublicDefinition(TypedDict):
    """A survey as a respondent's phone gets it through the public link: nothing internal."""

    title: str
    introduction: str
    version: int
    questions: list[QuestionRecord]
    opens_at: str | None
    closes_at: str | None
    state: SurveyState
    accepting_responses: bool
    notice: str | None


class Receipt(TypedDict):
    """What a respondent gets back for a stored response."""

    response_id: str
    version: int
    submitted_at: str
    message: str


# --- results ------------------------------------------------------------------------------


class ResultRow(TypedDict):
    """One row of a question's figures (an option, a score, a value or a range): its count and share."""

    label: str
    count: int
    percent: Decimal
    value: str | bool | int | Decimal | None  # the option's code, yes or no, the score or value; None: a range


class NumberFigures(TypedDict):
    """A number question's figures: mean, least, greatest, median and distribution."""

    mean: Decimal | None
    min: int | Decimal | None
    max: int | Decimal | None
    median: int | Decimal | None
    distribution: list[ResultRow]


class DateFigures(TypedDict):
    """A date question's figures: its earliest and latest answer, and the days (or months) answered."""

    earliest: str | None
    latest: str | None
    distribution: list[ResultRow]


class QuestionTally(TypedDict):
    """One question's figures, counted over the versions in which it stayed the same question."""

    question_id: str
    label: str
    type: QuestionType
    versions: list[int]
    current: bool
    responses: int
    answered: int
    skipped: int
    options: NotRequired[list[ResultRow]]  # choices, yes or no
    distribution: NotRequired[list[ResultRow]]  # ratings, numbers, dates
    mean: NotRequired[Decimal | None]  # ratings, numbers
    min: NotRequired[int | Decimal | None]  # numbers
    max: NotRequired[int | Decimal | None]
    median: NotRequired[int | Decimal | None]
    earliest: NotRequired[str | None]  # dates
    latest: NotRequired[str | None]
    answers: NotRequired[list[str]]  # text
    more_answers: NotRequired[int]


class ResultFigures(TypedDict):
    """The figures of every question, with how many responses they were counted from."""

    responses: int
    questions: list[QuestionTally]


class SurveyTally(ResultFigures):
    """A survey's results as answered and exported: its figures, with its title, state and version."""

    survey_id: str
    title: str
    state: SurveyState
    version: int


class SurveyRun(TypedDict):
    """A survey opened in the year, and its responses so far."""

    survey_id: str
    title: str
    unit_id: str | None
    opened_at: str
    closed_at: str | None
    responses: int
