"""The year's plan and the year-to-date summary on the real local stack: a task table imported,
a report linked from a reporter's token, the year compiled through moto's S3 → SQS and the local
pump, counting the one report, and its files downloaded and opened."""

from __future__ import annotations

import base64
import io
import json
import time
import urllib.request
import uuid
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from tests.conftest import report_body
from tests.e2e.conftest import TODAY, Stack

pytestmark = pytest.mark.e2e


def _ready(stack: Stack, period: str, seconds: float = 60) -> dict[str, Any]:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        request = urllib.request.Request(f"{stack.base}/summaries/{period}")
        request.add_header("Authorization", "Bearer e2e-admin-token-abcdefghijkl")
        with urllib.request.urlopen(request, timeout=30) as answer:
            found = json.loads(answer.read(), parse_float=Decimal)
        if found["status"] == "ready":
            return found  # type: ignore[no-any-return]
        assert found["status"] == "compiling", found
        time.sleep(0.3)
    raise AssertionError(f"{period} was not ready within {seconds} s")


def _table(rows: list[list[Any]]) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年双拥工作任务分解表"])
    sheet.append(["分类", "任务", "责任单位", "时间", "活动类型", "目标"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def test_a_plan_is_imported_a_report_linked_and_the_year_compiled_and_downloaded(stack: Stack) -> None:
    from chalicelib.core.dates import month_of

    today = TODAY
    year = str(today.year)
    suffix = uuid.uuid4().hex[:6]
    unit_id, name = f"sfj-{suffix}", f"县司法局{suffix}"
    assert stack.call("POST", "/units", {"unit_id": unit_id, "name": name, "kind": "bureau"})[0] == 201
    token = stack.call("POST", f"/units/{unit_id}/reporters", {})[1]["token"]
    lectures, this_month = f"送法进军营{suffix}", f"本月法律咨询{suffix}"
    rows = [
        [f"法律拥军{suffix}", lectures, name, "全年", "法治宣传进军营", "2次"],
        [None, this_month, unit_id, f"{today.month}月", "", None],
    ]
    status, imported = stack.call("POST", f"/plans/{year}/import", {"file": _table(rows), "filename": "分解表.xlsx"})
    assert status == 200, imported
    assert (imported["created"], imported["updated"]) == (2, 0)
    task_id = next(t["task_id"] for t in imported["tasks"] if t["title"] == lectures)

    body = report_body("legal_lecture", occurred_on=today.isoformat(), plan_task_id=task_id)
    assert stack.call("POST", "/reports", body, token=token)[0] == 201
    status, own = stack.call("GET", f"/plans/{year}", token=token)
    assert status == 200
    assert {t["title"]: t["progress"]["state"] for t in own["tasks"]} == {
        lectures: "in_progress",
        this_month: "not_started",
    }

    months = [f"{year}-{m:02d}" for m in range(1, today.month + 1)]
    for period in [*months, year]:
        assert stack.call("POST", f"/summaries/{period}")[0] == 202
    found = _ready(stack, year)
    assert found["months"] == months and month_of(today) in found["months"]
    mine = next(row for row in found["by_unit"] if row["unit_id"] == unit_id)
    assert (mine["reports"], mine["by_type"], mine["months_reported"]) == (1, {"legal_lecture": 1}, 1)
    assert any(t["title"] == lectures and t["progress"]["state"] == "in_progress" for t in found["plan"]["tasks"])

    with urllib.request.urlopen(found["downloads"]["xlsx"]["url"], timeout=10) as answer:
        book = load_workbook(io.BytesIO(answer.read()))
    assert book.sheetnames == ["汇总", "分月", "分单位", "分类型", "计划任务", "台账", "数据质量"]
    plan_rows = {row[1]: row for row in book["计划任务"].iter_rows(min_row=2, values_only=True)}
    assert plan_rows[lectures][2] == name and plan_rows[lectures][8] == "进行中（活动1次）"
    per_month = list(book["分月"].iter_rows(min_row=2, max_row=13, values_only=True))
    assert [row[1] for row in per_month] == [r["reports"] for r in found["by_month"]]
    with urllib.request.urlopen(found["downloads"]["docx"]["url"], timeout=10) as answer:
        document = Document(io.BytesIO(answer.read()))
    assert document.paragraphs[0].text == f"{year}年度双拥工作总结"
    assert any(p.text.endswith(f"法律拥军{suffix}") for p in document.paragraphs)
