"""Warning rules, like DHIS2's validation rules: figures that are possible but look wrong. A warning never
refuses a report (the refusals, such as 审结 over 受理, stay in models.py); it tells the reporter and the
reviewer what to check, and the summaries list it for the office (summaries/quality.py).

The rules are data: one table (`RULES`) of codes, severities, fields, Chinese messages and predicates. A rule
that needs only the report says its predicate as comparisons of its figures (`when`), so the report page
evaluates the very same table offline (served with the form's schema, `page_rules`); a rule that needs the
county's context (the year's profile, the linked agreement, the county's own history) has a Python predicate
(`judge`) over `County`, judged where that context is read: GET /reports/{id} and the compile.

The history is what the compiles of the last twelve months kept (`norms`: of each counted visit group's amount
per household and per person by target, and of each report's participants by unit, how many fell in each
logarithmic bucket), so judging it reads the months' summary records, not their reports. A month keeps counts,
not values: its record stays small whatever the month's size (DynamoDB holds an item to 400 KB), and the median
is known to within its bucket (≈12% wide), enough for a ten-times rule.
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import Any, Literal

from typing_extensions import TypedDict

from chalicelib.core.catalogue import VISIT_TARGETS
from chalicelib.core.money import plain_number

Severity = Literal["high", "medium"]
Needs = Literal["report", "profile", "agreement", "history"]
Op = Literal["<", ">", "=="]
OPS: dict[str, Callable[[Any, Any], bool]] = {"<": operator.lt, ">": operator.gt, "==": operator.eq}
FAR = 10  # "far outside the county's own history": over ten times its median …
HISTORY_MONTHS = 12  # … of the compiled months of the last year …
HISTORY_REPORTS = 5  # … given five reports or more
CENT = Decimal("0.01")
BUCKETS_PER_DECADE = 20  # a bucket's top is 10^(1/20) ≈ 1.12 times its bottom
ZERO = -41  # amounts are in fen, counts whole: nothing lies between 0 and 0.01, so the bucket below 0.01 holds 0
GAP = 3  # a histogram's text starts a new run after more empty buckets than this
TARGET_LABELS = dict(VISIT_TARGETS)


class WarningRecord(TypedDict):
    """A rule that holds for a report: which, how serious, the field it is about, and what to check."""

    code: str
    severity: Severity
    field: str
    message: str


class Norms(TypedDict):
    """What a month's compile keeps of its counted reports, the history later reports are judged against: for each
    key, the histogram of its values as text (`histogram_text`)."""

    per_household: dict[str, str]  # visit target → its groups' money per household, yuan
    per_person: dict[str, str]  # visit target → its groups' money per person, yuan
    participants: dict[str, str]  # unit → its reports' participants


@dataclass(frozen=True)
class Compare:
    """A comparison of two figures of the report (or of one visit group), or of a figure with a number."""

    figure: str
    op: Op
    other: str | None = None
    value: int | None = None

    def holds(self, figures: Mapping[str, Any]) -> bool:
        left = number(figures.get(self.figure))
        right = number(figures.get(self.other)) if self.other else Decimal(self.value or 0)
        return left is not None and right is not None and OPS[self.op](left, right)


def number(value: Any) -> Decimal | None:
    """A figure as the rules compare it: absent is 0; what is not a number (a report stored before the forms
    checked its figures) is None, and no rule holds on it."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(value)


def bucket(value: Decimal | int) -> int:
    """The logarithmic bucket a value ≥ 0 falls in: bucket b holds [10^(b/20), 10^((b+1)/20)); ZERO holds 0."""
    if value < CENT:
        return ZERO
    return math.floor(BUCKETS_PER_DECADE * math.log10(value))  # a float's: ten times faster than Decimal's


def middle(index: int) -> Decimal:
    """The value a bucket stands for: its geometric middle, within ≈6% of every value in it (ZERO: 0)."""
    return Decimal(0) if index == ZERO else Decimal(10) ** (Decimal(2 * index + 1) / (2 * BUCKETS_PER_DECADE))


def histogram(values: Iterable[Decimal | int]) -> Counter[int]:
    """How many of the values fall in each bucket."""
    return Counter(bucket(value) for value in values)


def histogram_text(counts: Counter[int]) -> str:
    """A histogram as a month's record keeps it: runs of neighbouring buckets, "first:count,count,,count" (an
    empty bucket blank), separated by spaces: "-41:2 20:3,,1" is two zeros, three values in bucket 20, one in 22."""
    runs: list[list[int]] = []
    for index in sorted(i for i in counts if counts[i]):
        if runs and index - runs[-1][-1] <= GAP + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return " ".join(f"{run[0]}:" + ",".join(str(counts[i] or "") for i in range(run[0], run[-1] + 1)) for run in runs)


def histogram_of(kept: str | list[Any]) -> Counter[int]:
    """A histogram from a month's record; a record kept before the histograms holds the values themselves."""
    if isinstance(kept, list):
        return histogram(kept)
    counts: Counter[int] = Counter()
    for run in kept.split():
        first, _, line = run.partition(":")
        counts.update({int(first) + i: int(count) for i, count in enumerate(line.split(",")) if count})
    return counts


def usual(counts: Counter[int]) -> Decimal | None:
    """The median of enough values (HISTORY_REPORTS), else None: too little history to judge by. The middle value
    (the mean of the two middle ones) is known by its bucket, and stands for its bucket's middle."""
    total = counts.total()
    if total < HISTORY_REPORTS:
        return None
    order = sorted(counts)
    below = list(accumulate(counts[i] for i in order))  # how many values lie in each bucket or before it
    low, high = (order[bisect_right(below, rank)] for rank in ((total - 1) // 2, total // 2))
    return (middle(low) + middle(high)) / 2


KINDS = ("per_household", "per_person", "participants")


@dataclass
class History:
    """The county's own usual amounts and counts, from the compiled months of the last year (or what a month's
    counted reports add to it): for each key, a histogram."""

    per_household: dict[str, Counter[int]] = field(default_factory=dict)
    per_person: dict[str, Counter[int]] = field(default_factory=dict)
    participants: dict[str, Counter[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, kept: Iterable[Norms | None]) -> History:
        """Several months' norms as one: the histograms of each key added up."""
        history = cls()
        for norms in filter(None, kept):
            for kind in KINDS:
                for key, text in norms.get(kind, {}).items():  # type: ignore[attr-defined]
                    history._counts(kind, key).update(histogram_of(text))
        return history

    def _counts(self, kind: str, key: str) -> Counter[int]:
        by_key: dict[str, Counter[int]] = getattr(self, kind)
        return by_key.setdefault(key, Counter())

    def add(self, report: Mapping[str, Any]) -> None:
        """What a counted report adds: its visit groups' money per household and per person by target, its
        participants by unit."""
        participants = number(report.get("participants"))
        if participants is not None:
            self._counts("participants", str(report.get("unit_id")))[bucket(participants)] += 1
        if report.get("activity_type") == "visit":
            for _, figures in _lines(report):
                for kind, count in (("per_household", "households"), ("per_person", "persons")):
                    amount = _per(figures, count)
                    if amount is not None:
                        self._counts(kind, str(figures.get("target")))[bucket(amount)] += 1

    def kept(self) -> Norms:
        """The histograms as a month's record keeps them."""
        return {  # type: ignore[return-value]
            kind: {key: histogram_text(counts) for key, counts in getattr(self, kind).items()} for kind in KINDS
        }


@dataclass(frozen=True)
class County:
    """What a report's context rules read: the year's profile, the agreement it names, the county's history."""

    profile: Mapping[str, Any] | None = None
    agreement: Mapping[str, Any] | None = None
    history: History = field(default_factory=History)


Judge = Callable[[Mapping[str, Any], Mapping[str, Any], County], dict[str, Any] | None]


@dataclass(frozen=True)
class Rule:
    """One warning rule. `field` names a figure of the metrics (metrics.<figure>, or in a visit group
    metrics.groups.N.<figure>) or a field of the report; `message` takes the report's figures and what
    the rule found, by name. A report rule holds when every comparison of `when` does; a context rule when
    `judge` answers the message's values."""

    code: str
    severity: Severity
    activity_type: str | None
    field: str
    needs: Needs
    description: str  # the README's table: what the rule looks for
    message: str
    when: tuple[Compare, ...] = ()
    judge: Judge | None = None

    @property
    def in_metrics(self) -> bool:
        return self.field.startswith("metrics.")


def _per(figures: Mapping[str, Any], count: str) -> Decimal | None:
    """The group's money (慰问金 and 慰问品折款) per household or per person, to the fen; None without either."""
    funds, goods, many = (number(figures.get(name)) for name in ("funds_yuan", "goods_yuan", count))
    if funds is None or goods is None or not many or not funds + goods:
        return None
    return ((funds + goods) / many).quantize(CENT, ROUND_HALF_UP)


def _yuan(amount: Decimal) -> str:
    return plain_number(amount.quantize(CENT, ROUND_HALF_UP))


def _about(value: Decimal) -> str:
    """A median known to within its bucket, in two significant figures (said with 约): 298.54 → "300"."""
    return plain_number(value.quantize(Decimal(1).scaleb(value.adjusted() - 1), ROUND_HALF_UP)) if value else "0"


def _far_above(kind: Literal["per_household", "per_person"], count: str) -> Judge:
    def judge(report: Mapping[str, Any], figures: Mapping[str, Any], county: County) -> dict[str, Any] | None:
        amount, target = _per(figures, count), str(figures.get("target"))
        normal = usual(getattr(county.history, kind).get(target, Counter()))
        if amount is None or normal is None or amount <= FAR * normal:
            return None
        return {"amount": _yuan(amount), "median": _about(normal), "target_label": TARGET_LABELS.get(target, target)}

    return judge


def _allowance_over(report: Mapping[str, Any], figures: Mapping[str, Any], county: County) -> dict[str, Any] | None:
    """This report alone pays more households than the year's profile says are entitled (the compile adds up the
    period's reports: summaries/quality.py)."""
    entitled = (county.profile or {}).get("allowance_households")
    households = number(figures.get("households"))
    if figures.get("category") != "allowance" or not entitled or households is None or households <= entitled:
        return None
    return coverage(int(households), int(entitled), str(report["occurred_on"])[:4])


def coverage_share(paid: int, entitled: int) -> Decimal:
    """优待面 in percent: households paid ÷ households entitled, rounded down to one decimal (so 100% means every
    entitled household was paid)."""
    return (Decimal(paid) * 100 / entitled).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def coverage(households: int, entitled: int, year: str) -> dict[str, Any]:
    """The 优待面 message's values: households paid, households entitled, the share, the year."""
    share = plain_number(coverage_share(households, entitled))
    return {"households": households, "entitled": entitled, "share": share, "year": year}


def _outside_agreement(report: Mapping[str, Any], figures: Mapping[str, Any], county: County) -> dict[str, Any] | None:
    agreement = county.agreement
    if not agreement or agreement.get("agreement_id") != report.get("agreement_id"):
        return None
    day = str(report["occurred_on"])
    if agreement["valid_from"] <= day <= agreement["valid_to"]:
        return None
    return {"title": agreement["title"], "valid_from": agreement["valid_from"], "valid_to": agreement["valid_to"]}


def _participants_far_above(
    report: Mapping[str, Any], figures: Mapping[str, Any], county: County
) -> dict[str, Any] | None:
    normal = usual(county.history.participants.get(str(report.get("unit_id")), Counter()))
    participants = number(report.get("participants"))
    if normal is None or participants is None or participants <= FAR * normal:
        return None
    return {"median": _about(normal)}


RULES: tuple[Rule, ...] = (
    Rule(
        "visit_persons_below_households",
        "medium",
        "visit",
        "metrics.persons",
        "report",
        "走访慰问（或其中一类对象）填了慰问人数，且少于走访户数",
        "慰问人数（{persons}人）少于走访户数（{households}户），每户至少慰问一人，请核对是否填反或漏填",
        when=(Compare("persons", ">", value=0), Compare("persons", "<", other="households")),  # 0: not given
    ),
    Rule(
        "legal_aid_beneficiaries_below_cases",
        "medium",
        "legal_aid",
        "metrics.beneficiaries",
        "report",
        "法律援助填了受援人数，且少于受理援助案件数",
        "受援人数（{beneficiaries}人）少于受理援助案件（{cases}件），每件案件至少有一名受援人，请核对",
        when=(Compare("beneficiaries", ">", value=0), Compare("beneficiaries", "<", other="cases")),
    ),
    Rule(
        "allowance_coverage_over_100",
        "high",
        "preferential",
        "metrics.households",
        "profile",
        "发放优待金的户数多于本县当年基本情况中应享受优待金的户数（优待面超过100%）",
        "发放优待金{households}户，多于本县{year}年基本情况中应享受优待金的{entitled}户（优待面{share}%），"
        "请核对户数或本县基本情况",
        judge=_allowance_over,
    ),
    Rule(
        "visit_money_per_household_unusual",
        "medium",
        "visit",
        "metrics.funds_yuan",
        "history",
        "户均慰问金额（慰问金与慰问品折款）超过本县近一年同类对象户均金额中位数的10倍（至少5份报告时判断）",
        "户均慰问金额{amount}元，超过本县近一年走访{target_label}户均约{median}元（中位数）的10倍，请核对金额或户数",
        judge=_far_above("per_household", "households"),
    ),
    Rule(
        "visit_money_per_person_unusual",
        "medium",
        "visit",
        "metrics.funds_yuan",
        "history",
        "人均慰问金额超过本县近一年同类对象人均金额中位数的10倍（至少5份报告时判断）",
        "人均慰问金额{amount}元，超过本县近一年慰问{target_label}人均约{median}元（中位数）的10倍，请核对金额或人数",
        judge=_far_above("per_person", "persons"),
    ),
    Rule(
        "outside_agreement_validity",
        "high",
        None,
        "occurred_on",
        "agreement",
        "活动日期不在所属共建协议的有效期内",
        "活动日期{occurred_on}不在所属共建协议“{title}”的有效期（{valid_from}至{valid_to}）内，请核对日期或所属协议",
        judge=_outside_agreement,
    ),
    Rule(
        "participants_unusual",
        "medium",
        None,
        "participants",
        "history",
        "参加人数超过本单位近一年活动参加人数中位数的10倍（至少5份报告时判断）",
        "参加人数{participants}人，超过本单位近一年活动参加人数约{median}人（中位数）的10倍，请核对",
        judge=_participants_far_above,
    ),
)
RULE_BY_CODE = {rule.code: rule for rule in RULES}


def _lines(report: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The report's figures as the rules read them, with the prefix of their fields: the metrics, or each visit
    group's (its target and figures) when the visit went to several groups."""
    metrics = _mapping(report.get("metrics"))
    groups = metrics.get("groups")
    if isinstance(groups, list):
        for i, group in enumerate(groups):
            yield f"metrics.groups.{i}.", _mapping(group)
    else:
        yield "metrics.", metrics


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}  # a report stored before the forms checked its shape


def _found(rule: Rule, report: Mapping[str, Any], prefix: str, values: Mapping[str, Any]) -> WarningRecord:
    where = prefix + rule.field.removeprefix("metrics.") if rule.in_metrics else rule.field
    words = {"participants": report.get("participants"), "occurred_on": report.get("occurred_on"), **values}
    shown = {k: plain_number(v) if isinstance(v, Decimal) else v for k, v in words.items()}
    return {"code": rule.code, "severity": rule.severity, "field": where, "message": rule.message.format(**shown)}


def warnings_of(
    report: Mapping[str, Any], county: County | None = None, needs: tuple[Needs, ...] = ()
) -> list[WarningRecord]:
    """The warnings of a report (stored or as submitted): the report rules always, and those rules needing one of
    `needs` judged against `county`."""
    found: list[WarningRecord] = []
    for rule in RULES:
        if rule.activity_type not in (None, report.get("activity_type")):
            continue
        if rule.needs != "report" and (county is None or rule.needs not in needs):
            continue
        lines = list(_lines(report)) if rule.in_metrics else [("", _mapping(report.get("metrics")))]
        for prefix, figures in lines:
            if rule.judge is None:
                if all(compare.holds(figures) for compare in rule.when):
                    found.append(_found(rule, report, prefix, figures))
            elif county is not None and (values := rule.judge(report, figures, county)) is not None:
                found.append(_found(rule, report, prefix, {**figures, **values}))
    return found


def page_rules() -> list[dict[str, Any]]:
    """The report rules as the report page evaluates them offline (served with the form's schema): for a report
    of `activity_type`, on its metrics or on each visit group, every comparison of `when` holds; `message`
    takes the figures by name."""
    return [
        {
            "code": rule.code,
            "severity": rule.severity,
            "activity_type": rule.activity_type,
            "field": rule.field,
            "message": rule.message,
            "when": [
                {"figure": c.figure, "op": c.op, **({"other": c.other} if c.other else {"value": c.value})}
                for c in rule.when
            ],
        }
        for rule in RULES
        if rule.needs == "report"
    ]
