"""Moving a table written before organisations into the layout of tenants (db/table.py), once.

Before organisations every partition key was the county's without a tenant (`UNITS`, `REPORT#<id>`); now each
is behind its organisation (`O#<org>#UNITS`). `adopt` moves every such item under one organisation's tenant: a
copy with its partition keys behind the tenant, then the old item deleted. Global items (keys.GLOBAL_PARTITIONS)
stay where they are and are given their organisation (`org_id`; a reporter's unit list, GSI1, moves behind the
tenant). Run again, it finds nothing left to move: it is safe to repeat after a failure part-way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.db.keys import GLOBAL_PARTITIONS, ORGS, TENANT_PREFIX, tenant_prefix

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table as TableResource


@dataclass
class Adopted:
    moved: int = 0  # items copied behind the tenant, their old copies deleted
    named: int = 0  # global items given their organisation
    kept: int = 0  # items already in the layout of tenants, or the tree


def adopt(resource: TableResource, org: str) -> Adopted:
    """Move every item stored without a tenant under `org`'s (see the module's doc)."""
    prefix, done = tenant_prefix(org), Adopted()
    request: dict[str, Any] = {"ConsistentRead": True}
    with resource.batch_writer() as batch:
        while True:
            page = resource.scan(**request)
            for item in page["Items"]:
                pk = str(item["PK"])
                named = "org_id" in item and pk.startswith(GLOBAL_PARTITIONS)
                if pk.startswith(TENANT_PREFIX) or pk == ORGS or named:
                    done.kept += 1
                    continue
                moved = dict(item)
                if "GSI1PK" in item:
                    moved["GSI1PK"] = f"{prefix}{item['GSI1PK']!s}"
                if pk.startswith(GLOBAL_PARTITIONS):
                    batch.put_item(Item={**moved, "org_id": org})
                    done.named += 1
                    continue
                batch.put_item(Item={**moved, "PK": f"{prefix}{pk}"})
                batch.delete_item(Key={"PK": pk, "SK": item["SK"]})
                done.moved += 1
            if "LastEvaluatedKey" not in page:
                return done
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
