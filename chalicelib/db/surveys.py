"""Surveys in the table: a survey, its frozen versions and its responses share a partition; a public link
finds its survey by key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from chalicelib.db import keys
from chalicelib.db.errors import ConditionFailed
from chalicelib.db.table import Item, Step, Table


def _in_partition(survey_id: str, prefix: str) -> Any:
    """The key condition of the survey's items of one kind (versions, responses)."""
    return Key("PK").eq(keys.survey_partition(survey_id)) & Key("SK").begins_with(prefix)


def _item(survey: Item) -> Item:
    return {**keys.survey(survey["survey_id"]), **keys.survey_index(survey), **survey}


class Surveys:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(self, survey: Item) -> None:
        self.table.put(_item(survey), Attr("PK").not_exists())

    def get(self, survey_id: str) -> Item | None:
        return self.table.get(keys.survey(survey_id), consistent=True)

    def save(
        self,
        survey: Item,
        expected_revision: int,
        frozen_version: Item | None = None,
        new_token: str | None = None,
    ) -> None:
        """Write the survey if its stored revision is still `expected_revision` (ConditionFailed otherwise),
        with (at once) a newly frozen version of its questions and a new public link."""
        steps: list[Step] = [self.table.put_step(_item(survey), "revision = :r", {":r": expected_revision})]
        if frozen_version is not None:
            version = {**keys.survey_version(survey["survey_id"], frozen_version["version"]), **frozen_version}
            steps.append(self.table.put_step(version, "attribute_not_exists(PK)"))
        if new_token is not None:
            link = {**keys.survey_link(new_token), "survey_id": survey["survey_id"]}
            steps.append(self.table.put_step(link, "attribute_not_exists(PK)"))
        self.table.transact(steps)

    def versions(self, survey_id: str) -> list[Item]:
        return list(self._in_partition(survey_id, keys.VERSION_PREFIX, ConsistentRead=True))

    def by_token(self, token: str) -> Item | None:
        link = self.table.get(keys.survey_link(token), consistent=True)
        return self.get(str(link["survey_id"])) if link else None

    def add_response(self, survey_id: str, response: Item) -> Item | None:
        """Store a response; if its id is taken, return the stored one instead."""
        key = keys.survey_response(survey_id, response["response_id"])
        try:
            self.table.put({**key, **response}, Attr("PK").not_exists(), return_old=True)
        except ConditionFailed as failed:
            return failed.item or self.get_response(survey_id, response["response_id"])
        return None

    def get_response(self, survey_id: str, response_id: str) -> Item | None:
        return self.table.get(keys.survey_response(survey_id, response_id), consistent=True)

    def responses(self, survey_id: str) -> Iterator[Item]:
        """Every response to the survey, page by page."""
        return self._in_partition(survey_id, keys.RESPONSE_PREFIX)

    def count_responses(self, survey_id: str) -> int:
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
