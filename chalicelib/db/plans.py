"""The year's plan in the table: its tasks and the links of reports to them, one partition a year."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.table import Item, Step, Table, plain

LINK_FIELDS = ("report_id", "unit_id", "occurred_on", "title", "activity_type", "participants", "metrics", "review")


def link_steps(table: Table, report: Item, previous_link: keys.Key | None = None) -> list[Step]:
    """The transaction steps that keep a report's plan link in step with the report."""
    key = keys.plan_link(report)
    steps: list[Step] = []
    if previous_link is not None and previous_link != key:
        steps.append(table.delete_step(previous_link))
    if key is not None:
        steps.append(
            table.put_step({**key, "task_id": report["plan_task_id"], **{f: report.get(f) for f in LINK_FIELDS}})
        )
    return steps


class Plans:
    def __init__(self, table: Table) -> None:
        self.table = table

    def of_year(self, year: int) -> tuple[list[Item], list[Item]]:
        """The year's tasks, in plan order, and every link of a live report to them: one Query."""
        tasks: list[Item] = []
        links: list[Item] = []
        for item in self.table.query_all(KeyConditionExpression=Key("PK").eq(keys.plan(year)), ConsistentRead=True):
            (tasks if str(item["SK"]).startswith(keys.TASK_PREFIX) else links).append(plain(item))  # type: ignore[arg-type]
        return sorted(tasks, key=lambda t: (t["position"], t["task_id"])), links

    def get_task(self, year: int, task_id: str) -> Item | None:
        return self.table.get(keys.plan_task(year, task_id), consistent=True)

    def task_links(self, year: int, task_id: str) -> list[Item]:
        """The links of live reports to one task."""
        condition = Key("PK").eq(keys.plan(year)) & Key("SK").begins_with(keys.task_links_prefix(task_id))
        return list(self.table.query_plain(KeyConditionExpression=condition, ConsistentRead=True))

    def write(
        self,
        puts: list[tuple[Item, int | None]],
        deletes: list[tuple[Item, int]],
        changed_months: set[str],
        *,
        audit: Step,
    ) -> None:
        """Write tasks (new: expected version None) and delete tasks, each only if its stored version is
        still the expected one, and mark the months whose overdue tasks change, with the write's audit entry
        (db/audit.py): all or nothing (ConditionFailed otherwise). At most 80 tasks (an import's limit), 12
        months and the entry: inside a transaction's 100 steps."""
        steps: list[Step] = []
        for task, expected in puts:
            item = {**keys.plan_task(task["year"], task["task_id"]), **task}
            if expected is None:
                steps.append(self.table.put_step(item, "attribute_not_exists(PK)"))
            else:
                steps.append(self.table.put_step(item, "version = :v", {":v": expected}))
        for task, expected in deletes:
            steps.append(
                self.table.delete_step(keys.plan_task(task["year"], task["task_id"]), "version = :v", {":v": expected})
            )
        steps += [
            self.table.count_step(keys.month_changes(month, keys.PLAN_CHANGES)) for month in sorted(changed_months)
        ]
        self.table.transact([*steps, audit])
