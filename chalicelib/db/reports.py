"""Reports and their revisions in the table: each write also counts a change of its month and moves the
unit-month's tally of live reports (see db/months.py), and keeps the report's plan link in step, in the same
transaction. A report is written only while its unit has no nil report of its month. A review is such a write
too (`replace`): a new version of the report, with its revision, conditional on the version reviewed."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from enum import Enum
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase, Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed, refused_as
from chalicelib.db.months import (
    LiveReports,
    NilFiled,
    SettingsChanged,
    Share,
    UnitNotReporting,
    counter_step,
    no_nil_step,
    report_mark,
    reporting_unit_step,
    share_change,
)
from chalicelib.db.plans import link_steps
from chalicelib.db.table import Item, Step, Table, decode_page_token, encode_page_token
from chalicelib.db.units import ClaimRefused


class MonthGuard(Enum):
    """What a month's lock override must say for a write to go through."""

    ANY = "any"  # the county office writes whatever the month's state
    NOT_LOCKED = "not-locked"  # open by date: refused only if the office locked the month
    REOPENED = "reopened"  # closed by date: allowed only if the office reopened the month


class MonthClosed(ConditionFailed):
    """The month's lock override refused a reporter's new report (see MonthGuard)."""


def report_item(report: Item) -> Item:
    """A report as its table item; a live one with the keys that put it in its month."""
    item = {**keys.report(report["report_id"]), **report}
    if not report.get("withdrawn_at"):
        item.update(keys.report_index(report))
    return item


class Reports:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(
        self,
        report: Item,
        guard: MonthGuard = MonthGuard.ANY,
        unit_must_report: bool = False,
        *,
        share: Share,
        audit: Step,
        proof: Step | None = None,
        calendar: Step | None = None,
    ) -> Item | None:
        """Store a new report in one transaction, if its month's lock override allows (`guard`), its unit has
        no nil report of the month, and (with `unit_must_report`) the unit is set to report; with its `audit`
        entry's step (db/audit.py) in the same transaction, the `proof` of its writer's token
        (db/units.Reporters.proof_step) if it has one, and the `calendar` check (Settings.within_step) that the
        settings `guard` and the report's lateness came from still hold. Its `share` (reports/shares.py) is
        added to its unit-month's board counters.

        If the proof fails, raise ClaimRefused, whatever else failed; if the report's id is taken, answer the
        stored report instead; if the calendar check fails, raise SettingsChanged; if the month is closed to
        the write, raise MonthClosed; NilFiled and UnitNotReporting for the others."""
        month, unit_id = report["month"], report["unit_id"]
        steps: list[Step] = []
        refusals: list[type[ConditionFailed]] = []
        if proof is not None:  # first: a failed transaction names its first failed step
            steps.append(proof)
            refusals.append(ClaimRefused)
        stored_at = len(steps)
        steps.append(self.table.put_step(report_item(report), "attribute_not_exists(PK)", return_old=True))
        refusals.append(ConditionFailed)
        if calendar is not None:  # before the month's guard, which it vouches for
            steps.append(calendar)
            refusals.append(SettingsChanged)
        steps.append(no_nil_step(self.table, month, unit_id))
        refusals.append(NilFiled)
        if unit_must_report:
            steps.append(reporting_unit_step(self.table, unit_id))
            refusals.append(UnitNotReporting)
        if guard is not MonthGuard.ANY:
            steps.append(self._month_guard(month, guard))
            refusals.append(MonthClosed)
        mark = report_mark(report["report_id"], report["version"])
        steps.append(counter_step(self.table, month, unit_id, 1, mark, share))
        steps += link_steps(self.table, report)
        steps.append(audit)
        try:
            self.table.transact(steps)
        except ConditionFailed as failed:
            if failed.step == stored_at:  # older endpoints do not return the stored item
                return failed.item or self.get(report["report_id"], include_withdrawn=True)
            raise refused_as(failed, refusals) from None
        return None

    def _month_guard(self, month: str, guard: MonthGuard) -> Step:
        """The transaction step that checks the month's lock override (see MonthGuard)."""
        condition = "attribute_not_exists(#o) OR #o <> :locked" if guard is MonthGuard.NOT_LOCKED else "#o = :reopened"
        values = {":locked": "locked"} if guard is MonthGuard.NOT_LOCKED else {":reopened": "reopened"}
        return {
            "ConditionCheck": {
                "TableName": self.table.name,
                "Key": keys.month_override(month),
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#o": "override"},
                "ExpressionAttributeValues": values,
            }
        }

    def get(self, report_id: str, include_withdrawn: bool = False) -> Item | None:
        item = self.table.get(keys.report(report_id), consistent=True)
        if item is not None and item.get("withdrawn_at") and not include_withdrawn:
            return None
        return item

    def replace(
        self,
        report: Item,
        expected_version: int,
        revision: Item,
        previous_month: str | None = None,
        previous_link: keys.Key | None = None,
        *,
        shares: tuple[Share, Share],
        audit: Step,
    ) -> None:
        """Write the new state of a report and its revision; ConditionFailed unless the stored version is still
        `expected_version` and the report is not withdrawn; NilFiled if the edit moves the report into a
        month for which its unit filed 本月无活动.

        Both the report's month and, if the edit moved it, its `previous_month` are marked changed, and their
        tallies of live reports and board counters follow the report (a withdrawn report leaves its month's
        tally), its `shares` (reports/shares.py) going from the stored version's to the new one's.
        The report's link to a plan task follows it: written, moved from `previous_link`, or deleted. The
        write's `audit` entry (db/audit.py) is in the same transaction."""
        report_id, unit_id, month = report["report_id"], report["unit_id"], report["month"]
        previous_month = previous_month or month
        moved = previous_month != month
        before = LiveReports().plus(report_id, expected_version)  # the stored version's share of its month's tally
        after = LiveReports() if report.get("withdrawn_at") else LiveReports().plus(report_id, report["version"])
        shared_before, shared_after = shares
        if moved:
            counters = [
                counter_step(
                    self.table, previous_month, unit_id, -before.live, -before.digest, share_change(shared_before, {})
                ),
                counter_step(self.table, month, unit_id, after.live, after.digest, shared_after),
            ]
        else:
            live, digest = after.live - before.live, after.digest - before.digest
            counters = [
                counter_step(self.table, month, unit_id, live, digest, share_change(shared_before, shared_after))
            ]
        condition = "version = :v AND attribute_not_exists(withdrawn_at)"
        revision_item = {**keys.revision(report_id, revision["version"]), **revision}
        steps = [
            self.table.put_step(report_item(report), condition, {":v": expected_version}),
            self.table.put_step(revision_item, "attribute_not_exists(PK)"),
            *counters,
            *link_steps(self.table, report, previous_link),
        ]
        if moved:
            steps.insert(1, no_nil_step(self.table, month, unit_id))
        steps.append(audit)
        try:
            self.table.transact(steps)
        except ConditionFailed as failed:
            if moved and failed.step == 1:
                raise NilFiled(failed.step) from None
            raise

    def revisions(self, report_id: str) -> list[Item]:
        condition = Key("PK").eq(keys.report(report_id)["PK"]) & Key("SK").begins_with(keys.REVISION_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True))

    def page(
        self,
        month: str,
        unit_id: str | None,
        activity_type: str | None,
        limit: int,
        next_token: str | None,
        review: str | None = None,
    ) -> tuple[list[Item], str | None]:
        """One page of the month's live reports (of one unit, of one type, in one review state: a report stored
        before reviews existed has none and is pending); BadPageToken for a foreign token."""
        partition, prefix = keys.month(month), keys.reports_prefix(unit_id)
        query: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": Key("GSI1PK").eq(partition) & Key("GSI1SK").begins_with(prefix),
            "Limit": limit,
        }
        start = decode_page_token(next_token, partition, prefix)
        if start:
            query["ExclusiveStartKey"] = start
        filters: list[ConditionBase] = []
        if activity_type:
            filters.append(Attr("activity_type").eq(activity_type))
        if review:
            state = Attr("review.state")
            filters.append(state.eq(review) | state.not_exists() if review == "pending" else state.eq(review))
        if filters:
            query["FilterExpression"] = functools.reduce(operator.and_, filters)
        items, last = self.table.query_page(**query)
        return items, encode_page_token(last)

    def of_month(self, month: str, unit_id: str | None = None) -> Iterator[Item]:
        """Every live report of the month (or of one unit in it), page by page."""
        condition = Key("GSI1PK").eq(keys.month(month)) & Key("GSI1SK").begins_with(keys.reports_prefix(unit_id))
        return self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition)

    def every_live(self) -> Iterator[Item]:
        """Every live report in the table, from a strong Scan (for a one-off recount, see reports/recount.py)."""
        scan: dict[str, Any] = {
            "FilterExpression": Attr("SK").eq("REPORT") & Attr("withdrawn_at").not_exists(),
            "ConsistentRead": True,
        }
        return self.table.scan_all(**scan)
