"""The DynamoDB table: every read and write the app makes, named for what it does.

One table, keys designed for the reads (see README, "Storage"):

| item            | PK                  | SK              | GSI1PK                  | GSI1SK                          |
|-----------------|---------------------|-----------------|-------------------------|---------------------------------|
| unit            | UNITS               | UNIT#<unit>     |                         |                                 |
| reporter        | REPORTER#<id>       | REPORTER        | UNIT#<unit>#REPORTERS   | <created_at>#<id>               |
| report          | REPORT#<id>         | REPORT          | MONTH#<month>           | R#<unit>#<occurred_on>#<id>     |
| revision        | REPORT#<id>         | REV#<version>   |                         |                                 |
| nil report      | MONTH#<month>       | NIL#<unit>      |                         |                                 |
| month override  | MONTH#<month>       | STATUS          |                         |                                 |
| settings        | SETTINGS            | SETTINGS        |                         |                                 |
| agreement       | AGREEMENT#<id>      | AGREEMENT       | AGREEMENTS              | <unit>#<id>                     |
| reminder set.   | SETTINGS            | REMINDERS       |                         |                                 |
| campaigns       | SETTINGS            | CAMPAIGNS       |                         |                                 |
| reminder        | REMINDER#<r>#<p>    | <recipient>     | REMINDERS#<month>       | <claimed_at>#<r>#<p>#<recipient> |
| survey          | SURVEY#<id>         | SURVEY          | SURVEYS                 | <ends_at or 9999>#<id>          |
| survey version  | SURVEY#<id>         | VERSION#<n>     |                         |                                 |
| survey response | SURVEY#<id>         | RESPONSE#<rid>  |                         |                                 |
| survey link     | SURVEYTOKEN#<token> | SURVEYTOKEN     |                         |                                 |
| month change    | MONTH#<month>       | CHANGED#<unit>  |                         |                                 |
| month summary   | MONTH#<month>       | SUMMARY         |                         |                                 |
| year summary    | YEAR#<year>         | SUMMARY         |                         |                                 |
| plan task       | PLAN#<year>         | TASK#<task>     |                         |                                 |
| plan link       | PLAN#<year>         | LINK#<task>#<report> |                    |                                 |
| plan change     | MONTH#<month>       | CHANGED#plan    |                         |                                 |

"Every report of month M" and "the reports of unit U in month M" are both one
Query of GSI1; a withdrawn report loses its GSI1 keys and drops out of both.
A reminder e-mail is keyed by its reason <r>, period <p> and recipient; its GSI1
keys hold the month and moment it was first claimed.
A survey's versions and responses share its partition: its results are one
Query; a public link finds its survey by key; "surveys that ended in month M"
is one Query of GSI1 (ends_at is local time, so its text begins with the month).

Every write of a report or a nil report also adds 1 to its unit's month change
counter, in the same transaction (one round trip): a summary remembers the sum of
the month's counters it was compiled from, and is stale when the sum has moved.

A year's plan is one partition: its tasks and the links of reports to them, so a
plan with its progress is one Query. A report linked to a task (`plan_task_id`)
has a link item (a copy of what progress needs: unit, date, type, figures) written,
moved or deleted in the same transaction as the report itself; a withdrawn report
has none. A change of the plan adds 1 to the `CHANGED#plan` counter of each month
whose overdue tasks it may change (from the task's last day to December), so those
months' summaries, and the year's, turn stale.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from chalicelib.core.errors import AlreadyExists, InvalidParameter, MonthLocked, NotFound, VersionConflict

Table = Any  # a boto3 DynamoDB Table resource


class MonthGuard(Enum):
    """What a month's lock override must say for a write to go through."""

    ANY = "any"  # the county office writes whatever the month's state
    NOT_LOCKED = "not-locked"  # open by date: refused only if the office locked the month
    REOPENED = "reopened"  # closed by date: allowed only if the office reopened the month


KEY_FIELDS = ("PK", "SK", "GSI1PK", "GSI1SK")


def plain(item: dict[str, Any] | None) -> dict[str, Any] | None:
    """An item without its key attributes, whole numbers as int."""
    if item is None:
        return None
    return {k: _plain_value(v) for k, v in item.items() if k not in KEY_FIELDS}


def _plain_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dict):
        return {k: _plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


def _is_condition_failure(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in ("ConditionalCheckFailedException", "TransactionCanceledException")


def encode_page_token(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode().rstrip("=")


def decode_page_token(token: str | None, partition: str, prefix: str) -> dict[str, Any] | None:
    """The start key in a next_token, refused unless it lies inside the queried range."""
    if not token:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        valid = (
            isinstance(key, dict)
            and set(key) == {"PK", "SK", "GSI1PK", "GSI1SK"}
            and all(isinstance(v, str) for v in key.values())
            and key["GSI1PK"] == partition
            and key["GSI1SK"].startswith(prefix)
        )
    except ValueError:
        valid = False
    if not valid:
        raise InvalidParameter("翻页标记 next_token 无效，请从第一页重新查询")
    return key  # type: ignore[no-any-return]


def report_sort_key(unit_id: str, occurred_on: str, report_id: str) -> str:
    return f"R#{unit_id}#{occurred_on}#{report_id}"


def report_item(report: dict[str, Any]) -> dict[str, Any]:
    """A live report as its table item, with the keys that put it in its month."""
    return {
        "PK": f"REPORT#{report['report_id']}",
        "SK": "REPORT",
        "GSI1PK": f"MONTH#{report['month']}",
        "GSI1SK": report_sort_key(report["unit_id"], report["occurred_on"], report["report_id"]),
        **report,
    }


def plan_link_key(report: dict[str, Any]) -> dict[str, str] | None:
    """The key of a report's link to its plan task (the task's year is the report's), or None."""
    if not report.get("plan_task_id") or report.get("withdrawn_at"):
        return None
    return {"PK": f"PLAN#{report['occurred_on'][:4]}", "SK": f"LINK#{report['plan_task_id']}#{report['report_id']}"}


LINK_FIELDS = ("report_id", "unit_id", "occurred_on", "title", "activity_type", "participants", "metrics")


def _task_key(task: dict[str, Any]) -> dict[str, str]:
    return {"PK": f"PLAN#{task['year']}", "SK": f"TASK#{task['task_id']}"}


def _summary_key(period: str) -> dict[str, str]:
    """A month's summary record lives in the month's partition; a year's (YYYY) in its own."""
    return {"PK": f"YEAR#{period}" if len(period) == 4 else f"MONTH#{period}", "SK": "SUMMARY"}


def _cancellation_codes(error: ClientError) -> list[str]:
    return [str(reason.get("Code")) for reason in error.response.get("CancellationReasons", [])]


class Store:
    """The app's storage, over one DynamoDB table resource handed in."""

    def __init__(self, table: Table) -> None:
        self.table = table

    # --- units ---------------------------------------------------------------

    def add_unit(self, unit: dict[str, Any]) -> None:
        try:
            self.table.put_item(
                Item={"PK": "UNITS", "SK": f"UNIT#{unit['unit_id']}", **unit},
                ConditionExpression=Attr("PK").not_exists(),
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise AlreadyExists(f"单位编号 {unit['unit_id']} 已存在") from None
            raise

    def replace_unit(self, unit: dict[str, Any]) -> None:
        try:
            self.table.put_item(
                Item={"PK": "UNITS", "SK": f"UNIT#{unit['unit_id']}", **unit},
                ConditionExpression=Attr("PK").exists(),
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise NotFound("未找到该单位") from None
            raise

    def get_unit(self, unit_id: str) -> dict[str, Any] | None:
        return plain(self.table.get_item(Key={"PK": "UNITS", "SK": f"UNIT#{unit_id}"}).get("Item"))

    def list_units(self) -> list[dict[str, Any]]:
        return [
            plain(item)  # type: ignore[misc]
            for item in self._query_all(KeyConditionExpression=Key("PK").eq("UNITS") & Key("SK").begins_with("UNIT#"))
        ]

    # --- reporters -----------------------------------------------------------

    def add_reporter(self, reporter: dict[str, Any]) -> None:
        self.table.put_item(
            Item={
                "PK": f"REPORTER#{reporter['reporter_id']}",
                "SK": "REPORTER",
                "GSI1PK": f"UNIT#{reporter['unit_id']}#REPORTERS",
                "GSI1SK": f"{reporter['created_at']}#{reporter['reporter_id']}",
                **reporter,
            },
            ConditionExpression=Attr("PK").not_exists(),
        )

    def get_reporter(self, reporter_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"PK": f"REPORTER#{reporter_id}", "SK": "REPORTER"}, ConsistentRead=True)
        return plain(item.get("Item"))

    def list_reporters(self, unit_id: str) -> list[dict[str, Any]]:
        items = self._query_all(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(f"UNIT#{unit_id}#REPORTERS"))
        return [{k: v for k, v in plain(item).items() if k != "token_hash"} for item in items]  # type: ignore[union-attr]

    def revoke_reporter(self, reporter_id: str, revoked_at: str) -> None:
        try:
            self.table.update_item(
                Key={"PK": f"REPORTER#{reporter_id}", "SK": "REPORTER"},
                UpdateExpression="SET revoked_at = if_not_exists(revoked_at, :at) REMOVE token_hash",
                ConditionExpression=Attr("PK").exists(),
                ExpressionAttributeValues={":at": revoked_at},
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise NotFound("未找到该填报员") from None
            raise

    # --- reports -------------------------------------------------------------

    def add_report(self, report: dict[str, Any], guard: MonthGuard = MonthGuard.ANY) -> dict[str, Any] | None:
        """Store a new report, if its month's lock override allows (`guard`); one round trip.

        If the report's id is taken, answer the stored report instead; if the month is
        locked, raise MonthLocked."""
        put = {
            "TableName": self.table.name,
            "Item": report_item(report),
            "ConditionExpression": "attribute_not_exists(PK)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        steps = [{"Put": put}]
        if guard is not MonthGuard.ANY:
            steps.append(self._month_guard(report["month"], guard))
        steps += [self._month_changed(report["month"], report["unit_id"]), *self._link_steps(report)]
        try:
            self._transact(steps)
        except ClientError as error:
            codes = _cancellation_codes(error)
            if codes[:1] == ["ConditionalCheckFailed"]:
                existing = error.response.get("CancellationReasons", [{}])[0].get("Item")
                if existing is None:  # older endpoints do not return the item
                    return self.get_report(report["report_id"], include_withdrawn=True)
                return plain(_deserialize(existing))
            if guard is not MonthGuard.ANY and codes[1:2] == ["ConditionalCheckFailed"]:
                raise MonthLocked() from None
            raise
        return None

    def _month_guard(self, month: str, guard: MonthGuard) -> dict[str, Any]:
        """The transaction step that checks the month's lock override (see MonthGuard)."""
        condition = "attribute_not_exists(#o) OR #o <> :locked" if guard is MonthGuard.NOT_LOCKED else "#o = :reopened"
        values = {":locked": "locked"} if guard is MonthGuard.NOT_LOCKED else {":reopened": "reopened"}
        return {
            "ConditionCheck": {
                "TableName": self.table.name,
                "Key": {"PK": f"MONTH#{month}", "SK": "STATUS"},
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#o": "override"},
                "ExpressionAttributeValues": values,
            }
        }

    def get_report(self, report_id: str, include_withdrawn: bool = False) -> dict[str, Any] | None:
        item = plain(
            self.table.get_item(Key={"PK": f"REPORT#{report_id}", "SK": "REPORT"}, ConsistentRead=True).get("Item")
        )
        if item is not None and item.get("withdrawn_at") and not include_withdrawn:
            return None
        return item

    def replace_report(
        self,
        report: dict[str, Any],
        expected_version: int,
        revision: dict[str, Any],
        previous_month: str | None = None,
        previous_link: dict[str, str] | None = None,
    ) -> None:
        """Write the new state of a report and its revision, if the stored version is still `expected_version`.

        Both the report's month and, if the edit moved it, its `previous_month` are marked changed.
        The report's link to a plan task follows it: written, moved from `previous_link`, or deleted."""
        item: dict[str, Any] = {"PK": f"REPORT#{report['report_id']}", "SK": "REPORT", **report}
        if not report.get("withdrawn_at"):
            item["GSI1PK"] = f"MONTH#{report['month']}"
            item["GSI1SK"] = report_sort_key(report["unit_id"], report["occurred_on"], report["report_id"])
        months = sorted({report["month"], previous_month or report["month"]})
        try:
            self._transact(
                [
                    {
                        "Put": {
                            "TableName": self.table.name,
                            "Item": item,
                            "ConditionExpression": "version = :v AND attribute_not_exists(withdrawn_at)",
                            "ExpressionAttributeValues": {":v": expected_version},
                        }
                    },
                    {
                        "Put": {
                            "TableName": self.table.name,
                            "Item": {
                                "PK": f"REPORT#{report['report_id']}",
                                "SK": f"REV#{revision['version']:06d}",
                                **revision,
                            },
                            "ConditionExpression": "attribute_not_exists(PK)",
                        }
                    },
                    *[self._month_changed(month, report["unit_id"]) for month in months],
                    *self._link_steps(report, previous_link),
                ]
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise VersionConflict() from None
            raise

    def add_first_revision(self, report_id: str, revision: dict[str, Any]) -> None:
        self.table.put_item(Item={"PK": f"REPORT#{report_id}", "SK": f"REV#{revision['version']:06d}", **revision})

    def list_revisions(self, report_id: str) -> list[dict[str, Any]]:
        items = self._query_all(
            KeyConditionExpression=Key("PK").eq(f"REPORT#{report_id}") & Key("SK").begins_with("REV#"),
            ConsistentRead=True,
        )
        return [plain(item) for item in items]  # type: ignore[misc]

    def reports_page(
        self,
        month: str,
        unit_id: str | None,
        activity_type: str | None,
        limit: int,
        next_token: str | None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        partition = f"MONTH#{month}"
        prefix = f"R#{unit_id}#" if unit_id else "R#"
        query: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": Key("GSI1PK").eq(partition) & Key("GSI1SK").begins_with(prefix),
            "Limit": limit,
        }
        start = decode_page_token(next_token, partition, prefix)
        if start:
            query["ExclusiveStartKey"] = start
        if activity_type:
            query["FilterExpression"] = Attr("activity_type").eq(activity_type)
        answer = self.table.query(**query)
        return [plain(item) for item in answer["Items"]], encode_page_token(answer.get("LastEvaluatedKey"))  # type: ignore[misc]

    def month_reports(self, month: str, unit_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Every live report of the month (or of one unit in it), page by page."""
        prefix = f"R#{unit_id}#" if unit_id else "R#"
        for item in self._query_all(
            IndexName="GSI1",
            KeyConditionExpression=Key("GSI1PK").eq(f"MONTH#{month}") & Key("GSI1SK").begins_with(prefix),
        ):
            yield plain(item)  # type: ignore[misc]

    def unit_has_reports(self, month: str, unit_id: str) -> bool:
        answer = self.table.query(
            IndexName="GSI1",
            KeyConditionExpression=Key("GSI1PK").eq(f"MONTH#{month}") & Key("GSI1SK").begins_with(f"R#{unit_id}#"),
            Limit=1,
        )
        return bool(answer["Items"])

    # --- nil reports, months, settings ------------------------------------------

    def put_nil_report(self, nil_report: dict[str, Any]) -> None:
        item = {"PK": f"MONTH#{nil_report['month']}", "SK": f"NIL#{nil_report['unit_id']}", **nil_report}
        self._transact(
            [
                {"Put": {"TableName": self.table.name, "Item": item}},
                self._month_changed(nil_report["month"], nil_report["unit_id"]),
            ]
        )

    def get_nil_report(self, month: str, unit_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"PK": f"MONTH#{month}", "SK": f"NIL#{unit_id}"}, ConsistentRead=True)
        return plain(item.get("Item"))

    def delete_nil_report(self, month: str, unit_id: str) -> bool:
        delete = {
            "TableName": self.table.name,
            "Key": {"PK": f"MONTH#{month}", "SK": f"NIL#{unit_id}"},
            "ConditionExpression": "attribute_exists(PK)",
        }
        try:
            self._transact([{"Delete": delete}, self._month_changed(month, unit_id)])
        except ClientError as error:
            if _cancellation_codes(error)[:1] == ["ConditionalCheckFailed"]:
                return False
            raise
        return True

    def month_nil_reports(self, month: str) -> list[dict[str, Any]]:
        items = self._query_all(KeyConditionExpression=Key("PK").eq(f"MONTH#{month}") & Key("SK").begins_with("NIL#"))
        return [plain(item) for item in items]  # type: ignore[misc]

    def get_month_override(self, month: str) -> str | None:
        item = self.table.get_item(Key={"PK": f"MONTH#{month}", "SK": "STATUS"}).get("Item")
        return str(item["override"]) if item else None

    def set_month_override(self, month: str, override: str, at: str, by: str) -> None:
        self.table.put_item(Item={"PK": f"MONTH#{month}", "SK": "STATUS", "override": override, "at": at, "by": by})

    def get_settings(self) -> dict[str, Any] | None:
        return plain(self.table.get_item(Key={"PK": "SETTINGS", "SK": "SETTINGS"}).get("Item"))

    def put_settings(self, settings: dict[str, Any]) -> None:
        self.table.put_item(Item={"PK": "SETTINGS", "SK": "SETTINGS", **settings})

    # --- agreements ------------------------------------------------------------

    def add_agreement(self, agreement: dict[str, Any]) -> None:
        self.table.put_item(Item=self._agreement_item(agreement), ConditionExpression=Attr("PK").not_exists())

    def replace_agreement(self, agreement: dict[str, Any], expected_version: int) -> None:
        try:
            self.table.put_item(
                Item=self._agreement_item(agreement),
                ConditionExpression=Attr("version").eq(expected_version),
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise VersionConflict("该协议已被修改，请刷新后再改") from None
            raise

    def get_agreement(self, agreement_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"PK": f"AGREEMENT#{agreement_id}", "SK": "AGREEMENT"}, ConsistentRead=True)
        return plain(item.get("Item"))

    def list_agreements(self, unit_id: str | None = None) -> list[dict[str, Any]]:
        condition = Key("GSI1PK").eq("AGREEMENTS")
        if unit_id:
            condition = condition & Key("GSI1SK").begins_with(f"{unit_id}#")
        return [plain(item) for item in self._query_all(IndexName="GSI1", KeyConditionExpression=condition)]  # type: ignore[misc]

    @staticmethod
    def _agreement_item(agreement: dict[str, Any]) -> dict[str, Any]:
        return {
            "PK": f"AGREEMENT#{agreement['agreement_id']}",
            "SK": "AGREEMENT",
            "GSI1PK": "AGREEMENTS",
            "GSI1SK": f"{agreement['unit_id']}#{agreement['agreement_id']}",
            **agreement,
        }

    # --- month summaries -------------------------------------------------------

    def _month_changed(self, month: str, unit_id: str) -> dict[str, Any]:
        """The transaction step that counts one more change of the unit's month."""
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"PK": f"MONTH#{month}", "SK": f"CHANGED#{unit_id}"},
                "UpdateExpression": "ADD #changes :one",
                "ExpressionAttributeNames": {"#changes": "changes"},
                "ExpressionAttributeValues": {":one": 1},
            }
        }

    def month_changes(self, month: str) -> int:
        """How many times the month's reports and nil reports have been written, all units together."""
        items = self._query_all(
            KeyConditionExpression=Key("PK").eq(f"MONTH#{month}") & Key("SK").begins_with("CHANGED#"),
            ProjectionExpression="#changes",
            ExpressionAttributeNames={"#changes": "changes"},
            ConsistentRead=True,
        )
        return sum(int(item.get("changes", 0)) for item in items)

    def get_summary_record(self, month: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key=_summary_key(month), ConsistentRead=True)
        return plain(item.get("Item"))

    def request_summary(self, month: str, request: dict[str, Any]) -> None:
        """Make `request` the month's latest compile request, compiling; the last ready summary stays."""
        self.table.update_item(
            Key=_summary_key(month),
            UpdateExpression="SET #request = :request REMOVE #failure",
            ExpressionAttributeNames={"#request": "request", "#failure": "failure"},
            ExpressionAttributeValues={":request": {**request, "state": "compiling"}},
        )

    def publish_summary(self, month: str, ready: dict[str, Any]) -> bool:
        """Point the month at a fully written compile, unless one from newer data is already there."""
        try:
            self.table.update_item(
                Key=_summary_key(month),
                UpdateExpression="SET #ready = :ready",
                ConditionExpression="attribute_not_exists(#ready) OR #ready.#changes <= :changes",
                ExpressionAttributeNames={"#ready": "ready", "#changes": "changes"},
                ExpressionAttributeValues={":ready": ready, ":changes": ready["changes"]},
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def finish_summary_request(self, month: str, request_id: str, state: str, at: str, reason: str = "") -> None:
        """Record how the request ended (ready or failed), if it is still the month's latest.

        A failure never overwrites a request already ready (a duplicate delivery that failed)."""
        names = {"#request": "request", "#state": "state", "#id": "request_id", "#at": "finished_at"}
        values: dict[str, Any] = {":id": request_id, ":state": state, ":at": at}
        update = "SET #request.#state = :state, #request.#at = :at"
        condition = "#request.#id = :id"
        if state == "failed":
            update += ", #failure = :failure"
            names["#failure"] = "failure"
            values[":failure"] = {"request_id": request_id, "reason": reason, "at": at}
            values[":ready"] = "ready"
            condition += " AND #request.#state <> :ready"
        try:
            self.table.update_item(
                Key=_summary_key(month),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except ClientError as error:
            if not _is_condition_failure(error):
                raise

    # --- reminder e-mails -----------------------------------------------------------

    def get_reminder_settings(self) -> dict[str, Any] | None:
        return plain(self.table.get_item(Key={"PK": "SETTINGS", "SK": "REMINDERS"}).get("Item"))

    def put_reminder_settings(self, settings: dict[str, Any]) -> None:
        self.table.put_item(Item={"PK": "SETTINGS", "SK": "REMINDERS", **settings})

    def get_campaign_calendar(self) -> dict[str, Any] | None:
        return plain(self.table.get_item(Key={"PK": "SETTINGS", "SK": "CAMPAIGNS"}).get("Item"))

    def put_campaign_calendar(self, calendar: dict[str, Any]) -> None:
        self.table.put_item(Item={"PK": "SETTINGS", "SK": "CAMPAIGNS", **calendar})

    def claim_reminder(self, reminder: dict[str, Any], claim_id: str, now: str, stale_before: str) -> bool:
        """Claim the right to send one (reason, period, recipient) reminder; False if it was sent or is being sent.

        A reminder can be claimed when it was never claimed, when its last send failed, or
        when a claim was left behind (by a crashed run) before `stale_before`.
        """
        try:
            self.table.update_item(
                Key={"PK": f"REMINDER#{reminder['reason']}#{reminder['period']}", "SK": reminder["recipient"]},
                UpdateExpression=(
                    "SET #status = :claimed, claim_id = :claim, claimed_at = :now,"
                    " attempts = if_not_exists(attempts, :zero) + :one,"
                    " reason = :reason, period = :period, recipient = :recipient, #to = :to, subject = :subject,"
                    " GSI1PK = if_not_exists(GSI1PK, :gsi1pk), GSI1SK = if_not_exists(GSI1SK, :gsi1sk)"
                ),
                ConditionExpression=(
                    "attribute_not_exists(PK) OR #status = :failed OR (#status = :claimed AND claimed_at < :stale)"
                ),
                ExpressionAttributeNames={"#status": "status", "#to": "to"},
                ExpressionAttributeValues={
                    ":claimed": "claimed",
                    ":failed": "failed",
                    ":claim": claim_id,
                    ":now": now,
                    ":stale": stale_before,
                    ":zero": 0,
                    ":one": 1,
                    ":reason": reminder["reason"],
                    ":period": reminder["period"],
                    ":recipient": reminder["recipient"],
                    ":to": list(reminder["to"]),
                    ":subject": reminder["subject"],
                    ":gsi1pk": f"REMINDERS#{now[:7]}",
                    ":gsi1sk": f"{now}#{reminder['reason']}#{reminder['period']}#{reminder['recipient']}",
                },
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def finish_reminder(self, reminder: dict[str, Any], claim_id: str, outcome: dict[str, Any]) -> None:
        """Record how a claimed send ended: status sent (with sent_at, message_id) or failed (with error)."""
        names = {f"#{k}": k for k in outcome}
        try:
            self.table.update_item(
                Key={"PK": f"REMINDER#{reminder['reason']}#{reminder['period']}", "SK": reminder["recipient"]},
                UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in outcome),
                ConditionExpression="claim_id = :claim",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={**{f":{k}": v for k, v in outcome.items()}, ":claim": claim_id},
            )
        except ClientError as error:
            if not _is_condition_failure(error):  # another run took over a stale claim: its record stands
                raise

    def reminders_claimed_in(self, month: str) -> list[dict[str, Any]]:
        """Every reminder first claimed in the month (local time), oldest first."""
        items = self._query_all(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq(f"REMINDERS#{month}"))
        return [plain(item) for item in items]  # type: ignore[misc]

    # --- surveys ---------------------------------------------------------------

    def add_survey(self, survey: dict[str, Any]) -> None:
        self.table.put_item(Item=self._survey_item(survey), ConditionExpression=Attr("PK").not_exists())

    def get_survey(self, survey_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"PK": f"SURVEY#{survey_id}", "SK": "SURVEY"}, ConsistentRead=True)
        return plain(item.get("Item"))

    def save_survey(
        self,
        survey: dict[str, Any],
        expected_revision: int,
        frozen_version: dict[str, Any] | None = None,
        new_token: str | None = None,
    ) -> None:
        """Write the survey if its stored revision is still `expected_revision`, with (at once) a newly
        frozen version of its questions and a new public link."""
        puts: list[dict[str, Any]] = [
            {
                "Item": self._survey_item(survey),
                "ConditionExpression": "revision = :r",
                "ExpressionAttributeValues": {":r": expected_revision},
            }
        ]
        if frozen_version is not None:
            item = {"PK": f"SURVEY#{survey['survey_id']}", "SK": f"VERSION#{frozen_version['version']:06d}"}
            puts.append({"Item": {**item, **frozen_version}, "ConditionExpression": "attribute_not_exists(PK)"})
        if new_token is not None:
            item = {"PK": f"SURVEYTOKEN#{new_token}", "SK": "SURVEYTOKEN", "survey_id": survey["survey_id"]}
            puts.append({"Item": item, "ConditionExpression": "attribute_not_exists(PK)"})
        try:
            self.table.meta.client.transact_write_items(
                TransactItems=[{"Put": {"TableName": self.table.name, **put}} for put in puts]
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise VersionConflict("该问卷已被修改，请刷新后再试") from None
            raise

    def survey_versions(self, survey_id: str) -> list[dict[str, Any]]:
        items = self._query_all(
            KeyConditionExpression=Key("PK").eq(f"SURVEY#{survey_id}") & Key("SK").begins_with("VERSION#"),
            ConsistentRead=True,
        )
        return [plain(item) for item in items]  # type: ignore[misc]

    def survey_by_token(self, token: str) -> dict[str, Any] | None:
        key = {"PK": f"SURVEYTOKEN#{token}", "SK": "SURVEYTOKEN"}
        link = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return self.get_survey(str(link["survey_id"])) if link else None

    def add_survey_response(self, survey_id: str, response: dict[str, Any]) -> dict[str, Any] | None:
        """Store a response; if its id is taken, return the stored one instead."""
        key = {"PK": f"SURVEY#{survey_id}", "SK": f"RESPONSE#{response['response_id']}"}
        try:
            self.table.put_item(
                Item={**key, **response},
                ConditionExpression=Attr("PK").not_exists(),
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as error:
            if _is_condition_failure(error):
                existing = error.response.get("Item")
                if existing is None:
                    return self.get_survey_response(survey_id, response["response_id"])
                return plain(_deserialize(existing))
            raise
        return None

    def get_survey_response(self, survey_id: str, response_id: str) -> dict[str, Any] | None:
        key = {"PK": f"SURVEY#{survey_id}", "SK": f"RESPONSE#{response_id}"}
        return plain(self.table.get_item(Key=key, ConsistentRead=True).get("Item"))

    def survey_responses(self, survey_id: str) -> Iterator[dict[str, Any]]:
        """Every response to the survey, page by page."""
        for item in self._query_all(
            KeyConditionExpression=Key("PK").eq(f"SURVEY#{survey_id}") & Key("SK").begins_with("RESPONSE#")
        ):
            yield plain(item)  # type: ignore[misc]

    def count_survey_responses(self, survey_id: str) -> int:
        query: dict[str, Any] = {
            "KeyConditionExpression": Key("PK").eq(f"SURVEY#{survey_id}") & Key("SK").begins_with("RESPONSE#"),
            "Select": "COUNT",
        }
        total = 0
        while True:
            answer = self.table.query(**query)
            total += answer["Count"]
            if "LastEvaluatedKey" not in answer:
                return total
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def list_surveys(self, unit_id: str | None = None) -> list[dict[str, Any]]:
        """Every survey, latest ending first; with `unit_id`, that unit's only."""
        query: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": Key("GSI1PK").eq("SURVEYS"),
            "ScanIndexForward": False,
        }
        if unit_id is not None:
            query["FilterExpression"] = Attr("unit_id").eq(unit_id)
        return [plain(item) for item in self._query_all(**query)]  # type: ignore[misc]

    def surveys_ending_in(self, month: str) -> list[dict[str, Any]]:
        """The surveys whose closing time (or the time they were closed) falls in the local month."""
        condition = Key("GSI1PK").eq("SURVEYS") & Key("GSI1SK").begins_with(f"{month}-")
        return [plain(item) for item in self._query_all(IndexName="GSI1", KeyConditionExpression=condition)]  # type: ignore[misc]

    @staticmethod
    def _survey_item(survey: dict[str, Any]) -> dict[str, Any]:
        ends_at = survey.get("closed_at") or survey.get("closes_at") or "9999"
        return {
            "PK": f"SURVEY#{survey['survey_id']}",
            "SK": "SURVEY",
            "GSI1PK": "SURVEYS",
            "GSI1SK": f"{ends_at}#{survey['survey_id']}",
            **survey,
        }

    # --- the year's plan ---------------------------------------------------------

    def plan(self, year: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The year's tasks, in plan order, and every link of a live report to them: one Query."""
        tasks: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for item in self._query_all(KeyConditionExpression=Key("PK").eq(f"PLAN#{year}"), ConsistentRead=True):
            (tasks if str(item["SK"]).startswith("TASK#") else links).append(plain(item))  # type: ignore[arg-type]
        return sorted(tasks, key=lambda t: (t["position"], t["task_id"])), links

    def get_plan_task(self, year: int, task_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"PK": f"PLAN#{year}", "SK": f"TASK#{task_id}"}, ConsistentRead=True)
        return plain(item.get("Item"))

    def task_links(self, year: int, task_id: str) -> list[dict[str, Any]]:
        """The links of live reports to one task."""
        condition = Key("PK").eq(f"PLAN#{year}") & Key("SK").begins_with(f"LINK#{task_id}#")
        return [plain(item) for item in self._query_all(KeyConditionExpression=condition, ConsistentRead=True)]  # type: ignore[misc]

    def write_plan(
        self,
        puts: list[tuple[dict[str, Any], int | None]],
        deletes: list[tuple[dict[str, Any], int]],
        changed_months: set[str],
    ) -> None:
        """Write tasks (new: expected version None) and delete tasks, each only if its stored version is
        still the expected one, and mark the months whose overdue tasks change: all or nothing."""
        steps: list[dict[str, Any]] = []
        for task, expected in puts:
            put: dict[str, Any] = {"TableName": self.table.name, "Item": {**_task_key(task), **task}}
            if expected is None:
                put["ConditionExpression"] = "attribute_not_exists(PK)"
            else:
                put["ConditionExpression"] = "version = :v"
                put["ExpressionAttributeValues"] = {":v": expected}
            steps.append({"Put": put})
        for task, expected in deletes:
            delete = {"TableName": self.table.name, "Key": _task_key(task), "ConditionExpression": "version = :v"}
            steps.append({"Delete": {**delete, "ExpressionAttributeValues": {":v": expected}}})
        steps += [self._month_changed(month, "plan") for month in sorted(changed_months)]
        try:
            self._transact(steps)
        except ClientError as error:
            if _is_condition_failure(error):
                raise VersionConflict("该计划任务已被修改，请刷新后再改") from None
            raise

    def _link_steps(self, report: dict[str, Any], previous_link: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """The transaction steps that keep a report's plan link in step with the report."""
        key = plan_link_key(report)
        steps: list[dict[str, Any]] = []
        if previous_link is not None and previous_link != key:
            steps.append({"Delete": {"TableName": self.table.name, "Key": previous_link}})
        if key is not None:
            link = {**key, "task_id": report["plan_task_id"], **{f: report.get(f) for f in LINK_FIELDS}}
            steps.append({"Put": {"TableName": self.table.name, "Item": link}})
        return steps

    # --- helpers ---------------------------------------------------------------

    def _transact(self, steps: list[dict[str, Any]], attempts: int = 4) -> None:
        """One TransactWriteItems; retried when it only collided with another transaction."""
        client = self.table.meta.client  # the resource's client: it takes and gives plain Python values
        for attempt in range(attempts):
            try:
                client.transact_write_items(TransactItems=steps)
                return
            except ClientError as error:
                codes = _cancellation_codes(error)
                conflict = "TransactionConflict" in codes and "ConditionalCheckFailed" not in codes
                if not conflict or attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0.02, 0.05) * 2**attempt)

    def _query_all(self, **query: Any) -> Iterator[dict[str, Any]]:
        while True:
            answer = self.table.query(**query)
            yield from answer["Items"]
            if "LastEvaluatedKey" not in answer:
                return
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def _deserialize(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {k: deserializer.deserialize(v) for k, v in item.items()}
