"""Deterministic report data of realistic shape for the benchmarks: every activity type,
Chinese text of realistic length, a few photos' keys; the same from the same seed."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.core.catalogue import ACTIVITY_TYPES, VISIT_TARGETS, FigureKind
from chalicelib.core.config import Config
from chalicelib.core.dates import CHINA, parse_month
from chalicelib.files.bucket import photo_prefix
from chalicelib.reports.service import CONTENT_FIELDS

PLACES = ["73026部队营区", "县人民武装部", "城关街道社区服务中心", "县政府三楼会议室", "武警中队驻地", "烈士陵园"]
COUNTERPARTS = ["73026部队", "武警中队", "县人武部", "驻区部队官兵", "优抚对象代表", "退役军人"]
PHRASES = [
    "组织干部职工深入驻地部队开展走访慰问，送去节日问候和慰问品。",
    "邀请部队官兵和优抚对象代表座谈，听取意见建议，现场解答政策咨询。",
    "围绕《民法典》《军人地位和权益保障法》开展法治宣传，发放宣传资料。",
    "协调解决军人军属在子女入学、就业安置等方面的实际困难。",
]


def unit_id(index: int) -> str:
    return f"unit-{index:03d}"


def reports(
    count: int, units: int | list[str], month: str, seed: int, org: str = Config.county_id
) -> Iterator[dict[str, Any]]:
    """`count` reports of `month` as the table stores them, spread over `units` units
    (a number of units named unit-000…, or the units' ids) of the organisation `org`."""
    names = units if isinstance(units, list) else [unit_id(i) for i in range(units)]
    rng = random.Random(seed)
    year, mon = parse_month(month)
    first = date(year, mon, 1)
    days = ((first + timedelta(days=32)).replace(day=1) - first).days
    for index in range(count):
        activity = ACTIVITY_TYPES[index % len(ACTIVITY_TYPES)]
        metrics: dict[str, Any] = {}
        for figure in activity.figures:
            if figure.kind is FigureKind.MONEY:
                metrics[figure.code] = Decimal(rng.randrange(0, 2_000_000)) / 100
            else:
                metrics[figure.code] = rng.randrange(0, 200)
        for smaller, larger in activity.bounded_by:
            metrics[smaller] = min(metrics[smaller], metrics[larger])
        if activity.code == "visit":
            metrics["target"] = rng.choice(list(VISIT_TARGETS))
        for choice in activity.choices:  # by the index, so the random figures stay those of the same seed
            options = [code for code, _ in choice.options] or [f"{choice.label}{index}"]
            metrics[choice.code] = options[index % len(options)]
        unit = names[index % len(names)]
        created = datetime(year, mon, 1, 9, tzinfo=CHINA) + timedelta(minutes=index)
        yield {
            "report_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "unit_id": unit,
            "activity_type": activity.code,
            "title": f"{activity.label}活动第{index}次",
            "occurred_on": (first + timedelta(days=index % days)).isoformat(),
            "location": rng.choice(PLACES),
            "counterpart": rng.choice(COUNTERPARTS),
            "participants": rng.randrange(1, 300),
            "description": "".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 6))),
            "metrics": metrics,
            "agreement_id": None,
            "photos": [
                f"{photo_prefix(org, unit)}{month}/{uuid.UUID(int=rng.getrandbits(128)).hex}.jpg"
                for _ in range(index % 3)
            ],
            "month": month,
            "version": 1,
            "late": rng.random() < 0.1,
            "created_at": created.isoformat(),
            "created_by": "bench",
            "updated_at": created.isoformat(),
            "updated_by": "bench",
        }


def submission(report: dict[str, Any]) -> dict[str, Any]:
    """The POST /reports body a reporter's phone would send for this report."""
    return {"submission_id": report["report_id"], **{field: report.get(field) for field in CONTENT_FIELDS}}


def report_bodies(count: int, units: list[str], month: str, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """(unit_id, POST /reports body) pairs of `count` reports of `month` from these units."""
    return [(report["unit_id"], submission(report)) for report in reports(count, units, month, seed)]
