"""Create the app's AWS resources on moto from the same CloudFormation file the cloud uses.

infra/resources.json is merged into the template by `chalice package`; here its
table, compile queues (with their dead-letter queue and policies), the failed-events
queue, and the bucket (public access block, encryption, ownership, versioning,
lifecycle, CORS, S3 → SQS notification) create the moto resources of the local
stack and the tests, so that local and cloud cannot drift apart. The bucket's TLS-only
policy stays in the cloud: the local moto server speaks plain HTTP, and moto, which
does not evaluate the policy's condition, would deny every request.
Parameters, pseudo parameters and intrinsic functions are evaluated by local/cfn.py
against what was created. A property this module does not apply (nor list as
cloud-only) is an error: a new property in the template cannot be silently skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.core.config import Config

from .cfn import Stack

RESOURCES_FILE = Path(__file__).resolve().parent.parent / "infra" / "resources.json"
# The template names the stack's queues <stack>-compile, <stack>-compile-dlq …; locally the stack
# is named so that the compile queue is COMPILE_QUEUE.
COMPILE_SUFFIX = "-compile"
# Properties CloudFormation knows and the CreateTable API does not (PITR and SSE are on by
# default on moto's side of things, or have no local meaning).
_TABLE_ONLY_IN_CFN = {
    "PointInTimeRecoverySpecification",
    "TimeToLiveSpecification",
    "Tags",
    "TableName",
    "SSESpecification",
}
_TABLE_API = {"BillingMode", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes"}
# CloudFormation's queue properties that the CreateQueue API takes as attributes.
_QUEUE_ATTRIBUTES = (
    "VisibilityTimeout",
    "MessageRetentionPeriod",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "SqsManagedSseEnabled",
)
# CloudFormation's names of a CORS rule's properties, and the S3 API's.
_CORS_API_NAMES = {"MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders", "Id": "ID"}
# Lifecycle rule properties of the same shape in CloudFormation and the API.
_SAME_SHAPE = {"NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload"}
_BUCKET_PROPERTIES = {
    "PublicAccessBlockConfiguration",
    "BucketEncryption",
    "OwnershipControls",
    "VersioningConfiguration",
    "LifecycleConfiguration",
    "CorsConfiguration",
    "NotificationConfiguration",
}


def template() -> dict[str, Any]:
    return json.loads(RESOURCES_FILE.read_text(encoding="utf-8"))


def resource(logical_id: str) -> dict[str, Any]:
    return template()["Resources"][logical_id]["Properties"]


def _known(logical_id: str, properties: dict[str, Any], known: set[str]) -> None:
    unknown = set(properties) - known
    if unknown:
        raise ValueError(f"local/resources.py does not create {logical_id}'s {sorted(unknown)} on moto")


def local_stack(session: Any, compile_queue: str = Config.compile_queue, public_url: str = Config.public_url) -> Stack:
    """The template's parameters and pseudo parameters as the local stack has them."""
    if not compile_queue.endswith(COMPILE_SUFFIX):
        raise ValueError(f"COMPILE_QUEUE must end in {COMPILE_SUFFIX} (the template names it <stack>{COMPILE_SUFFIX})")
    region = session.region_name or "us-east-1"
    pseudo = {
        "AWS::StackName": compile_queue.removesuffix(COMPILE_SUFFIX),
        "AWS::Region": region,
        "AWS::AccountId": session.client("sts").get_caller_identity()["Account"],
        "AWS::Partition": "aws-cn" if region.startswith("cn-") else "aws",
        "AWS::URLSuffix": "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com",
    }
    return Stack(template(), {"PublicUrl": public_url}, pseudo)


def create_table(dynamodb: Any, table_name: str, stack: Stack | None = None) -> None:
    properties = resource("Table")
    _known("Table", properties, _TABLE_API | _TABLE_ONLY_IN_CFN)
    dynamodb.create_table(TableName=table_name, **{k: v for k, v in properties.items() if k in _TABLE_API})
    ttl = properties.get("TimeToLiveSpecification")
    if ttl:
        dynamodb.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": ttl["Enabled"]},
        )
    if stack is not None:
        arn = dynamodb.describe_table(TableName=table_name)["Table"]["TableArn"]
        stack.add("Table", table_name, Arn=arn)


def _queue_attributes(properties: dict[str, Any]) -> dict[str, str]:
    attributes = {}
    for name in _QUEUE_ATTRIBUTES:
        if name in properties:
            value = properties[name]
            attributes[name] = json.dumps(value) if isinstance(value, dict) else str(value).lower()
    return attributes


def create_queues(sqs: Any, stack: Stack) -> None:
    """The template's queues (dead-letter queues first) and queue policies."""
    resources = stack.template["Resources"]
    queues = sorted(
        (logical_id for logical_id, r in resources.items() if r["Type"] == "AWS::SQS::Queue"),
        key=lambda logical_id: "RedrivePolicy" in resources[logical_id]["Properties"],
    )
    for logical_id in queues:
        properties = resources[logical_id]["Properties"]
        _known(logical_id, properties, {"QueueName", *_QUEUE_ATTRIBUTES})
        properties = stack.resolve(properties)
        url = sqs.create_queue(QueueName=properties["QueueName"], Attributes=_queue_attributes(properties))["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        stack.add(logical_id, url, Arn=arn, QueueName=properties["QueueName"])
    for r in resources.values():
        if r["Type"] == "AWS::SQS::QueuePolicy":
            policy = json.dumps(stack.resolve(r["Properties"]["PolicyDocument"]))
            for url in stack.resolve(r["Properties"]["Queues"]):
                sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A lifecycle rule, from CloudFormation's shape to the API's."""
    _known("a lifecycle rule", rule, {"Id", "Status", "Prefix", "ExpirationInDays", "Transitions", *_SAME_SHAPE})
    api: dict[str, Any] = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "Transitions" in rule:
        api["Transitions"] = [
            {"Days": t["TransitionInDays"], "StorageClass": t["StorageClass"]} for t in rule["Transitions"]
        ]
    return api | {k: v for k, v in rule.items() if k in _SAME_SHAPE}


def create_bucket(s3: Any, bucket_name: str, stack: Stack) -> None:
    """The bucket with every property of the template's, its policy, and its notifications."""
    raw = resource("Bucket")
    _known("Bucket", raw, _BUCKET_PROPERTIES)
    s3.create_bucket(Bucket=bucket_name)
    stack.add("Bucket", bucket_name, Arn=f"arn:{stack.values['AWS::Partition']}:s3:::{bucket_name}")
    properties = stack.resolve(raw)
    s3.put_public_access_block(
        Bucket=bucket_name, PublicAccessBlockConfiguration=properties["PublicAccessBlockConfiguration"]
    )
    rules = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    s3.put_bucket_encryption(
        Bucket=bucket_name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": r["ServerSideEncryptionByDefault"]} for r in rules]
        },
    )
    s3.put_bucket_ownership_controls(Bucket=bucket_name, OwnershipControls=properties["OwnershipControls"])
    s3.put_bucket_versioning(Bucket=bucket_name, VersioningConfiguration=properties["VersioningConfiguration"])
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket_name,
        LifecycleConfiguration={"Rules": [_lifecycle_rule(r) for r in properties["LifecycleConfiguration"]["Rules"]]},
    )
    if "CorsConfiguration" in properties:  # none while PublicUrl is empty
        rules = properties["CorsConfiguration"]["CorsRules"]
        s3.put_bucket_cors(
            Bucket=bucket_name,
            CORSConfiguration={"CORSRules": [{_CORS_API_NAMES.get(k, k): v for k, v in r.items()} for r in rules]},
        )
    configure_notifications(s3, bucket_name, properties.get("NotificationConfiguration", {}))


def configure_notifications(s3: Any, bucket_name: str, notification: dict[str, Any]) -> None:
    """The bucket's NotificationConfiguration (resolved), from CloudFormation's shape to the API's."""
    queues = [
        {
            "QueueArn": q["Queue"],
            "Events": [q["Event"]],
            "Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}},
        }
        for q in notification.get("QueueConfigurations", [])
    ]
    s3.put_bucket_notification_configuration(
        Bucket=bucket_name, NotificationConfiguration={"QueueConfigurations": queues}
    )


def create_all(
    session: Any,
    table_name: str,
    bucket_name: str,
    compile_queue: str = Config.compile_queue,
    public_url: str = Config.public_url,
) -> Stack:
    """Every resource of the template that the app uses, on moto; answers the local stack."""
    stack = local_stack(session, compile_queue, public_url)
    create_table(session.client("dynamodb"), table_name, stack)
    create_queues(session.client("sqs"), stack)
    create_bucket(session.client("s3"), bucket_name, stack)
    return stack
