"""The parts of a period's summary that every period has (a month, a year, days of a year): its figures, who
reported, the review, the units, the co-building agreements, its words. Plain dicts at runtime, typed: see
document.py for the summary they make up, year_parts.py for what only a year adds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, NotRequired

from typing_extensions import TypedDict  # pydantic reads TypedDicts from typing_extensions before Python 3.12

from chalicelib.profile.records import ProfileRecord

# A unit's standing in a period: pending is 未报（未到期）, filed nothing before the deadline; not_expected is
# 不需报送 (registered after the month, or not reporting); none: days that are not a month, no report in them.
UnitStatus = Literal["reported", "nil", "missing", "pending", "not_expected", "none"]


# --- the figures that add up over any period (tally.py `MonthTally.figures`) ----------------------------------


class Totals(TypedDict):
    """The period's reports counted: how many, on time or late, how many took part, how many units reported."""

    reports: int
    participants: int
    reports_on_time: int
    reports_late: int
    units_reporting: int


class FigureRow(TypedDict):
    """One figure of an activity type (走访户数, 慰问金 …) added up over the period: count, or money in yuan."""

    code: str
    label: str
    unit: str
    kind: str
    value: int | Decimal


class TypeRow(TypedDict):
    """One activity type's reports, participants, late reports and figures (分类型)."""

    activity_type: str
    label: str
    reports: int
    participants: int
    reports_late: int
    figures: list[FigureRow]


class TargetRow(TypedDict):
    """One kind of visit target (驻军, 烈属 …): its visits, households, persons, funds and goods."""

    target: str
    label: str
    beneficiary: bool
    reports: int
    households: int
    persons: int
    funds_yuan: Decimal
    goods_yuan: Decimal


class Headline(TypedDict):
    """The blanks of the 情况汇报 sentences: 座谈会, 走访驻军, 走访优抚对象, 走访慰问资金."""

    symposiums: int
    symposium_beneficiaries: int
    troop_visits: int
    beneficiary_households: int
    beneficiary_repeat_visits: bool
    beneficiary_persons_only: int
    visit_funds_yuan: Decimal
    visit_funds_text: str
    visit_goods_yuan: Decimal


class PreferentialRow(TypedDict):
    """The 优抚 reports of one category (优待金, 医疗费 …) and, where given, one kind of beneficiary."""

    category: str
    label: str
    target: str | None
    target_label: str | None
    reports: int
    beneficiaries: int
    households: int
    amount_yuan: Decimal


class OrganisationRow(TypedDict):
    """The 组织领导 reports of one kind (领导小组会议, 军地联席会议 …) and the meetings they held."""

    kind: str
    label: str
    reports: int
    meetings: int


class HonourRow(TypedDict):
    """An honour (表彰奖励) a report of the period tells of."""

    report_id: str
    unit_id: str
    occurred_on: str
    level: str
    level_label: str
    honour: str
    recipient: str


class MilitaryCases(TypedDict):
    """处理涉军案件 as one figure with its parts: legal aid cases, mediated disputes, the courts' cases."""

    legal_aid: int
    mediation: int
    court: int


class Figures(TypedDict):
    """The figures that add up over any period or any unit's reports; the words are written from them."""

    totals: Totals
    by_type: list[TypeRow]
    by_target: list[TargetRow]
    headline: Headline
    preferential: list[PreferentialRow]
    organisation: list[OrganisationRow]
    honours: list[HonourRow]
    military_cases: MilitaryCases
    profile: NotRequired[ProfileRecord | None]  # a summary's: the year's facts its words are written with (优待面)


# --- who reported (completeness), the review, the units -------------------------------------------------------


class NamedUnit(TypedDict):
    """A member unit, by its id and name."""

    unit_id: str
    name: str


class MissingUnit(NamedUnit):
    """A unit that has not reported; one whose every report was returned for correction says so."""

    reason: NotRequired[Literal["returned"]]
    reason_text: NotRequired[str]


class ReturnedUnit(NamedUnit):
    """A unit missing because its reports were all returned for correction, and how many were."""

    reports: int


class Completeness(TypedDict):
    """A month's 报送情况: whether its deadline has passed (`due`), the units expected, reported, 本月无活动,
    missing (缺报, once due), pending (未报（未到期）, before it), returned, on time and late."""

    due: bool
    expected: int
    reported: int
    nil_reported: int
    missing: int
    pending: int
    returned: int
    on_time: int
    late: int
    missing_units: list[MissingUnit]
    pending_units: list[MissingUnit]
    nil_units: list[NamedUnit]
    late_units: list[NamedUnit]
    returned_units: list[ReturnedUnit]


class NilReportItem(TypedDict):
    """A unit's 本月无活动 as the tallies read it: the unit, and whether it was filed after the deadline."""

    unit_id: str
    late: bool


class ReturnedByReview(TypedDict):
    """A report the office returned for correction (退回修改), with the reviewer's comment."""

    report_id: str
    unit_id: str
    title: str
    occurred_on: str
    comment: str
    by_name: str | None


class ReturnedReport(ReturnedByReview):
    """A returned report as the summary lists it, with its unit's name."""

    unit_name: str


class ReviewCounts(TypedDict):
    """审核情况: which reports count (counting), how many are pending, approved, returned; the returned ones."""

    counting: str
    pending: int
    approved: int
    returned: int
    returned_reports: list[ReturnedReport]


class UnitRow(TypedDict):
    """A unit's row (分单位): whether the period expected it (a month, or a year's months already due; days of a
    year judge no one), how it stood, its reports by review state and type, its figures; a year's row also
    counts its months and says what it did (`work`)."""

    unit_id: str
    name: str
    active: bool
    expected: bool
    status: UnitStatus
    on_time: bool | None
    reports: int
    participants: int
    reports_late: int
    review: dict[str, int]
    by_type: dict[str, int]
    figures: dict[str, dict[str, int | Decimal]]
    months_reported: NotRequired[int]
    months_nil: NotRequired[int]
    months_missing: NotRequired[int]
    months_late: NotRequired[int]
    work: NotRequired[str]


class ShownFigure(TypedDict):
    """A figure of the summary as the registry names it (registry.py), for the page: its key, label, value, unit
    and what it counts (units, unit_months, reports, figure, money, agreements, tasks, surveys)."""

    key: str
    label: str
    value: int | Decimal
    unit: str
    counts: str


# --- co-building agreements -----------------------------------------------------------------------------------


class AgreementRow(TypedDict):
    """A co-building agreement in force on the period's last day (or with activities in it), and its activities."""

    agreement_id: str
    title: str
    unit_id: str
    unit_name: str
    military_unit: str
    valid_from: str
    valid_to: str
    status: str
    ends_in_days: int | None
    ending_soon: bool
    reports: int
    participants: int


class AgreementBrief(TypedDict):
    """A co-building agreement signed in the year, by who signed it with whom and when."""

    agreement_id: str
    title: str
    unit_id: str
    military_unit: str
    signed_on: str
    valid_from: str
    valid_to: str
    unit_name: str


class EndedAgreement(AgreementBrief):
    """A co-building agreement that ended in the year: its period ran out (expired) or it was terminated."""

    status: str


class CoBuilding(TypedDict):
    """军地共建: the agreements in force, ending soon, not yet in force, the activities under them; a year's also
    lists those signed and those ended in it."""

    as_of: str
    active: int
    ending_soon: int
    not_yet_in_force: int
    reports: int
    agreements: list[AgreementRow]
    signed: NotRequired[list[AgreementBrief]]
    ended: NotRequired[list[EndedAgreement]]


# --- the plan's overdue tasks, the days of a period, the words ------------------------------------------------


DateRangeKeys = TypedDict("DateRangeKeys", {"from": str, "to": str})  # "from" is a keyword: the functional form


class DateRange(DateRangeKeys):
    """A stretch of days, its first and last day (YYYY-MM-DD), both included."""


class ParagraphPart(TypedDict):
    """A paragraph of a section of the year's summary; one with a heading is a subsection (a plan's heading)."""

    heading: str | None
    text: str


class OrgBrief(TypedDict):
    """Whose summary a city's or a province's is (rollup.py)."""

    org_id: str
    name: str
    level: str


class OrgCompleteness(TypedDict):
    """Who of a county's units reported (a month's units, a year's unit·months): the rate counts 本月无活动 too."""

    expected: int
    reported: int
    nil_reported: int
    rate: Decimal | None


class OrgRow(TypedDict):
    """A county in its city's or province's summary: its totals, its visit money and who reported."""

    org_id: str
    name: str
    totals: Totals
    visit_funds_yuan: Decimal
    completeness: OrgCompleteness | None


class Paragraph(TypedDict):
    """A paragraph of the 情况汇报 (topic, text); a section of the year's 总结 also has its code and parts."""

    topic: str
    text: str
    section: NotRequired[str]
    parts: NotRequired[list[ParagraphPart]]


class UnreadableRow(TypedDict):
    """A stored report the compile could not read, left out of the figures, named so it can be corrected."""

    report_id: str
    month: str
    unit_id: str
    unit_name: str
    title: str
    reason: str


class UnitBrief(TypedDict):
    """The unit a unit's own summary is of."""

    unit_id: str
    name: str


class Activity(TypedDict):
    """One activity a unit's own summary counts, as its document names it: what, when, with whom."""

    report_id: str
    occurred_on: str
    title: str
    activity_type: str
    area: str
    counterpart: str
    participants: int
    photos: int
