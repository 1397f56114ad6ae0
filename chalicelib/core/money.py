"""Figures as the county writes them: exact money in fen, 万元 with at most two decimals.

Money is added in fen (whole numbers) and turned back into Decimal yuan only to
be shown, so that 62,000 + 1,500 + … is exactly 203,900 yuan, written
"20.39万元" (DOMAIN.md, "How figures are written").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
WAN = Decimal(10000)


class InexactMoney(ValueError):
    """A stored amount has more than two decimals, or is not a number: it cannot be added in fen."""


def stored_number(value: Decimal) -> int | Decimal:
    """A number as the table gives it back: a whole number as int, else without trailing zeros or exponent.

    Answers built from a form's values go through it too, so a 201 says 100 where GET says 100 (not 1E+2)."""
    if value == value.to_integral_value():
        return int(value)
    return Decimal(format(value.normalize(), "f"))


def to_fen(value: Any) -> int:
    """Yuan (int or Decimal, never float) as a whole number of fen."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InexactMoney(f"金额 {value!r} 不是数字")
    fen = Decimal(value) * 100
    if fen != fen.to_integral_value():
        raise InexactMoney(f"金额 {value} 超过两位小数")
    return int(fen)


def to_yuan(fen: int) -> Decimal:
    """Fen as Decimal yuan with two decimals: 20390000 → Decimal("203900.00")."""
    return (Decimal(fen) / 100).quantize(CENT)


def plain_number(value: Decimal) -> str:
    """A Decimal without trailing zeros or exponent: 6.20 → "6.2", 7.00 → "7", 10.00 → "10"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def wan_text(fen: int) -> str:
    """An amount in 万元 with at most two decimals: 6,200,000 fen → "6.2万元", 20,390,000 fen → "20.39万元".

    An amount too small to show in 万元 (under 50 yuan) is written exactly in 元."""
    wan = (Decimal(fen) / 100 / WAN).quantize(CENT, rounding=ROUND_HALF_UP)
    if wan == 0 and fen != 0:
        return yuan_text(fen)
    return f"{plain_number(wan)}万元"


def yuan_text(fen: int) -> str:
    """An exact amount in 元: 150000 fen → "1500元", 1050 → "10.5元"."""
    return f"{plain_number(to_yuan(fen))}元"
