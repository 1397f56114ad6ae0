"""Reminder e-mails in the table: each (reason, period, recipient) claimed, then marked sent or failed."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from boto3.dynamodb.conditions import Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Table


class Reminders:
    def __init__(self, table: Table) -> None:
        self.table = table

    def claim(self, reminder: Item, claim_id: str, now: str, stale_before: str) -> bool:
        """Claim the right to send one (reason, period, recipient) reminder; False if it was sent or is being sent.

        A reminder can be claimed when it was never claimed, when its last send failed, or
        when a claim was left behind (by a crashed run) before `stale_before`.
        """
        reason, period, recipient = reminder["reason"], reminder["period"], reminder["recipient"]
        index = keys.reminder_index(now, reason, period, recipient)
        try:
            self.table.update(
                keys.reminder(reason, period, recipient),
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
                    ":reason": reason,
                    ":period": period,
                    ":recipient": recipient,
                    ":to": list(reminder["to"]),
                    ":subject": reminder["subject"],
                    ":gsi1pk": self.table.partition(index["GSI1PK"]),  # a key set by an expression: as stored
                    ":gsi1sk": index["GSI1SK"],
                },
            )
        except ConditionFailed:
            return False
        return True

    def finish(self, reminder: Item, claim_id: str, outcome: dict[str, Any]) -> None:
        """Record how a claimed send ended: status sent (with sent_at, message_id) or failed (with error)."""
        with suppress(ConditionFailed):  # another run took over a stale claim: its record stands
            self.table.update(
                keys.reminder(reminder["reason"], reminder["period"], reminder["recipient"]),
                UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in outcome),
                ConditionExpression="claim_id = :claim",
                ExpressionAttributeNames={f"#{k}": k for k in outcome},
                ExpressionAttributeValues={**{f":{k}": v for k, v in outcome.items()}, ":claim": claim_id},
            )

    def claimed_in(self, month: str) -> list[Item]:
        """Every reminder first claimed in the month (local time), oldest first."""
        condition = Key("GSI1PK").eq(keys.reminders_claimed(month))
        return list(self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition))
