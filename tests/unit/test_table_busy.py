"""A transaction that keeps colliding with others ends as Busy (503.1 at the API), after its retries."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.db.errors import Busy
from chalicelib.db.table import Table


def test_a_transaction_that_keeps_colliding_is_busy_after_four_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    resource = boto3.resource("dynamodb", region_name="us-east-1").Table("shuangyong")
    monkeypatch.setattr("chalicelib.db.table.time.sleep", lambda seconds: None)
    conflict = {"CancellationReasons": [{"Code": "TransactionConflict"}]}  # what DynamoDB says of a collision
    with Stubber(resource.meta.client) as stub:
        for _ in range(4):
            stub.add_client_error("transact_write_items", "TransactionCanceledException", modeled_fields=conflict)
        with pytest.raises(Busy):
            Table(resource, "county").transact([{"Put": {"TableName": "shuangyong", "Item": {"PK": "A", "SK": "B"}}}])
        stub.assert_no_pending_responses()
