"""Deterministic report data of realistic shape for the benchmarks."""

from __future__ import annotations

import random
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.activities import ACTIVITY_TYPES, VISIT_TARGETS, FigureKind

PLACES = ["73026部队营区", "县人民武装部", "城关街道社区服务中心", "县政府三楼会议室", "武警中队驻地", "烈士陵园"]
COUNTERPARTS = ["73026部队", "武警中队", "县人武部", "驻区部队官兵", "优抚对象代表", "退役军人"]
PHRASES = [
    "组织干部职工深入驻地部队开展走访慰问，送去节日问候和慰问品。",
    "邀请部队官兵和优抚对象代表座谈，听取意见建议，现场解答政策咨询。",
    "围绕《民法典》《军人地位和权益保障法》开展法治宣传，发放宣传资料。",
    "协调解决军人军属在子女入学、就业安置等方面的实际困难。",
]


def unit_ids(count: int) -> list[str]:
    return [f"unit-{i:03d}" for i in range(count)]


def report_bodies(count: int, units: list[str], month: str, seed: int = 2026) -> list[tuple[str, dict[str, Any]]]:
    """(unit_id, POST /reports body) pairs, all activity types, deterministic from the seed."""
    rng = random.Random(seed)
    year, mon = (int(p) for p in month.split("-"))
    bodies = []
    for index in range(count):
        activity = ACTIVITY_TYPES[index % len(ACTIVITY_TYPES)]
        metrics: dict[str, Any] = {}
        for figure in activity.figures:
            if figure.kind is FigureKind.MONEY:
                metrics[figure.code] = Decimal(rng.randrange(0, 5_000_000)) / 100
            else:
                metrics[figure.code] = rng.randrange(0, 200)
        for smaller, larger in activity.bounded_by:
            metrics[smaller] = min(metrics[smaller], metrics[larger])
        if activity.code == "visit":
            metrics["target"] = rng.choice(list(VISIT_TARGETS))
        unit = units[index % len(units)]
        body = {
            "submission_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "activity_type": activity.code,
            "title": f"{activity.label}活动第{index}次",
            "occurred_on": date(year, mon, 1 + index % 28).isoformat(),
            "location": rng.choice(PLACES),
            "counterpart": rng.choice(COUNTERPARTS),
            "participants": rng.randrange(1, 300),
            "description": "".join(rng.choice(PHRASES) for _ in range(3)),
            "metrics": metrics,
            "photos": [f"photos/{unit}/{uuid.UUID(int=rng.getrandbits(128))}.jpg" for _ in range(rng.randrange(0, 3))],
        }
        bodies.append((unit, body))
    return bodies
