"""A province's year (issue 29): 20 counties, each county's year compiled, then the province's, which adds the
counties' compiled summaries up and reads no report.

On a moto server in a process of its own (bench/compile_month.py says why), a province with N counties, each its
own tenant with its units and a year of reports (January to August, a fixed random seed) written straight to the
table without the unit-months' counters (the recount would count them in a transaction a unit-month, and moto
copies the whole table for each: 20 GB and hours at this size). Each county's year is compiled as the compile
function compiles it (the floor is the time of those N compiles) and published as read: its reports were never
counted, so the compile calls it unverified, and the bench publishes it as verified, which is what a county
whose counters agree would publish; the province's compile then finds every county fresh. The province's compile
(`rollup.compile_level`) is then timed, its DynamoDB calls and S3 calls counted by the clients' own hooks, its peak
Python memory taken under tracemalloc.

    .venv/bin/python -m bench.province --reports 250 --units 10   # as make bench: 20 counties × 250 reports
    .venv/bin/python -m bench.province                        # 20 counties × 1,000 reports: moto's server grows past
                                                              # 16 GB (its Query copies the table for each page)
    .venv/bin/python -m bench.province --counties 3 --reports 100
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
import tracemalloc
from collections import Counter
from datetime import datetime
from typing import Any, cast

import boto3
from botocore.config import Config as BotoConfig

from bench.calls import DynamoCalls
from bench.compile_month import BUCKET, TABLE, moto_server, seed
from chalicelib.context import Context
from chalicelib.core.auth import OWNER
from chalicelib.core.config import Config
from chalicelib.core.dates import CHINA
from chalicelib.orgs import service as orgs
from chalicelib.orgs.models import OrgForm
from chalicelib.summaries import compiling, rollup
from chalicelib.summaries.periods import resolve
from local import resources

YEAR = "2026"


def measure(counties: int, reports: int, units: int) -> dict[str, Any]:
    with moto_server() as endpoint:
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_ENDPOINT_URL=endpoint)
        session = boto3.Session(region_name="us-east-1")
        resources.create_all(session, TABLE, BUCKET)
        moment = datetime(2026, 9, 11, 9, tzinfo=CHINA)
        s3 = session.client("s3", config=BotoConfig(signature_version="s3v4"))
        table = session.resource("dynamodb").Table(TABLE)
        ctx = Context(Config(table_name=TABLE, bucket_name=BUCKET), clock=lambda: moment, table=table, s3=s3)
        logging.getLogger(compiling.__name__).setLevel(logging.ERROR)

        registered = [("jiangnan", "江南省", "province", None)]
        registered += [(f"c{n:02d}", f"第{n:02d}县", "county", "jiangnan") for n in range(1, counties + 1)]
        for org_id, name, level, parent in registered:
            form = OrgForm.model_validate({"org_id": org_id, "name": name, "level": level, "parent_id": parent})
            orgs.register(ctx, OWNER, form)
        province = ctx.within("jiangnan", "江南省")
        found = orgs.level_of(province)
        assert found is not None
        org, members = found

        started = time.perf_counter()
        for number, county in enumerate(members):
            within = ctx.within(county["org_id"], county["name"])
            seed(within, reports, units, number, YEAR)
        seeded = time.perf_counter() - started

        started = time.perf_counter()
        for county in members:
            within = ctx.within(county["org_id"], county["name"])
            ready = cast(dict[str, Any], compiling.compile_period(within, YEAR))
            within.store.summaries.publish(YEAR, {**ready, "verified": True})
        counties_seconds = time.perf_counter() - started

        dynamodb = DynamoCalls(table.meta.client)
        s3_calls: Counter[str] = Counter()
        s3.meta.events.register("before-call.s3", lambda model, **_: s3_calls.update([model.name]))
        tracemalloc.start()
        started = time.perf_counter()
        compiled = rollup.compile_level(province, resolve(province, YEAR), org, members, _never)
        level_seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert not isinstance(compiled, list), f"counties not fresh: {compiled}"
        assert compiled["reports"] == counties * (reports // 8 * 8), compiled["reports"]
    return {
        "counties": counties,
        "reports_per_county": reports,
        "seed_seconds": seeded,
        "counties_compile_seconds": counties_seconds,
        "province_compile_seconds": level_seconds,
        "ratio": level_seconds / counties_seconds,
        "dynamodb_calls": dict(Counter(dynamodb.take())),
        "s3_calls": dict(s3_calls),
        "peak_mib": peak / 2**20,
    }


def _never(county: Context, period: str) -> None:
    raise AssertionError(f"{county.org} was not fresh for {period}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--units", type=int, default=20)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.counties, arguments.reports, arguments.units), ensure_ascii=False))


if __name__ == "__main__":
    main()
