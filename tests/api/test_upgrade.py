"""A deployment upgraded from the version before organisations (issue 29): its table holds every county item
without a tenant, its credentials are sy2 and sy3 tokens. `python -m chalicelib.orgs.migrate` moves the items
under the deployment's own county, once; the data reads and writes as before, the old tokens keep working, and
the county can then join a city."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3

from chalicelib.context import Context
from chalicelib.db.tenants import adopt
from tests.conftest import Api, report_body

ROOT = Path(__file__).resolve().parents[2]


def _before_organisations(ctx: Context) -> None:
    """Rewrite the table as the version before organisations wrote it: no tenant before any partition key, no
    organisation on the global items (the only two differences of its layout)."""
    resource = ctx.store.table.resource
    for item in resource.scan(ConsistentRead=True)["Items"]:
        old = {k: v for k, v in item.items() if k != "org_id"}
        for field in ("PK", "GSI1PK"):
            if field in old:
                old[field] = str(old[field]).removeprefix("O#county#")
        if old["PK"] != item["PK"]:
            resource.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
        resource.put_item(Item=old)


def _old_token(token: str) -> str:
    """The token as the version before organisations issued it: sy4.county.… → sy2.…, sy5.county.… → sy3.…"""
    prefix, org, rest = token.split(".", 2)
    assert org == "county"
    return {"sy4": "sy2", "sy5": "sy3"}[prefix] + "." + rest


def _keys(ctx: Context) -> list[str]:
    return sorted(str(item["PK"]) for item in ctx.store.table.resource.scan(ConsistentRead=True)["Items"])


def test_the_migration_moves_a_single_county_table_under_its_county_and_the_old_tokens_work(
    api: Api, ctx: Context
) -> None:
    api.unit("sifaju", "县司法局")
    reporter = api.post("/units/sifaju/reporters", {"label": "小陈"}).json
    viewer = api.post("/staff", {"name": "张三", "role": "viewer"}).json
    report = api.post("/reports", report_body(title="八一走访"), token=reporter["token"]).json
    _before_organisations(ctx)
    old_reporter, old_viewer = _old_token(reporter["token"]), _old_token(viewer["token"])
    before = _keys(ctx)
    assert "UNITS" in before and f"REPORT#{report['report_id']}" in before
    assert not any(key.startswith("O#") for key in before)

    done = adopt(ctx.store.table.resource, "county")
    after = _keys(ctx)
    assert (done.moved, done.named, done.kept) == (len(before) - 1, 1, 0)  # every item; the reporter found by id
    assert f"O#county#REPORT#{report['report_id']}" in after and "UNITS" not in after
    assert adopt(ctx.store.table.resource, "county").moved == 0  # run again: nothing left to move
    assert _keys(ctx) == after

    # the same data, read and written as before, with the tokens issued before organisations
    assert [r["title"] for r in api.get("/reports?month=2026-08", token=old_viewer).json["items"]] == ["八一走访"]
    assert api.get(f"/reports/{report['report_id']}", token=old_reporter).json["title"] == "八一走访"
    assert api.post("/reports", report_body(title="法律讲座"), token=old_reporter).status == 201
    assert api.get("/me", token=old_viewer).json["org_id"] == "county"
    titles = sorted(r["title"] for r in api.get("/reports?month=2026-08").json["items"])
    assert titles == ["八一走访", "法律讲座"]


def test_the_migration_command_runs_on_the_deployments_table(ctx: Context, aws: boto3.Session) -> None:
    """`python -m chalicelib.orgs.migrate` as an operator runs it, against a table of the old layout (on a moto
    server: the command is its own process)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "TABLE_NAME": "old-county",
            "COUNTY_ID": "qingshan",
        }
        dynamodb = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
        table = dynamodb.create_table(
            TableName="old-county",
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("PK", "SK", "GSI1PK", "GSI1SK")
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "GSI1",
                    "KeySchema": [
                        {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                        {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        old: list[dict[str, Any]] = [
            {"PK": "UNITS", "SK": "UNIT#sifaju", "unit_id": "sifaju", "name": "县司法局"},
            {"PK": "REPORTER#abc", "SK": "REPORTER", "GSI1PK": "UNIT#sifaju#REPORTERS", "GSI1SK": "t#abc"},
            {"PK": "SURVEYTOKEN#tok", "SK": "SURVEYTOKEN", "survey_id": "s1"},
        ]
        for item in old:
            table.put_item(Item=item)
        ran = subprocess.run(
            [sys.executable, "-m", "chalicelib.orgs.migrate"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout == (
            "old-county: 1 items moved under qingshan, 2 credentials and links given their organisation, "
            "0 already in place\n"
        )
        stored = sorted(table.scan()["Items"], key=lambda item: str(item["PK"]))
        assert json.loads(json.dumps(stored)) == [
            {"PK": "O#qingshan#UNITS", "SK": "UNIT#sifaju", "unit_id": "sifaju", "name": "县司法局"},
            {
                "PK": "REPORTER#abc",
                "SK": "REPORTER",
                "GSI1PK": "O#qingshan#UNIT#sifaju#REPORTERS",
                "GSI1SK": "t#abc",
                "org_id": "qingshan",
            },
            {"PK": "SURVEYTOKEN#tok", "SK": "SURVEYTOKEN", "survey_id": "s1", "org_id": "qingshan"},
        ]
    finally:
        server.stop()
