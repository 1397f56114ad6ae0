"""A summary's `quality`: the warning rules (reports/warnings.py) over the reports its figures count, for the
office to check before it signs (the 数据质量 sheet and the 数据质量提示 list: quality_files.py).

Each counted report is judged by its own figures, the agreement it names and the history of the twelve
months before its month (what their compiles kept); 优待面 is judged over the period: the households paid
优待金 in all its counted reports against the year's profile. A month's compile keeps its counted reports'
norms (their histograms), the history later reports are judged against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import TypedDict

from chalicelib.context import Context
from chalicelib.reports.judging import kept_norms, months_before
from chalicelib.reports.warnings import RULE_BY_CODE, County, History, Norms, coverage, warnings_of

ALLOWANCE = RULE_BY_CODE["allowance_coverage_over_100"]


class QualityFinding(TypedDict):
    """A warning the office should check: its rule, how serious, what to check, whose, which reports."""

    code: str
    severity: str
    message: str
    unit_id: str | None  # None: of the county as a whole (reports of several units)
    unit_name: str | None
    report_ids: list[str]


class QualityCheck:
    """Judges the reports a period's figures count as the compile streams them past."""

    def __init__(
        self,
        ctx: Context,
        months: list[str],
        year: int,
        profile: Mapping[str, Any] | None,
        agreements: list[Any],
        names: dict[str, str],
    ) -> None:
        wanted = sorted({m for month in months for m in months_before(month)})  # one read for every month's
        kept = dict(zip(wanted, (kept_norms(r) for r in ctx.store.summaries.many(wanted)), strict=True))
        self._histories = {month: History.of([kept[m] for m in months_before(month)]) for month in months}
        self._agreements = {str(a["agreement_id"]): a for a in agreements}
        self._year, self._profile, self._names = year, profile, names
        self._allowance: dict[str, int] = {}  # report → households paid 优待金
        self._units: dict[str, str] = {}
        self.findings: list[QualityFinding] = []
        self._month = History()  # what the counted reports add to the history

    def add(self, month: str, report: Mapping[str, Any]) -> None:
        """Judge a counted report, note its 优待金 households and add it to the month's norms."""
        report_id, unit_id = str(report.get("report_id")), str(report.get("unit_id"))
        county = County(agreement=self._agreements.get(str(report.get("agreement_id"))), history=self._histories[month])
        for warning in warnings_of(report, county, ("agreement", "history")):
            message = f"“{report.get('title', '')}”：{warning['message']}"
            finding: QualityFinding = {
                "code": warning["code"],
                "severity": warning["severity"],
                "message": message,
                "unit_id": unit_id,
                "unit_name": self._names.get(unit_id, unit_id),
                "report_ids": [report_id],
            }
            self.findings.append(finding)
        metrics = report.get("metrics") or {}
        if report.get("activity_type") == "preferential" and metrics.get("category") == "allowance":
            self._allowance[report_id] = int(metrics.get("households") or 0)
            self._units[report_id] = unit_id
        self._month.add(report)

    @property
    def norms(self) -> Norms:
        """What the counted reports add to the history, as a month's compile keeps it."""
        return self._month.kept()

    def result(self) -> list[QualityFinding]:
        """The findings, with 优待面 over the period's counted reports (the county's, or one unit's)."""
        entitled = (self._profile or {}).get("allowance_households")
        paid = sum(self._allowance.values())
        if not entitled or paid <= entitled:
            return self.findings
        units = set(self._units.values())
        unit_id = units.pop() if len(units) == 1 else None
        finding: QualityFinding = {
            "code": ALLOWANCE.code,
            "severity": ALLOWANCE.severity,
            "message": ALLOWANCE.message.format(**coverage(paid, int(entitled), str(self._year))),
            "unit_id": unit_id,
            "unit_name": self._names.get(unit_id, unit_id) if unit_id else None,
            "report_ids": sorted(self._allowance),
        }
        return [finding, *self.findings]
