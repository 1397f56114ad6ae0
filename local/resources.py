"""Create the app's AWS resources on moto from the same CloudFormation file the cloud uses.

infra/resources.json is merged into the template by `chalice package`; here its
table and bucket definitions create the moto resources of the local stack and
the tests, so that local and cloud cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.config import Config
from chalicelib.pages import origin

RESOURCES_FILE = Path(__file__).resolve().parent.parent / "infra" / "resources.json"
# Properties CloudFormation knows and the CreateTable API does not.
_TABLE_ONLY_IN_CFN = {
    "PointInTimeRecoverySpecification",
    "TimeToLiveSpecification",
    "Tags",
    "TableName",
    "SSESpecification",
}
# CloudFormation's names of a CORS rule's properties, and the S3 API's.
_CORS_API_NAMES = {"MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders", "Id": "ID"}
DEFAULT_ORIGIN = origin(Config.public_url)


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


def create_bucket(s3: Any, bucket_name: str, public_origin: str = DEFAULT_ORIGIN) -> None:
    s3.create_bucket(Bucket=bucket_name)
    properties = resource("Bucket")
    s3.put_public_access_block(
        Bucket=bucket_name, PublicAccessBlockConfiguration=properties["PublicAccessBlockConfiguration"]
    )
    rules = resolve(properties["CorsConfiguration"]["CorsRules"], {"PublicOrigin": public_origin})
    s3.put_bucket_cors(
        Bucket=bucket_name,
        CORSConfiguration={"CORSRules": [{_CORS_API_NAMES.get(k, k): v for k, v in r.items()} for r in rules]},
    )


def resolve(value: Any, parameters: dict[str, str]) -> Any:
    """The template's {"Ref": parameter} replaced by the parameter's value."""
    if isinstance(value, dict):
        if set(value) == {"Ref"} and value["Ref"] in parameters:
            return parameters[value["Ref"]]
        return {k: resolve(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, parameters) for v in value]
    return value


def create_all(session: Any, table_name: str, bucket_name: str, public_origin: str = DEFAULT_ORIGIN) -> None:
    create_table(session.client("dynamodb"), table_name)
    create_bucket(session.client("s3"), bucket_name, public_origin)
