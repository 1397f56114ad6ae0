"""Create the app's AWS resources on moto from the same CloudFormation file the cloud uses.

infra/resources.json is merged into the template by `chalice package`; here its
table, bucket, compile queues, queue policy and the bucket's notification create
the moto resources of the local stack and the tests, so that local and cloud
cannot drift apart. The few intrinsic functions the file uses (Ref, Fn::GetAtt
Arn) are resolved against what was created.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESOURCES_FILE = Path(__file__).resolve().parent.parent / "infra" / "resources.json"
# Properties CloudFormation knows and the CreateTable API does not.
_TABLE_ONLY_IN_CFN = {
    "PointInTimeRecoverySpecification",
    "TimeToLiveSpecification",
    "Tags",
    "TableName",
    "SSESpecification",
}


def template() -> dict[str, Any]:
    return json.loads(RESOURCES_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def resource(logical_id: str) -> dict[str, Any]:
    return template()["Resources"][logical_id]["Properties"]  # type: ignore[no-any-return]


def create_table(dynamodb: Any, table_name: str) -> None:
    properties = {k: v for k, v in resource("Table").items() if k not in _TABLE_ONLY_IN_CFN}
    dynamodb.create_table(TableName=table_name, **properties)
    ttl = resource("Table").get("TimeToLiveSpecification")
    if ttl:
        dynamodb.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": ttl["Enabled"]},
        )


def create_bucket(s3: Any, bucket_name: str) -> None:
    s3.create_bucket(Bucket=bucket_name)
    properties = resource("Bucket")
    s3.put_public_access_block(
        Bucket=bucket_name, PublicAccessBlockConfiguration=properties["PublicAccessBlockConfiguration"]
    )


# CloudFormation's queue properties that the CreateQueue API takes as attributes.
_QUEUE_ATTRIBUTES = ("VisibilityTimeout", "MessageRetentionPeriod", "RedrivePolicy", "SqsManagedSseEnabled")


def _resolve(value: Any, created: dict[str, dict[str, str]]) -> Any:
    """The value with Ref / Fn::GetAtt replaced by the created resources' URL, ARN or account."""
    if isinstance(value, list):
        return [_resolve(v, created) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        name = value["Ref"]
        return next(iter(created.values()))["account"] if name == "AWS::AccountId" else created[name]["ref"]
    if set(value) == {"Fn::GetAtt"}:
        name, attribute = value["Fn::GetAtt"]
        return created[name][attribute.lower()]
    return {k: _resolve(v, created) for k, v in value.items()}


def _queue_attributes(properties: dict[str, Any], created: dict[str, dict[str, str]]) -> dict[str, str]:
    attributes = {}
    for name in _QUEUE_ATTRIBUTES:
        if name in properties:
            value = _resolve(properties[name], created)
            attributes[name] = json.dumps(value) if isinstance(value, dict) else str(value).lower()
    return attributes


def create_queues(sqs: Any, compile_queue: str | None = None) -> dict[str, dict[str, str]]:
    """The template's queues (dead-letter queues first) and queue policies; by logical id: ref (URL) and arn.

    `compile_queue` renames the compile queue (COMPILE_QUEUE) and, alike, its dead-letter queue."""
    resources = template()["Resources"]
    template_name = resources["CompileQueue"]["Properties"]["QueueName"]
    queues = sorted(
        (logical_id for logical_id, r in resources.items() if r["Type"] == "AWS::SQS::Queue"),
        key=lambda logical_id: "RedrivePolicy" in resources[logical_id]["Properties"],
    )
    created: dict[str, dict[str, str]] = {}
    for logical_id in queues:
        properties = resources[logical_id]["Properties"]
        name = properties["QueueName"].replace(template_name, compile_queue or template_name)
        url = sqs.create_queue(QueueName=name, Attributes=_queue_attributes(properties, created))["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        created[logical_id] = {"ref": url, "arn": arn, "account": arn.split(":")[4]}
    for r in resources.values():
        if r["Type"] == "AWS::SQS::QueuePolicy":
            policy = json.dumps(_resolve(r["Properties"]["PolicyDocument"], created))
            for url in _resolve(r["Properties"]["Queues"], created):
                sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    return created


def configure_notifications(s3: Any, bucket_name: str, created: dict[str, dict[str, str]]) -> None:
    """The bucket's NotificationConfiguration, from CloudFormation's shape to the API's."""
    notification = resource("Bucket").get("NotificationConfiguration", {})
    queues = [
        {
            "QueueArn": _resolve(q["Queue"], created),
            "Events": [q["Event"]],
            "Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}},
        }
        for q in notification.get("QueueConfigurations", [])
    ]
    s3.put_bucket_notification_configuration(
        Bucket=bucket_name, NotificationConfiguration={"QueueConfigurations": queues}
    )


def create_all(session: Any, table_name: str, bucket_name: str, compile_queue: str | None = None) -> None:
    create_table(session.client("dynamodb"), table_name)
    create_bucket(session.client("s3"), bucket_name)
    created = create_queues(session.client("sqs"), compile_queue)
    configure_notifications(session.client("s3"), bucket_name, created)
