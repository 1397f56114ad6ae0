"""优抚 money as the 情况汇报 writes it, kind by kind: 报销医疗费, 优待金 with 优待面 and 户均, 抚恤补助,
and the kinds it counts (入学优待, 缓减免诉讼费, 住房困难)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.core.money import plain_number, to_fen, wan_text
from chalicelib.reports.warnings import coverage_share
from chalicelib.summaries.parts import (
    Figures,
    PreferentialRow,
)


def preferential_text(summary: Figures) -> str:
    """优抚 money kind by kind, as the county writes each: "为伤残军人报销医疗费1.2万元；支付优待金86.5万元，
    优待面达100%，户均2,100元；为12名牺牲病故军人家属办理抚恤补助3.6万元". Reports stored before categories
    (or filed as 其他) keep the old lump clause. "" when there is nothing to say by kind."""
    rows = summary.get("preferential") or []
    clauses = []
    for category in dict.fromkeys(r["category"] for r in rows):
        clause = _PREFERENTIAL_CLAUSES[category]([r for r in rows if r["category"] == category], summary)
        if clause:
            clauses.append(clause)
    return "；".join(clauses)


def _whom(row: PreferentialRow, default: str = "") -> str:
    return f"为{row['target_label']}" if row["target_label"] else default


def _medical(rows: list[PreferentialRow], summary: Figures) -> str:
    """ "为伤残军人报销医疗费1.2万元，为军队离退休干部报销医疗费0.8万元" (by whom it was paid for)."""
    return "，".join(
        f"{_whom(r)}报销医疗费{wan_text(to_fen(r['amount_yuan']))}"
        + (f"（{r['beneficiaries']}人）" if r["beneficiaries"] else "")
        for r in rows
        if r["amount_yuan"]
    )


def _allowance(rows: list[PreferentialRow], summary: Figures) -> str:
    """ "支付优待金86.5万元，优待面达100%，户均2,100元". 优待面: households paid ÷ the profile's entitled households,
    rounded down to one decimal (so 100% means every entitled household was paid); 户均: the amount ÷ households
    paid, to the whole yuan, half up, as the county writes it. Either is left out when its facts are unknown."""
    fen = sum(to_fen(r["amount_yuan"]) for r in rows)
    households = sum(r["households"] for r in rows)
    if not fen:
        return ""
    clauses = [f"支付优待金{wan_text(fen)}"]
    profile = summary.get("profile")
    entitled = profile.get("allowance_households") if profile else None
    if households and entitled:
        clauses.append(f"优待面达{plain_number(coverage_share(households, entitled))}%")
    if households:
        average = (Decimal(fen) / 100 / households).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        clauses.append(f"户均{int(average):,}元")
    return "，".join(clauses)


def _pension(rows: list[PreferentialRow], summary: Figures) -> str:
    """ "为12名牺牲病故军人家属办理抚恤补助3.6万元" (烈属); others by whom they went to."""
    clauses = []
    for r in rows:
        money = wan_text(to_fen(r["amount_yuan"])) if r["amount_yuan"] else ""
        if r["target"] == "martyr_families" and r["beneficiaries"]:
            clauses.append(f"为{r['beneficiaries']}名牺牲病故军人家属办理抚恤补助{money}")
        elif r["beneficiaries"] or money:
            whom = f"为{r['beneficiaries']}名{r['target_label'] or '优抚对象'}" if r["beneficiaries"] else _whom(r)
            clauses.append(f"{whom}发放抚恤补助{money}")
    return "，".join(clauses)


def _counted(phrase: str) -> Callable[[list[PreferentialRow], Figures], str]:
    """A kind read out as "{phrase}N人（户）X万元": 子女入学优待, 诉讼费缓减免, 住房."""

    def clause(rows: list[PreferentialRow], summary: Figures) -> str:
        persons, households = sum(r["beneficiaries"] for r in rows), sum(r["households"] for r in rows)
        fen = sum(to_fen(r["amount_yuan"]) for r in rows)
        counted = [f"{persons}人"] if persons else []
        counted += [f"{households}户"] if households else []
        money = [f"涉及金额{wan_text(fen)}"] if fen else []
        return (
            phrase + "、".join(counted) + ("，" if counted and money else "") + "，".join(money)
            if counted or money
            else ""
        )

    return clause


def _lump(rows: list[PreferentialRow], summary: Figures) -> str:
    """Other 优抚 (and reports stored before categories): "落实其他优抚政策3项，受益40人，涉及金额2万元"."""
    reports, persons = sum(r["reports"] for r in rows), sum(r["beneficiaries"] for r in rows)
    fen = sum(to_fen(r["amount_yuan"]) for r in rows)
    words = "落实其他优抚政策" if len(summary.get("preferential") or []) > len(rows) else "落实优抚政策"
    clauses = [f"{words}{reports}项"]
    clauses += [f"受益{persons}人"] if persons else []
    clauses += [f"涉及金额{wan_text(fen)}"] if fen else []
    return "，".join(clauses)


_PREFERENTIAL_CLAUSES: dict[str, Callable[[list[PreferentialRow], Figures], str]] = {
    "medical": _medical,
    "allowance": _allowance,
    "pension": _pension,
    "education": _counted("落实军人子女入学优待"),
    "litigation": _counted("为军人军属缓减免诉讼费"),
    "housing": _counted("解决优抚对象住房困难"),
    "other": _lump,
}
