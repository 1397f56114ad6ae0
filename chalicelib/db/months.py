"""What the table keeps of a month besides its reports: nil reports, the office's override, change counters;
and the settings items."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Table


class NilReports:
    def __init__(self, table: Table) -> None:
        self.table = table

    def put(self, nil_report: Item) -> None:
        month, unit_id = nil_report["month"], nil_report["unit_id"]
        self.table.transact(
            [
                self.table.put_step({**keys.nil_report(month, unit_id), **nil_report}),
                self.table.count_step(keys.month_changes(month, unit_id)),
            ]
        )

    def get(self, month: str, unit_id: str) -> Item | None:
        return self.table.get(keys.nil_report(month, unit_id), consistent=True)

    def delete(self, month: str, unit_id: str) -> None:
        """ConditionFailed if the unit filed none for the month."""
        self.table.transact(
            [
                self.table.delete_step(keys.nil_report(month, unit_id), "attribute_exists(PK)"),
                self.table.count_step(keys.month_changes(month, unit_id)),
            ]
        )

    def of_month(self, month: str) -> list[Item]:
        condition = Key("PK").eq(keys.month(month)) & Key("SK").begins_with(keys.NIL_PREFIX)
        return list(self.table.query_plain(KeyConditionExpression=condition))


class Months:
    def __init__(self, table: Table) -> None:
        self.table = table

    def override(self, month: str) -> str | None:
        item = self.table.get(keys.month_override(month))
        return str(item["override"]) if item else None

    def set_override(self, month: str, override: str, at: str, by: str) -> None:
        self.table.put({**keys.month_override(month), "override": override, "at": at, "by": by})

    def changes(self, month: str) -> int:
        """How many times the month's reports and nil reports (and the plan) have been written, all together."""
        items = self.table.query_all(
            KeyConditionExpression=Key("PK").eq(keys.month(month)) & Key("SK").begins_with(keys.CHANGED_PREFIX),
            ProjectionExpression="#changes",
            ExpressionAttributeNames={"#changes": "changes"},
            ConsistentRead=True,
        )
        return sum(int(item.get("changes", 0)) for item in items)


class Settings:
    """The county's settings items: "calendar" (deadline and lock days), "reminders", "campaigns"."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, name: str) -> Item | None:
        return self.table.get(keys.settings(name))

    def put(self, name: str, value: Item) -> None:
        self.table.put({**keys.settings(name), **value})
