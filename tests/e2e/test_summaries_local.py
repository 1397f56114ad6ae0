"""A newcomer's monthly summary on the real local stack: moto's S3 notifies its SQS queue, the
local runner's pump hands the message to the compile function, and the files download."""

from __future__ import annotations

import csv
import io
import time
import urllib.request
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import report_body
from tests.e2e.conftest import TODAY, Stack

pytestmark = pytest.mark.e2e


def _ready(stack: Stack, month: str, seconds: float = 20) -> dict[str, Any]:
    assert stack.call("POST", f"/summaries/{month}")[0] == 202
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        status, found = stack.call("GET", f"/summaries/{month}")
        assert status == 200, found
        if found["status"] == "ready":
            return found  # type: ignore[no-any-return]
        assert found["status"] == "compiling", found
        time.sleep(0.3)
    raise AssertionError(f"{month} was not ready within {seconds} s: {found}")


def _download(found: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(found["downloads"][fmt]["url"], timeout=10) as answer:
        return answer.read(), answer.headers["Content-Disposition"]


def test_a_month_of_two_units_is_summarised_within_seconds_and_downloads_match_a_hand_count(stack: Stack) -> None:
    from chalicelib.core.dates import month_of

    today = TODAY
    suffix = uuid.uuid4().hex[:6]
    names = {f"sfj-{suffix}": f"县司法局{suffix}", f"tyj-{suffix}": f"县退役军人事务局{suffix}"}
    tokens = {}
    for unit_id, name in names.items():
        assert stack.call("POST", "/units", {"unit_id": unit_id, "name": name, "kind": "bureau"})[0] == 201
        tokens[unit_id] = stack.call("POST", f"/units/{unit_id}/reporters", {})[1]["token"]
    sfj, tyj = names
    day = today.isoformat()
    sent = [
        (sfj, report_body("legal_lecture", occurred_on=day)),
        (sfj, report_body("mediation", occurred_on=day, title="@涉军纠纷调处")),
        (tyj, report_body("visit", occurred_on=day)),  # troops, 62000 yuan
        (
            tyj,
            report_body(
                "visit",
                occurred_on=day,
                metrics={"target": "disabled_veterans", "households": 3, "persons": 3, "funds_yuan": 1500.5},
            ),
        ),
    ]
    for unit_id, body in sent:
        assert stack.call("POST", "/reports", body, token=tokens[unit_id])[0] == 201

    month = month_of(today)
    started = time.monotonic()
    found = _ready(stack, month)
    print(f"summary of {month} ready in {time.monotonic() - started:.1f} s")
    rows = {u["unit_id"]: u for u in found["by_unit"]}
    assert rows[sfj]["reports"] == 2 and rows[tyj]["reports"] == 2
    assert Decimal(str(rows[tyj]["figures"]["visit"]["funds_yuan"])) == Decimal("63500.50")

    data, disposition = _download(found, "xlsx")
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "分单位", "分类型", "台账", "数据质量"]
    per_unit = {row[0]: row for row in book["分单位"].iter_rows(min_row=2, values_only=True)}
    assert per_unit[names[sfj]][3] == 2 and per_unit[names[tyj]][3] == 2
    ledger = [row for row in book["台账"].iter_rows(min_row=2, values_only=True) if row[0] in names.values()]
    assert len(ledger) == 4
    assert sum(Decimal(str(row[9] or 0)) for row in ledger) == Decimal("63500.50")
    assert "'@涉军纠纷调处" in [row[2] for row in ledger]

    data, _ = _download(found, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = [r for r in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if r[0] in names.values()]
    assert len(lines) == 4 and sum(Decimal(r[9]) for r in lines if r[9]) == Decimal("63500.50")

    data, _ = _download(found, "docx")
    assert Document(io.BytesIO(data)).paragraphs[0].text == f"{found['month_label']}双拥工作情况"


def test_the_demo_month_reads_20_39_wan_as_the_district_report_does(stack: Stack) -> None:
    from chalicelib.core.dates import month_of

    last_month = month_of(TODAY.replace(day=1) - timedelta(days=1))
    found = _ready(stack, last_month)
    text = "".join(p["text"] for p in found["narrative"])
    assert "走访慰问资金达20.39万元" in text
    assert "县发改委" in [u["name"] for u in found["completeness"]["nil_units"]]
