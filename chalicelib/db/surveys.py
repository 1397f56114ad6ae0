"""Surveys in the table: a survey, its frozen versions and its responses share a partition; a public link
finds its survey by key.

Beside the responses, the partition holds their count (`COUNT#responses`, made at 0 when the survey is
first opened). A response and the addition to the count are one transaction whose condition is the
survey's limit (`max_responses`), so however many answers arrive at once, no more than the limit are
stored, and a refused answer stores nothing. A survey opened before the count was kept has it made from
its stored responses by the first answer that finds it missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step, Table


def _in_partition(survey_id: str, prefix: str) -> Any:
    """The key condition of the survey's items of one kind (versions, responses)."""
    return Key("PK").eq(keys.survey_partition(survey_id)) & Key("SK").begins_with(prefix)


RESPONSE_COUNT = "COUNT#responses"  # outside the RESPONSE# range that the results read


def _response_count(survey_id: str) -> Item:
    """The key of the survey's count of responses."""
    return {"PK": keys.survey_partition(survey_id), "SK": RESPONSE_COUNT}


def _item(survey: Item) -> Item:
    return {**keys.survey(survey["survey_id"]), **keys.survey_index(survey), **survey}


class Surveys:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, survey: Item, *, audit: Step) -> None:
        """Store a new survey with its audit entry (db/audit.py); ConditionFailed if its id is taken."""
        self.table.transact([self.table.put_step(_item(survey), "attribute_not_exists(PK)"), audit])

    def get(self, survey_id: str) -> Item | None:
        return self.table.get(keys.survey(survey_id), consistent=True)

    def delete_draft(self, survey_id: str, revision: int, *, audit: Step) -> None:
        """Delete a draft at its stored `revision` (ConditionFailed if it changed or is gone), with the audit
        entry. A draft was never opened: its partition holds no version, response, count or link."""
        self.table.transact([self.table.delete_step(keys.survey(survey_id), "revision = :r", {":r": revision}), audit])

    def save(
        self,
        survey: Item,
        expected_revision: int,
        frozen_version: Item | None = None,
        new_token: str | None = None,
        *,
        audit: Step,
    ) -> None:
        """Write the survey if its stored revision is still `expected_revision` (ConditionFailed otherwise),
        with (at once) a newly frozen version of its questions, a new public link (which starts the
        count of its responses at 0) and the write's audit entry (db/audit.py)."""
        steps: list[Step] = [self.table.put_step(_item(survey), "revision = :r", {":r": expected_revision})]
        if frozen_version is not None:
            version = {**keys.survey_version(survey["survey_id"], frozen_version["version"]), **frozen_version}
            steps.append(self.table.put_step(version, "attribute_not_exists(PK)"))
        if new_token is not None:
            link = {**keys.survey_link(new_token), "survey_id": survey["survey_id"], "org_id": self.table.tenant}
            steps.append(self.table.put_step(link, "attribute_not_exists(PK)"))
            count = {**_response_count(survey["survey_id"]), "responses": 0}
            steps.append(self.table.put_step(count, "attribute_not_exists(PK)"))
        self.table.transact([*steps, audit])

    def versions(self, survey_id: str) -> list[Item]:
        return list(self._in_partition(survey_id, keys.VERSION_PREFIX, ConsistentRead=True))

    def link(self, token: str) -> Item | None:
        """A public link (global: found by its token alone), naming its survey and organisation (`org_id`)."""
        return self.table.get(keys.survey_link(token), consistent=True)

    def add_response(self, survey_id: str, response: Item, limit: int | None = None) -> Item | None:
        """Store a response and count it, at once; if its id is taken, store nothing and return the stored one.

        With a `limit`, a response beyond the survey's limit is refused: ConditionFailed (step 1, with the
        count as stored), and nothing is written."""
        key = keys.survey_response(survey_id, response["response_id"])
        steps = [
            self.table.put_step({**key, **response}, "attribute_not_exists(PK)", return_old=True),
            self._count_step(survey_id, limit),
        ]
        try:
            return self._store_counted(steps, survey_id, response["response_id"])
        except ConditionFailed as failed:
            if failed.item is not None:  # the count stands at the limit
                raise
        self._start_count(survey_id)  # no count: the survey was opened before its responses were counted
        return self._store_counted(steps, survey_id, response["response_id"])

    def _store_counted(self, steps: list[Step], survey_id: str, response_id: str) -> Item | None:
        """None once stored; the stored response if its id was taken; ConditionFailed (step 1) from the count."""
        try:
            self.table.transact(steps)
            return None
        except ConditionFailed as failed:
            if failed.step == 0:
                return failed.item or self.get_response(survey_id, response_id)
            raise

    def _count_step(self, survey_id: str, limit: int | None) -> Step:
        """Add 1 to the count of responses; it must exist (else its responses are not all counted) and,
        with a limit, be below it."""
        condition = "attribute_exists(#n)" + (" AND #n < :limit" if limit is not None else "")
        values: dict[str, Any] = {":one": 1, **({":limit": limit} if limit is not None else {})}
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": _response_count(survey_id),
                "UpdateExpression": "ADD #n :one",
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#n": "responses"},
                "ExpressionAttributeValues": values,
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }

    def _start_count(self, survey_id: str) -> None:
        """Make the missing count from the responses stored. None can be added meanwhile (adding needs the
        count), so the figure is exact; of two answers that both found it missing, the second keeps the first's."""
        stored = self.table.count(
            KeyConditionExpression=_in_partition(survey_id, keys.RESPONSE_PREFIX), ConsistentRead=True
        )
        with suppress(ConditionFailed):
            self.table.put({**_response_count(survey_id), "responses": stored}, Attr("PK").not_exists())

    def get_response(self, survey_id: str, response_id: str) -> Item | None:
        return self.table.get(keys.survey_response(survey_id, response_id), consistent=True)

    def responses(self, survey_id: str) -> Iterator[Item]:
        """Every response to the survey, page by page."""
        return self._in_partition(survey_id, keys.RESPONSE_PREFIX)

    def count_responses(self, survey_id: str) -> int:
        """The survey's responses: its count, or (a survey not answered since the count began) the stored ones."""
        count = self.table.get(_response_count(survey_id), consistent=True)
        if count is not None:
            return int(count["responses"])
        return self.table.count(KeyConditionExpression=_in_partition(survey_id, keys.RESPONSE_PREFIX))

    def all(self, unit_id: str | None = None) -> list[Item]:
        """Every survey, latest ending first; with `unit_id`, that unit's only."""
        query: dict[str, Any] = {
            "IndexName": "GSI1",
            "KeyConditionExpression": Key("GSI1PK").eq(keys.SURVEYS),
            "ScanIndexForward": False,
        }
        if unit_id is not None:
            query["FilterExpression"] = Attr("unit_id").eq(unit_id)
        return list(self.table.query_plain(**query))

    def ending_in(self, month: str) -> list[Item]:
        """The surveys whose closing time (or the time they were closed) falls in the local month."""
        condition = Key("GSI1PK").eq(keys.SURVEYS) & Key("GSI1SK").begins_with(f"{month}-")
        return list(self.table.query_plain(IndexName="GSI1", KeyConditionExpression=condition))

    def _in_partition(self, survey_id: str, prefix: str, **query: Any) -> Iterator[Item]:
        return self.table.query_plain(KeyConditionExpression=_in_partition(survey_id, prefix), **query)
