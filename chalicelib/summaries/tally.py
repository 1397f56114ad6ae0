"""A month's reports added up into the figures of the county's 情况汇报 (pure, no AWS).

`MonthTally` takes report dicts one at a time, so memory stays flat however many
reports a month has; `MonthTally.month_figures` turns its tallies, the units, the nil
reports and the co-building agreements into one plain dict: totals, per type,
per visit target, per unit, completeness and timeliness, co-building. Who was expected,
and whether one who filed nothing is 缺报 or not yet due, is judged once per unit
(`standing`) and read by both the completeness and the units' rows. Figures only:
the words are written from them once, at the end of the compile (narrate.py). Money
is added in fen and given back as Decimal yuan.

Whether a report's figures count is the county's setting (`counts`): every report but
those returned for correction (退回修改), or only those approved. Every live report is
noted by its review state (`review`: how many are pending, approved, returned). A unit
has reported when it has a report not returned (counted or still pending review) or
本月无活动; a unit whose only reports are returned has not, and is named with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict, cast

from chalicelib.agreements.models import AgreementState
from chalicelib.agreements.status import present
from chalicelib.calendar.models import NOT_RETURNED
from chalicelib.core.catalogue import (
    ACTIVITY_TYPES,
    BENEFICIARY_TARGETS,
    ORGANISATION_KINDS,
    PREFERENTIAL_CATEGORIES,
    VISIT_TARGETS,
)
from chalicelib.core.dates import ENDING_SOON_DAYS, month_end, month_label
from chalicelib.core.money import to_yuan, wan_text
from chalicelib.plans.records import OverdueLine
from chalicelib.reports.figures import (
    UnreadableReport,
    figures_and_groups,
    honour_of,
    organisation_kind,
    participants_of,
    preferential_kind,
)
from chalicelib.reports.models import REVIEW_STATES, counts, review_of, review_state
from chalicelib.summaries.document import PeriodFigures
from chalicelib.summaries.parts import (
    AgreementRow,
    CoBuilding,
    Completeness,
    Figures,
    Headline,
    HonourRow,
    MissingUnit,
    NamedUnit,
    NilReportItem,
    ReturnedByReview,
    ReturnedReport,
    ReviewCounts,
    UnitRow,
    UnitStatus,
)
from chalicelib.summaries.rows import Tally, figure_rows, in_catalogue_order, preferential_row, target_row, type_row
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import expected_units, registered_by, unit_names

RETURNED_REASON = "报告均被退回修改，尚未更正"  # why a unit that filed reports is missing
DAYS_COMPLETENESS = "本期间不是整月，不统计各单位报送是否齐全、是否按时（按月统计，见各月汇总）"


JURISDICTIONS = {"县": "全县", "区": "全区", "市": "全市", "旗": "全旗"}


def jurisdiction_of(county: str, setting: str | None = None) -> str:
    """The word the county's reports call it by: the setting, else by its name's last character (北湖区 → 全区)."""
    return setting or JURISDICTIONS.get(county.strip()[-1:], "全县")


class ListedUnit(TypedDict):
    """A unit as its row needs it; a unit no longer registered that has reports in the period is listed too."""

    unit_id: str
    name: str
    active: bool


@dataclass
class UnitTally:
    total: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)


class MonthTally:
    """The running tallies of one month (or of a year: the same sums over more reports), fed one report at a time."""

    def __init__(self, counting: str = NOT_RETURNED) -> None:
        self.counting = counting
        self.total = Tally()
        self.by_type = {activity.code: Tally() for activity in ACTIVITY_TYPES}
        self.by_target = {target: Tally() for target in VISIT_TARGETS}
        self.persons_only = 0  # persons of 优抚对象 visited whose households were not given
        self.by_unit: dict[str, UnitTally] = {}  # the units' counted reports
        self.by_agreement: dict[str, Tally] = {}
        self.preferential: dict[tuple[str, str | None], Tally] = {}  # 优抚 by (category, target)
        self.organisation: dict[str, Tally] = {}  # 组织领导 by kind
        self.honours: list[HonourRow] = []
        self.filed: dict[str, Tally] = {}  # each unit's reports not returned (counted or not): reports, late
        self.review = dict.fromkeys(REVIEW_STATES, 0)
        self.unit_review: dict[str, dict[str, int]] = {}
        self.returned: list[ReturnedByReview] = []

    def add(self, report: dict[str, Any], counted: bool | None = None) -> None:
        """Note the report by its review state, and add its figures if it counts (`counted`; by default as
        `counts` decides); UnreadableReport, with nothing added or noted, when counted figures cannot be added up."""
        if counted is None:
            counted = counts(report, self.counting)
        if counted:
            self._add_figures(report)
        state, unit_id = review_state(report), str(report.get("unit_id"))
        self.review[state] += 1
        self.unit_review.setdefault(unit_id, dict.fromkeys(REVIEW_STATES, 0))[state] += 1
        if state == "returned":
            review = review_of(report)
            keep = ("report_id", "unit_id", "title", "occurred_on")
            self.returned.append(
                cast(
                    ReturnedByReview,
                    {**{k: report.get(k) for k in keep}, **{k: review[k] for k in ("comment", "by_name")}},
                )
            )
        else:
            self.filed.setdefault(unit_id, Tally()).add(0, bool(report.get("late")), {})

    def _add_figures(self, report: dict[str, Any]) -> None:
        values, groups = figures_and_groups(report)
        kind = report["activity_type"]
        participants = participants_of(report)
        preferential = preferential_kind(report) if kind == "preferential" else None
        honour = honour_of(report) if kind == "honour" else None
        organisation = organisation_kind(report) if kind == "organisation" else None
        for target, _ in groups:
            if target not in self.by_target:
                raise UnreadableReport(f"报告 {report.get('report_id')} 的走访对象 {target!r} 不在目录中")
        late = bool(report.get("late"))
        unit = self.by_unit.setdefault(str(report.get("unit_id")), UnitTally())
        self.total.add(participants, late, {})
        unit.total.add(participants, late, {})
        self.by_type[kind].add(participants, late, values)
        unit.by_type.setdefault(kind, Tally()).add(participants, late, values)
        for target, counted in groups:  # a group is a visit to its target: 走访驻军 counts them
            self.by_target[target].add(participants, late, counted)
            if target in BENEFICIARY_TARGETS and not counted["households"]:
                self.persons_only += counted["persons"]
        if preferential is not None:
            self.preferential.setdefault(preferential, Tally()).add(participants, late, values)
        if honour is not None:
            self.honours.append(cast(HonourRow, honour))
        if organisation is not None:
            self.organisation.setdefault(organisation, Tally()).add(participants, late, values)
        if report.get("agreement_id"):
            self.by_agreement.setdefault(report["agreement_id"], Tally()).add(participants, late, {})

    def month_figures(
        self,
        month: str,
        units: list[UnitRecord],
        nil_reports: list[NilReportItem],
        agreements: list[dict[str, Any]],
        deadline: date,
        county: str,
        overdue_tasks: list[OverdueLine] | None = None,
        jurisdiction: str | None = None,
        due: bool = True,
    ) -> PeriodFigures:
        """The month's figures, all a summary holds but its words (summaries/narrate.py writes those);
        `overdue_tasks` are the plan's tasks overdue at the month's close; `jurisdiction` the settings' word for the
        county (by default, as its name says: see `jurisdiction_of`); `due` whether the deadline has passed when
        it is compiled (before it, a unit that filed nothing is 未报（未到期）, not 缺报)."""
        names = unit_names(units)
        standing = self.standing(expected_units(units, month), nil_reports, due)
        result: PeriodFigures = {
            "month": month,
            "month_label": month_label(month),
            "county": county,
            "jurisdiction": jurisdiction_of(county, jurisdiction),
            "as_of": month_end(month).isoformat(),
            "deadline": deadline.isoformat(),
            **self.figures(),
            "completeness": self._completeness(standing, nil_reports, names, due),
            "review": self.review_counts(names),
            "by_unit": self.unit_rows(units, nil_reports, month_end(month), standing),
            "co_building": self.co_building(month_end(month), agreements, names),
            "plan_overdue": overdue_tasks or [],
        }
        return result

    def figures(self) -> Figures:
        """The figures that add up over any period: totals, per type, per visit target, the 情况汇报 blanks."""
        return {
            "totals": {
                "reports": self.total.reports,
                "participants": self.total.participants,
                "reports_on_time": self.total.reports - self.total.late,
                "reports_late": self.total.late,
                "units_reporting": len(self.by_unit),
            },
            "by_type": [type_row(code, tally) for code, tally in self.by_type.items()],
            "by_target": [target_row(code, tally) for code, tally in self.by_target.items()],
            "headline": self._headline(),
            "preferential": [
                preferential_row(category, target, self.preferential[(category, target)])
                for category in PREFERENTIAL_CATEGORIES
                for target in [None, *VISIT_TARGETS]
                if (category, target) in self.preferential
            ],
            "organisation": [
                {
                    "kind": kind,
                    "label": label,
                    "reports": self.organisation[kind].reports,
                    "meetings": self.organisation[kind].figure("meetings"),
                }
                for kind, label in ORGANISATION_KINDS.items()
                if kind in self.organisation
            ],
            "honours": sorted(self.honours, key=lambda h: (h["occurred_on"], h["report_id"])),
            # 处理涉军案件: legal aid cases, mediated disputes and the courts' cases, one figure with its parts
            "military_cases": {
                "legal_aid": self.by_type["legal_aid"].figure("cases"),
                "mediation": self.by_type["mediation"].figure("disputes"),
                "court": self.by_type["court_case"].figure("cases"),
            },
        }

    def _headline(self) -> Headline:
        """The blanks of the 情况汇报 sentences."""
        symposium, visit = self.by_type["symposium"], self.by_type["visit"]
        funds = visit.figure("funds_yuan")
        beneficiaries = [self.by_target[t] for t in VISIT_TARGETS if t in BENEFICIARY_TARGETS]
        return {
            "symposiums": symposium.reports,
            "symposium_beneficiaries": symposium.figure("beneficiary_attendees"),
            "troop_visits": self.by_target["troops"].reports,
            "beneficiary_households": sum(t.figure("households") for t in beneficiaries),
            # more than one visit to a kind may count the same households twice: the sum is then 户次
            "beneficiary_repeat_visits": any(t.reports > 1 for t in beneficiaries),
            "beneficiary_persons_only": self.persons_only,
            "visit_funds_yuan": to_yuan(funds),
            "visit_funds_text": wan_text(funds),
            "visit_goods_yuan": to_yuan(visit.figure("goods_yuan")),
        }

    def standing(
        self, expected: list[UnitRecord], nil_reports: list[NilReportItem], due: bool
    ) -> dict[str, UnitStatus]:
        """Each expected unit's standing in the month: reported (a report not returned), 本月无活动, or, having
        filed neither, missing once the deadline has passed and pending before it. A unit not in it was not
        expected (registered after the month, or not reporting): its row says 不需报送, never 缺报."""
        nil = {n["unit_id"] for n in nil_reports}
        unfiled: UnitStatus = "missing" if due else "pending"
        return {
            u["unit_id"]: "reported" if u["unit_id"] in self.filed else "nil" if u["unit_id"] in nil else unfiled
            for u in expected
        }

    def _completeness(
        self, standing: dict[str, UnitStatus], nil_reports: list[NilReportItem], names: dict[str, str], due: bool
    ) -> Completeness:
        """Who of the expected units reported (a report not returned), filed 本月无活动, is missing or not yet due
        (a unit whose every report was returned is named with that reason), was late."""
        nil = {n["unit_id"]: n for n in nil_reports}

        def having(*states: UnitStatus) -> list[str]:
            return [u for u, state in standing.items() if state in states]

        missing, pending = having("missing"), having("pending")
        returned = [u for u in missing + pending if self.unit_review.get(u, {}).get("returned")]
        filed = having("reported", "nil")
        on_time = [u for u in filed if self._unit_on_time(u, nil)]
        late = [u for u in filed if not self._unit_on_time(u, nil)]

        def named(ids: list[str]) -> list[NamedUnit]:
            return [{"unit_id": u, "name": names.get(u, u)} for u in ids]

        def unfiled(ids: list[str]) -> list[MissingUnit]:  # one whose reports were all returned says why
            return [
                {**u, "reason": "returned", "reason_text": RETURNED_REASON}
                if u["unit_id"] in returned
                else cast(MissingUnit, u)
                for u in named(ids)
            ]

        return {
            "due": due,
            "expected": len(standing),
            "reported": len(having("reported")),
            "nil_reported": len(having("nil")),
            "missing": len(missing),
            "pending": len(pending),
            "returned": len(returned),
            "on_time": len(on_time),
            "late": len(late),
            "missing_units": unfiled(missing),
            "pending_units": unfiled(pending),
            "nil_units": named(having("nil")),
            "late_units": named(late),
            "returned_units": [{**u, "reports": self.unit_review[u["unit_id"]]["returned"]} for u in named(returned)],
        }

    def _unit_on_time(self, unit_id: str, nil: dict[str, NilReportItem]) -> bool:
        """On time when the unit filed anything (a report not returned, or 本月无活动) by the deadline day."""
        unit = self.filed.get(unit_id)
        if unit is not None and unit.late < unit.reports:
            return True
        return unit_id in nil and not nil[unit_id].get("late")

    def review_counts(self, names: dict[str, str]) -> ReviewCounts:
        """How many of the period's reports are pending, approved, returned; which figures count; the returned."""
        ordered = sorted(self.returned, key=lambda r: [str(r[k]) for k in ("unit_id", "occurred_on", "report_id")])
        returned: list[ReturnedReport] = [
            {**r, "unit_name": names.get(str(r["unit_id"]), str(r["unit_id"]))} for r in ordered
        ]
        return cast(ReviewCounts, {"counting": self.counting, **self.review, "returned_reports": returned})

    def unit_rows(
        self,
        units: list[UnitRecord],
        nil_reports: list[NilReportItem],
        period_end: date,
        standing: dict[str, UnitStatus] | None = None,
    ) -> list[UnitRow]:
        """A row per unit expected in the period (active, registered by its end) or that filed anything in it;
        its status is its `standing` (see `standing`), else what it filed: reported, 本月无活动, or not expected."""
        nil, standing = {n["unit_id"]: n for n in nil_reports}, standing or {}
        listed: list[ListedUnit] = [
            u
            for u in units
            if (u.get("active", True) and registered_by(u, period_end))
            or u["unit_id"] in self.unit_review
            or u["unit_id"] in nil
        ]
        known = {u["unit_id"] for u in units}
        listed += [{"unit_id": u, "name": u, "active": False} for u in sorted(self.unit_review) if u not in known]
        rows: list[UnitRow] = []
        for unit in listed:
            unit_id = unit["unit_id"]
            tally = self.by_unit.get(unit_id, UnitTally())
            status: UnitStatus = standing.get(unit_id) or (
                "reported" if unit_id in self.filed else "nil" if unit_id in nil else "not_expected"
            )
            rows.append(
                {
                    "unit_id": unit_id,
                    "name": unit["name"],
                    "active": bool(unit.get("active", True)),
                    "status": status,
                    "expected": unit_id in standing,
                    "on_time": self._unit_on_time(unit_id, nil) if status in ("reported", "nil") else None,
                    "reports": tally.total.reports,
                    "participants": tally.total.participants,
                    "reports_late": tally.total.late,
                    "review": self.unit_review.get(unit_id, dict.fromkeys(REVIEW_STATES, 0)),
                    "by_type": {code: t.reports for code, t in in_catalogue_order(tally.by_type)},
                    "figures": {
                        code: shown
                        for code, t in in_catalogue_order(tally.by_type)
                        if (shown := {f["code"]: f["value"] for f in figure_rows(code, t) if f["value"]})
                    },
                }
            )
        return rows

    def co_building(self, as_of: date, agreements: list[dict[str, Any]], names: dict[str, str]) -> CoBuilding:
        """The agreements in force on `as_of` (the period's last day) or with activities in the tally, and the
        activities under each; their status and days to their end are those of `as_of`, not of today. Signed by
        `as_of` but starting later: counted as `not_yet_in_force`, not as active."""
        rows: list[AgreementRow] = []
        waiting = 0
        for agreement in sorted(agreements, key=lambda a: (a["unit_id"], a["agreement_id"])):
            shown = present(agreement, as_of)
            tally = self.by_agreement.get(agreement["agreement_id"], Tally())
            if shown["status"] == AgreementState.NOT_YET_IN_FORCE and agreement["signed_on"] <= as_of.isoformat():
                waiting += 1
            if shown["status"] != AgreementState.ACTIVE and not tally.reports:
                continue
            ending_soon = shown["ends_in_days"] is not None and shown["ends_in_days"] <= ENDING_SOON_DAYS
            rows.append(
                {
                    "agreement_id": agreement["agreement_id"],
                    "title": agreement["title"],
                    "unit_id": agreement["unit_id"],
                    "unit_name": names.get(agreement["unit_id"], agreement["unit_id"]),
                    "military_unit": agreement["military_unit"],
                    "valid_from": agreement["valid_from"],
                    "valid_to": agreement["valid_to"],
                    "status": shown["status"],
                    "ends_in_days": shown["ends_in_days"],
                    "ending_soon": ending_soon,
                    "reports": tally.reports,
                    "participants": tally.participants,
                }
            )
        return {
            "as_of": as_of.isoformat(),
            "active": sum(1 for r in rows if r["status"] == AgreementState.ACTIVE),
            "ending_soon": sum(1 for r in rows if r["ending_soon"]),
            "not_yet_in_force": waiting,
            "reports": sum(t.reports for t in self.by_agreement.values()),
            "agreements": rows,
        }
