"""The demo county's summaries as content-addressed keys: `python -m bench.demo_keys`.

The compile writes a period's files under a prefix made from their bytes (summaries/compiling.py), so two
trees that print the same keys wrote the same XLSX, CSV, DOCX and summary.json. A refactor that must not
move the outputs runs this before and after (in a worktree of the commit before) and compares. The demo's
ids are drawn from a seeded generator and the clock is fixed, so a tree prints the same keys every run.
"""

from __future__ import annotations

import os
import random
import uuid
from datetime import datetime
from unittest import mock

import boto3
from moto import mock_aws

from chalicelib.context import Context
from chalicelib.core.config import Config
from chalicelib.core.dates import CHINA
from local import demo, resources

TABLE, BUCKET = "shuangyong-keys", "shuangyong-keys-files"
PERIODS = ("2026-08", "2026", "2026-two-festivals")  # the demo month, its year, its festival period
MOMENT = datetime(2026, 9, 15, 10, 0, tzinfo=CHINA)


def main() -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "testing")
    numbers = random.Random(0)
    with mock_aws(), mock.patch.object(uuid, "uuid4", lambda: uuid.UUID(int=numbers.getrandbits(128), version=4)):
        from chalicelib.summaries import compiling

        session = boto3.Session(region_name="us-east-1")
        resources.create_all(session, TABLE, BUCKET)
        config = Config(table_name=TABLE, bucket_name=BUCKET, public_url="https://sy.example.cn")
        table, s3 = session.resource("dynamodb").Table(TABLE), session.client("s3")
        ctx = Context(config, clock=lambda: MOMENT, table=table, s3=s3)
        demo.seed(ctx)
        for period in PERIODS:
            print(period, compiling.compile_period(ctx, period)["prefix"])


if __name__ == "__main__":
    main()
