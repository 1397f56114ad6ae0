"""Dollars per million reports and per county-month, from what the benchmarks counted and timed.

List prices, US East (N. Virginia), on-demand, no free tier. The arithmetic is printed
beside each figure so a reader can redo it with the prices of their own region.
"""

from __future__ import annotations

import math
from typing import Any

PRICES = {
    "lambda_request": 0.20 / 1e6,  # per invocation
    "lambda_gb_second": 0.0000166667,  # x86
    "api_request": 3.50 / 1e6,  # API Gateway REST API, first 333 million
    "dynamodb_wru": 0.625 / 1e6,  # on-demand write request unit
    "dynamodb_rru": 0.125 / 1e6,  # on-demand read request unit
    "s3_put": 0.005 / 1000,
    "s3_get": 0.0004 / 1000,
    "sqs_request": 0.40 / 1e6,
    "ses_message": 0.10 / 1000,
}
API_MEMORY_GB = 0.5  # .chalice/config.json, prod: lambda_memory_size 512
COMPILE_MEMORY_GB = 1.0  # compile_month: 1024


def units_of(size_bytes: float, unit_bytes: int) -> int:
    return max(1, math.ceil(size_bytes / unit_bytes))


def per_million_reports(submit: dict[str, Any]) -> dict[str, Any]:
    """One accepted report: API Gateway + Lambda + its DynamoDB round trips."""
    size = submit["report_item_bytes"]
    # The submission's transaction writes the report and its month counter, and checks the month's
    # lock and the reporter's token (transactional writes cost 2 WRU per KB, a transactional check 2 RRU).
    wru = 2 * units_of(size, 1024) + 2 * 1
    rru = 2 + 2
    lambda_seconds = max(submit["value_s"], 0.001)
    lines = {
        "API Gateway": PRICES["api_request"] * 1e6,
        "Lambda requests": PRICES["lambda_request"] * 1e6,
        "Lambda compute": lambda_seconds * API_MEMORY_GB * PRICES["lambda_gb_second"] * 1e6,
        "DynamoDB writes": wru * PRICES["dynamodb_wru"] * 1e6,
        "DynamoDB reads": rru * PRICES["dynamodb_rru"] * 1e6,
    }
    return {
        "figure": "cost per million reports (USD)",
        "value": sum(lines.values()),
        "lines": lines,
        "arithmetic": (
            f"API $3.50 + Lambda $0.20 + {lambda_seconds * 1000:.1f} ms x {API_MEMORY_GB} GB x $0.0000166667"
            f" + {wru} WRU x $0.625 + {rru} RRU x $0.125 (report item {size:.0f} B)"
        ),
    }


def per_county_month(submit: dict[str, Any], read: dict[str, Any], compile_seconds_per_report: float) -> dict[str, Any]:
    """A county of 50 units and 500 reports: submissions, each reporter's reads, two compiles,
    the downloads, and the reminders of a month."""
    reports, units, reads = 500, 50, 500 * 10
    compiles = 2  # after the deadline and after the lock day, as scheduled
    compile_seconds = max(1.0, reports * compile_seconds_per_report)
    emails = units * 3 + 1
    per_report = per_million_reports(submit)["value"] / 1e6
    lines = {
        "submissions": reports * per_report,
        "reads (API + Lambda + Query)": reads
        * (
            PRICES["api_request"]
            + PRICES["lambda_request"]
            + max(read["value_s"], 0.001) * API_MEMORY_GB * PRICES["lambda_gb_second"]
            + 2 * PRICES["dynamodb_rru"]
        ),
        "compiles (Lambda + S3 + SQS)": compiles
        * (
            compile_seconds * COMPILE_MEMORY_GB * PRICES["lambda_gb_second"]
            + PRICES["lambda_request"]
            + 6 * PRICES["s3_put"]
            + 2 * PRICES["sqs_request"]
        ),
        "downloads (S3 GET)": 30 * PRICES["s3_get"],
        "reminder e-mails (SES)": emails * PRICES["ses_message"],
    }
    return {
        "figure": "cost per county-month (USD)",
        "value": sum(lines.values()),
        "lines": lines,
        "arithmetic": (
            f"{reports} reports x ${per_report:.8f} + {reads} reads + {compiles} compiles of {compile_seconds:.1f} s"
            f" at 1 GB + {emails} e-mails x $0.0001"
        ),
    }
