"""The rows of a summary's tables: each type's figures, each visit target's, each kind of 优待金's."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.core.catalogue import (
    ACTIVITY_TYPE_BY_CODE,
    ACTIVITY_TYPES,
    BENEFICIARY_TARGETS,
    PREFERENTIAL_CATEGORIES,
    VISIT_TARGETS,
    FigureKind,
)
from chalicelib.core.money import to_yuan
from chalicelib.summaries.parts import FigureRow, PreferentialRow, TargetRow, TypeRow


def in_catalogue_order(by_type: dict[str, Tally]) -> list[tuple[str, Tally]]:
    return [(a.code, by_type[a.code]) for a in ACTIVITY_TYPES if a.code in by_type]


def figure_rows(code: str, tally: Tally) -> list[FigureRow]:
    rows: list[FigureRow] = []
    for figure in ACTIVITY_TYPE_BY_CODE[code].figures:
        raw = tally.figure(figure.code)
        value: int | Decimal = to_yuan(raw) if figure.kind is FigureKind.MONEY else raw
        rows.append(
            {"code": figure.code, "label": figure.label, "unit": figure.unit, "kind": figure.kind.value, "value": value}
        )
    return rows


def type_row(code: str, tally: Tally) -> TypeRow:
    return {
        "activity_type": code,
        "label": ACTIVITY_TYPE_BY_CODE[code].label,
        "reports": tally.reports,
        "participants": tally.participants,
        "reports_late": tally.late,
        "figures": figure_rows(code, tally),
    }


def preferential_row(category: str, target: str | None, tally: Tally) -> PreferentialRow:
    return {
        "category": category,
        "label": PREFERENTIAL_CATEGORIES[category],
        "target": target,
        "target_label": VISIT_TARGETS[target] if target else None,
        "reports": tally.reports,
        "beneficiaries": tally.figure("beneficiaries"),
        "households": tally.figure("households"),
        "amount_yuan": to_yuan(tally.figure("amount_yuan")),
    }


def target_row(code: str, tally: Tally) -> TargetRow:
    return {
        "target": code,
        "label": VISIT_TARGETS[code],
        "beneficiary": code in BENEFICIARY_TARGETS,
        "reports": tally.reports,
        "households": tally.figure("households"),
        "persons": tally.figure("persons"),
        "funds_yuan": to_yuan(tally.figure("funds_yuan")),
        "goods_yuan": to_yuan(tally.figure("goods_yuan")),
    }


@dataclass
class Tally:
    """Counts and sums of a group of reports; figures by code, money in fen."""

    reports: int = 0
    participants: int = 0
    late: int = 0
    figures: dict[str, int] = field(default_factory=dict)

    def add(self, participants: int, late: bool, values: dict[str, int]) -> None:
        self.reports += 1
        self.participants += participants
        self.late += late
        for code, value in values.items():
            self.figures[code] = self.figures.get(code, 0) + value

    def figure(self, code: str) -> int:
        return self.figures.get(code, 0)
