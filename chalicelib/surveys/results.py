"""From a survey's responses to its figures: one pass over the responses, plain data in and out.

Versions: answers to a question are counted together across versions while the
question keeps its id, its type and its option codes; its wording, limits and
whether it is required may change (the latest wording is shown). A question
whose type or options changed, or that was removed, keeps its earlier answers
in a block of their own (`current` false), so no answer is ever dropped or
mixed with answers to a different question.

Figures: per option, the count and its percentage of the respondents who
answered the question (a multiple choice's percentages can add up to more than
100); ratings and numbers have their mean (two decimals) and distribution;
numbers also min, max and median; dates their earliest and latest; text the
answers themselves. Percentages have one decimal, rounded half up. Exact
Decimal arithmetic throughout.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.surveys.models import CHOICE_TYPES, RATING_SCALE
from chalicelib.surveys.records import (
    DateFigures,
    NumberFigures,
    QuestionRecord,
    QuestionTally,
    ResponseRecord,
    ResultFigures,
    ResultRow,
)

DISCRETE_LIMIT = 20  # more distinct numbers or dates than this are grouped (10 ranges, or months)
NUMBER_BINS = 10
YES_NO = ((True, "是"), (False, "否"))


def identity(question: QuestionRecord) -> str:
    """What must stay the same for answers to be counted together across versions."""
    codes = [option["value"] for option in question.get("options", [])]
    return json.dumps([question["id"], question["type"], codes], ensure_ascii=False)


@dataclass
class TextLimit:
    """How many text answers the figures list: per question, and characters over all questions."""

    per_question: int
    characters: int

    def take(self, texts: list[str]) -> list[str]:
        shown = []
        for text in texts[: self.per_question]:
            if len(text) > self.characters:
                break
            self.characters -= len(text)
            shown.append(text)
        return shown


@dataclass
class Block:
    question: QuestionRecord
    versions: list[int]
    current: bool
    responses: int = 0
    values: Counter[Any] = field(default_factory=Counter)
    texts: list[str] = field(default_factory=list)
    answered: int = 0

    def add(self, value: Any) -> None:
        self.answered += 1
        if self.question["type"] == "text":
            self.texts.append(value)
        elif self.question["type"] == "multiple_choice":
            self.values.update(value)
        else:
            self.values[value] += 1


def tally(
    versions: dict[int, list[QuestionRecord]],
    current: int,
    responses: Iterable[ResponseRecord],
    text_limit: TextLimit | None = None,
) -> ResultFigures:
    """{responses, questions: [figures]} from every version's questions and the responses, streamed once."""
    blocks: dict[str, Block] = {}
    of_version: dict[tuple[int, str], Block] = {}
    for version in sorted(versions, key=lambda v: (v != current, -v)):
        for question in versions[version]:
            block = blocks.setdefault(identity(question), Block(question, [], version == current))
            block.versions.append(version)
            of_version[(version, question["id"])] = block
    per_version: Counter[int] = Counter()
    for response in responses:
        per_version[response["version"]] += 1
        for question_id, value in response["answers"].items():
            found = of_version.get((response["version"], question_id))
            if found is not None:
                found.add(value)
    figures: list[QuestionTally] = []
    text_limit = replace(text_limit) if text_limit else None  # spent as the answers are listed
    for block in blocks.values():
        block.versions.sort()
        block.responses = sum(per_version[v] for v in block.versions)
        figures.append(_figures(block, text_limit))
    return {"responses": sum(per_version.values()), "questions": figures}


def percent(count: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(count * 100) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _mean(total: Decimal, count: int) -> Decimal | None:
    return (total / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if count else None


def _row(label: str, count: int, whole: int, value: str | bool | int | Decimal | None = None) -> ResultRow:
    return {"label": label, "count": count, "percent": percent(count, whole), "value": value}


def _figures(block: Block, text_limit: TextLimit | None) -> QuestionTally:
    question, answered = block.question, block.answered
    kind = question["type"]
    figures: QuestionTally = {
        "question_id": question["id"],
        "label": question["label"],
        "type": kind,
        "versions": block.versions,
        "current": block.current,
        "responses": block.responses,
        "answered": answered,
        "skipped": block.responses - answered,
    }
    counts = block.values
    if kind in CHOICE_TYPES:
        figures["options"] = [_row(o["label"], counts[o["value"]], answered, o["value"]) for o in question["options"]]
    elif kind == "yes_no":
        figures["options"] = [_row(label, counts[value], answered, value) for value, label in YES_NO]
    elif kind == "rating":
        figures["mean"] = _mean(sum((Decimal(v) * n for v, n in counts.items()), Decimal(0)), answered)
        figures["distribution"] = [_row(f"{score}分", counts[score], answered, score) for score in RATING_SCALE]
    elif kind == "number":
        figures.update(_number_figures(counts, answered))
    elif kind == "date":
        figures.update(_date_figures(counts, answered))
    else:
        shown = block.texts if text_limit is None else text_limit.take(block.texts)
        figures["answers"] = shown
        figures["more_answers"] = len(block.texts) - len(shown)
    return figures


def _number_text(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize(), "f")


def _number_figures(counts: Counter[Any], answered: int) -> NumberFigures:
    if not answered:
        return {"mean": None, "min": None, "max": None, "median": None, "distribution": []}
    values = sorted(counts)
    total = sum((Decimal(v) * n for v, n in counts.items()), Decimal(0))
    least, most = Decimal(values[0]), Decimal(values[-1])
    if len(values) <= DISCRETE_LIMIT:
        distribution = [_row(_number_text(Decimal(v)), counts[v], answered, v) for v in values]
    else:
        width = (most - least) / NUMBER_BINS
        bins: Counter[int] = Counter()
        for value, n in counts.items():
            bins[min(int((Decimal(value) - least) / width), NUMBER_BINS - 1)] += n
        distribution = [
            _row(f"{_number_text(least + width * i)}–{_number_text(least + width * (i + 1))}", bins[i], answered)
            for i in range(NUMBER_BINS)
        ]
    return {
        "mean": _mean(total, answered),
        "min": values[0],
        "max": values[-1],
        "median": _median(counts, answered),
        "distribution": distribution,
    }


def _median(counts: Counter[Any], answered: int) -> int | Decimal:
    """The middle value (or the mean of the two middle values), walking the sorted counts."""
    wanted = {(answered - 1) // 2, answered // 2}
    picked: list[Decimal] = []
    seen = 0
    for value in sorted(counts):
        positions = range(seen, seen + counts[value])
        picked.extend(Decimal(value) for position in wanted if position in positions)
        seen += counts[value]
    middle = sum(picked, Decimal(0)) / len(picked)
    return int(middle) if middle == middle.to_integral_value() else middle


def _date_figures(counts: Counter[Any], answered: int) -> DateFigures:
    days = sorted(counts)
    if len(days) <= DISCRETE_LIMIT:
        distribution = [_row(day, counts[day], answered, day) for day in days]
    else:
        months: Counter[str] = Counter()
        for day, n in counts.items():
            months[day[:7]] += n
        distribution = [_row(month, months[month], answered, month) for month in sorted(months)]
    return {"earliest": days[0] if days else None, "latest": days[-1] if days else None, "distribution": distribution}
