"""What the table keeps of a month besides its reports: nil reports, the office's override, change counters;
and the settings items.

A unit's counter of a month (`CHANGED#<unit>`, see keys.py) also counts the unit's live reports of the
month (`live`) and holds their `digest`: the sum of each live report's mark (`report_mark`, from its id
and version). Every write of a report moves them in its own transaction, so a strong read of the month's
partition tells what a read of the month's reports must find. A nil report is written only while `live`
is 0, and a report only while the unit has no nil report of its month: a unit-month is reported or
本月无活动, never both.

The counter also holds what the year's board (chalicelib/reporting) shows of the unit-month, moved by the same
steps: each live report's `Share` (reports/shares.py) of the BOARD_COUNTERS, by its review state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed, refused_as
from chalicelib.db.table import Item, Step, Table

MARK_HEX_DIGITS = 15  # 60 bits: a digest of 10^4 marks stays far inside DynamoDB's 38 digits

# A unit-month's board counters: its live reports by review state; of those not returned, how many were late; of
# the pending and the approved, their participants and their visits' money (fen): the summary counts the approved
# alone or both (the settings' `count`), so the board can add up either.
BOARD_COUNTERS = (
    "pending",
    "approved",
    "returned",
    "late",
    "pending_participants",
    "approved_participants",
    "pending_funds_fen",
    "approved_funds_fen",
)
Share = Mapping[str, int]  # a report's share of its unit-month's BOARD_COUNTERS (absent: 0)


class ReportsFiled(ConditionFailed):
    """The unit has live reports in the month: a nil report cannot stand beside them."""


class NilFiled(ConditionFailed):
    """The unit filed 本月无活动 for the month: a report cannot stand beside it."""


class UnitNotReporting(ConditionFailed):
    """The unit is set not to report (`active: false`), or is gone."""


class SettingsChanged(ConditionFailed):
    """A settings item no longer holds the values a write assumed (see Settings.within_step)."""


def report_mark(report_id: str, version: int) -> int:
    """A live report's share of its unit-month's digest: any other id or version gives another mark."""
    return int(hashlib.sha256(f"{report_id}#{version}".encode()).hexdigest()[:MARK_HEX_DIGITS], 16)


@dataclass(frozen=True)
class LiveReports:
    """A unit-month's live reports: how many, and the sum of their marks."""

    live: int = 0
    digest: int = 0

    def plus(self, report_id: str, version: int) -> LiveReports:
        return LiveReports(self.live + 1, self.digest + report_mark(report_id, version))


@dataclass(frozen=True)
class MonthCounts:
    """A strong read of a month's counters: all its changes, and each unit's tally of live reports."""

    changes: int = 0
    units: dict[str, LiveReports] = field(default_factory=dict)
    by_counter: dict[str, int] = field(default_factory=dict)  # each unit's changes, and the plan's

    def changes_of(self, unit_id: str | None) -> int:
        """The changes a summary depends on: all of them, or (a unit's own summary) its unit's and the plan's."""
        if unit_id is None:
            return self.changes
        return self.by_counter.get(unit_id, 0) + self.by_counter.get(keys.PLAN_CHANGES, 0)


@dataclass(frozen=True)
class BoardMonth:
    """What the year's board reads of a month: each unit's BOARD_COUNTERS (a unit whose counter holds none has
    zeros), and the units' 本月无活动 by unit."""

    counters: dict[str, dict[str, int]]
    nil_reports: dict[str, Item]


def counter_step(
    table: Table, month: str, unit_id: str, live: int = 0, mark: int = 0, share: Share | None = None
) -> Step:
    """The transaction step that counts a write of the unit's month: one change, `live` more live reports,
    `mark` added to their digest and `share` to the board counters (all may be negative)."""
    names = {"#changes": "changes", "#live": "live", "#digest": "digest"}
    values: dict[str, Any] = {":one": 1, ":live": live, ":mark": mark}
    added = ["#changes :one", "#live :live", "#digest :mark"]
    for i, (counter, by) in enumerate(sorted((share or {}).items())):
        names[f"#b{i}"], values[f":b{i}"] = counter, by
        added.append(f"#b{i} :b{i}")
    return {
        "Update": {
            "TableName": table.name,
            "Key": keys.month_changes(month, unit_id),
            "UpdateExpression": "ADD " + ", ".join(added),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def share_change(before: Share, after: Share) -> dict[str, int]:
    """What a unit-month's board counters gain when a report's share goes from `before` to `after`."""
    return {c: moved for c in sorted({*before, *after}) if (moved := after.get(c, 0) - before.get(c, 0))}


def no_nil_step(table: Table, month: str, unit_id: str) -> Step:
    """The transaction step that refuses a report while its unit has a nil report of the month."""
    return {
        "ConditionCheck": {
            "TableName": table.name,
            "Key": keys.nil_report(month, unit_id),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
    }


def reporting_unit_step(table: Table, unit_id: str) -> Step:
    """The transaction step that refuses a write for a unit set not to report (or gone)."""
    return {
        "ConditionCheck": {
            "TableName": table.name,
            "Key": keys.unit(unit_id),
            "ConditionExpression": "attribute_exists(PK) AND (attribute_not_exists(#active) OR #active = :yes)",
            "ExpressionAttributeNames": {"#active": "active"},
            "ExpressionAttributeValues": {":yes": True},
        }
    }


class NilReports:
    def __init__(self, table: Table) -> None:
        self.table = table

    def put(self, nil_report: Item, unit_must_report: bool = False, *, audit: Step) -> Item | None:
        """File 本月无活动 in one transaction, with its `audit` entry's step (db/audit.py): only while the unit
        has no live report of the month (else ReportsFiled) and, with `unit_must_report`, only for a unit set to
        report (else UnitNotReporting).

        If the unit already filed one, answer the stored one: nothing is written, no change counted."""
        month, unit_id = nil_report["month"], nil_report["unit_id"]
        nil_item = {**keys.nil_report(month, unit_id), **nil_report}
        steps = [
            self.table.put_step(nil_item, "attribute_not_exists(PK)", return_old=True),
            {
                "Update": {
                    "TableName": self.table.name,
                    "Key": keys.month_changes(month, unit_id),
                    "UpdateExpression": "ADD #changes :one",
                    "ConditionExpression": "attribute_not_exists(#live) OR #live = :none",
                    "ExpressionAttributeNames": {"#changes": "changes", "#live": "live"},
                    "ExpressionAttributeValues": {":one": 1, ":none": 0},
                }
            },
        ]
        refusals: list[type[ConditionFailed]] = [ConditionFailed, ReportsFiled]
        if unit_must_report:
            steps.append(reporting_unit_step(self.table, unit_id))
            refusals.append(UnitNotReporting)
        try:
            self.table.transact([*steps, audit])
        except ConditionFailed as failed:
            if failed.step == 0:  # older endpoints do not return the stored item
                return failed.item or self.get(month, unit_id)
            raise refused_as(failed, refusals) from None
        return None

    def get(self, month: str, unit_id: str) -> Item | None:
        return self.table.get(keys.nil_report(month, unit_id), consistent=True)

    def delete(self, month: str, unit_id: str, *, audit: Step) -> None:
        """ConditionFailed if the unit filed none for the month; with its `audit` entry's step."""
        self.table.transact(
            [
                self.table.delete_step(keys.nil_report(month, unit_id), "attribute_exists(PK)"),
                self.table.count_step(keys.month_changes(month, unit_id)),  # a change; the live reports stay
                audit,
            ]
        )

    def of_month(self, month: str) -> list[Item]:
        """The month's nil reports, read strongly (one partition)."""
        condition = Key("PK").eq(keys.month(month)) & Key("SK").begins_with(keys.NIL_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True))


class Months:
    def __init__(self, table: Table) -> None:
        self.table = table

    def override(self, month: str) -> str | None:
        item = self.table.get(keys.month_override(month))
        return str(item["override"]) if item else None

    def set_override(self, month: str, override: str, at: str, by: str, *, audit: Step) -> None:
        """Lock or reopen the month, with the write's audit entry (db/audit.py) in the same transaction."""
        item = {**keys.month_override(month), "override": override, "at": at, "by": by}
        self.table.transact([self.table.put_step(item), audit])

    def changes(self, month: str, unit_id: str | None = None) -> int:
        """How many times the month's reports and nil reports (and the plan) have been written, all together, or
        (`unit_id`) the unit's and the plan's."""
        return self.counts(month).changes_of(unit_id)

    def counts(self, month: str) -> MonthCounts:
        """One strong read of the month's counters: its changes, and each unit's tally of live reports
        (units whose counter has never counted a report's write have none)."""
        items = self.table.query_all(
            KeyConditionExpression=Key("PK").eq(keys.month(month)) & Key("SK").begins_with(keys.CHANGED_PREFIX),
            ProjectionExpression="SK, #changes, #live, #digest",
            ExpressionAttributeNames={"#changes": "changes", "#live": "live", "#digest": "digest"},
            ConsistentRead=True,
        )
        changes, units, by_counter = 0, {}, {}
        for item in items:
            changes += int(item.get("changes", 0))
            by_counter[str(item["SK"]).removeprefix(keys.CHANGED_PREFIX)] = int(item.get("changes", 0))
            if "live" in item:
                units[str(item["SK"]).removeprefix(keys.CHANGED_PREFIX)] = LiveReports(
                    int(item["live"]), int(item["digest"])
                )
        return MonthCounts(changes, units, by_counter)

    def all_changes(self) -> dict[tuple[str, str], int | None]:
        """Every change counter of every month (by month and unit; None: an item that never counted a
        change), from a strong Scan of the table."""
        scan: dict[str, Any] = {
            "FilterExpression": Attr("SK").begins_with(keys.CHANGED_PREFIX),
            "ProjectionExpression": "PK, SK, #changes",
            "ExpressionAttributeNames": {"#changes": "changes"},
            "ConsistentRead": True,
        }
        found: dict[tuple[str, str], int | None] = {}
        for item in self.table.scan_all(**scan):
            month = str(item["PK"]).removeprefix(keys.month(""))
            unit_id = str(item["SK"]).removeprefix(keys.CHANGED_PREFIX)
            found[(month, unit_id)] = int(item["changes"]) if "changes" in item else None
        return found

    def set_tallies(self, month: str, tallies: dict[str, tuple[LiveReports, Share, int | None]]) -> list[str]:
        """Set units' tallies of live reports and their board counters (each absent one as 0), each only if its
        counter still has the changes it had when the tally was made (`None`: no counter yet); answer the units
        whose counter moved meanwhile."""
        moved = []
        for unit_id, (tally, board, changes) in sorted(tallies.items()):
            condition = "attribute_not_exists(#changes)" if changes is None else "#changes = :seen"
            names = {"#changes": "changes", "#live": "live", "#digest": "digest"}
            values: dict[str, Any] = {":live": tally.live, ":digest": tally.digest}
            set_terms = ["#live = :live", "#digest = :digest"]
            for i, counter in enumerate(BOARD_COUNTERS):
                names[f"#b{i}"], values[f":b{i}"] = counter, board.get(counter, 0)
                set_terms.append(f"#b{i} = :b{i}")
            if changes is not None:
                values[":seen"] = changes
            try:
                self.table.update(
                    keys.month_changes(month, unit_id),
                    UpdateExpression="SET " + ", ".join(set_terms),
                    ConditionExpression=condition,
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=values,
                )
            except ConditionFailed:
                moved.append(unit_id)
        return moved

    def board(self, month: str) -> BoardMonth:
        """One strong Query of the month's partition, from its units' counters to their 本月无活动 (`CHANGED#…`
        sorts before `NIL#…`, and nothing else of the month lies between): what the year's board shows of it."""
        first, last = keys.month_changes(month, ""), keys.nil_report(month, "~")  # "~" sorts after any unit id
        items = self.table.query_all(
            KeyConditionExpression=Key("PK").eq(keys.month(month)) & Key("SK").between(first["SK"], last["SK"]),
            ConsistentRead=True,
        )
        counters: dict[str, dict[str, int]] = {}
        nil_reports: dict[str, Item] = {}
        for item in items:
            sort_key = str(item["SK"])
            if sort_key.startswith(keys.NIL_PREFIX):
                nil_reports[sort_key.removeprefix(keys.NIL_PREFIX)] = item
            elif sort_key != keys.month_changes(month, keys.PLAN_CHANGES)["SK"]:
                unit_id = sort_key.removeprefix(keys.CHANGED_PREFIX)
                counters[unit_id] = {c: int(item.get(c, 0)) for c in BOARD_COUNTERS}
        return BoardMonth(counters, nil_reports)


class Settings:
    """The county's settings items: "calendar" (deadline and lock days), "reminders", "campaigns"."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, name: str, consistent: bool = False) -> Item | None:
        return self.table.get(keys.settings(name), consistent=consistent)

    def within_step(self, name: str, ranges: dict[str, tuple[int, int]], defaults: dict[str, int]) -> Step:
        """The transaction step that checks each field of the settings item `name` lies in its (lowest, highest)
        range; a field or an item not stored counts as its value in `defaults`."""
        terms, names, values = [], {}, {}
        for i, (setting, (lowest, highest)) in enumerate(sorted(ranges.items())):
            names[f"#f{i}"] = setting
            values[f":low{i}"], values[f":high{i}"] = lowest, highest
            term = f"#f{i} BETWEEN :low{i} AND :high{i}"
            terms.append(f"(attribute_not_exists(#f{i}) OR {term})" if lowest <= defaults[setting] <= highest else term)
        return {
            "ConditionCheck": {
                "TableName": self.table.name,
                "Key": keys.settings(name),
                "ConditionExpression": " AND ".join(terms),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    def put(self, name: str, value: Item, *, audit: Step) -> None:
        """Replace the settings item, with the write's audit entry (db/audit.py) in the same transaction."""
        self.table.transact([self.table.put_step({**keys.settings(name), **value}), audit])
