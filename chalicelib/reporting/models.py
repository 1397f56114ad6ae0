"""The year at a glance: each unit's standing in each month, and each month's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from chalicelib.core.models import Answer

BoardState = Literal["reported", "late", "nil", "returned", "missing", "not_due", "not_expected"]


class UnitYear(Answer):
    unit_id: str
    name: str
    months: dict[str, BoardState] = Field(
        description=(
            "每月（年-月）的报送情况：reported 按时报送；late 截止日后才报送（活动报告或本月无活动）；nil 本月无活动；"
            "returned 报告均被退回修改；missing 缺报；not_due 尚未到截止日；not_expected 该月不需报送"
        )
    )


class MonthFigures(Answer):
    month: str
    reports: int = Field(description="汇总计入的活动报告数，与该月汇总一致")
    participants: int = Field(description="参加人数")
    funds_yuan: Decimal = Field(description="走访慰问资金（元）")


class YearBoard(Answer):
    """GET /reporting/{year}: units down, months across."""

    year: int
    units: list[UnitYear]
    months: list[MonthFigures]
