"""A period's summary record: its latest compile request and the last ready compile."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step, Table


class Summaries:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, period: str) -> Item | None:
        return self.table.get(keys.summary(period), consistent=True)

    def many(self, periods: list[str]) -> list[Item | None]:
        """The records of several periods (None where never requested), in one BatchGetItem."""
        return self.table.get_many([keys.summary(period) for period in periods])

    def with_texts(
        self, period: str, year: int, texts: tuple[str, ...], also: str | None = None
    ) -> tuple[Item | None, dict[str, int], Item | None]:
        """The period's record, the change counters of the office's `texts` of its year, and the record of the
        period `also` (None without it), in one strong BatchGetItem (see keys.py)."""
        wanted = [keys.summary(period), *_text_keys(year, texts), *([keys.summary(also)] if also else [])]
        record, *rest = self.table.get_many(wanted, consistent=True)
        return record, _counted(texts, rest[: len(texts)]), rest[len(texts)] if also else None

    def texts(self, year: int, texts: tuple[str, ...]) -> dict[str, int]:
        """The change counters of the office's `texts` of the year (strong reads, in one BatchGetItem)."""
        return _counted(texts, self.table.get_many(_text_keys(year, texts), consistent=True))

    def request(self, period: str, request: Item, *, audit: Step) -> None:
        """Make `request` the period's latest compile request, compiling, with its audit entry (db/audit.py)
        in the same transaction; the last ready summary stays."""
        step = self.table.update_step(
            keys.summary(period),
            "SET #request = :request REMOVE #failure",
            values={":request": {**request, "state": "compiling"}},
            names={"#request": "request", "#failure": "failure"},
        )
        self.table.transact([step, audit])

    def publish(self, period: str, ready: Item) -> bool:
        """Point the period at a fully written compile, unless one from newer data is already there."""
        try:
            self.table.update(
                keys.summary(period),
                UpdateExpression="SET #ready = :ready",
                ConditionExpression="attribute_not_exists(#ready) OR #ready.#changes <= :changes",
                ExpressionAttributeNames={"#ready": "ready", "#changes": "changes"},
                ExpressionAttributeValues={":ready": ready, ":changes": ready["changes"]},
            )
        except ConditionFailed:
            return False
        return True

    def finish_request(self, period: str, request_id: str, state: str, at: str, reason: str = "") -> None:
        """Record how the request ended (ready or failed), if it is still the period's latest.

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
        with suppress(ConditionFailed):  # a newer request, or one already ready: its record stands
            self.table.update(
                keys.summary(period),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )


def _text_keys(year: int, texts: tuple[str, ...]) -> list[keys.Key]:
    """The counters' keys: the office's texts of the year, and the county's registers (see keys.py)."""
    return [
        keys.register_changes(text) if text in keys.REGISTERS else keys.office_text_changes(year, text)
        for text in texts
    ]


def _counted(texts: tuple[str, ...], counters: list[Item | None]) -> dict[str, int]:
    """Each text's count of changes (0 for a text never written since counting began)."""
    return {text: int((counter or {}).get("changes", 0)) for text, counter in zip(texts, counters, strict=True)}
