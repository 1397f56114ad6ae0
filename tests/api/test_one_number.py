"""One number everywhere: every figure of a summary's registry (chalicelib/summaries/registry.py) shows the same
value in the JSON the page reads, in the 汇总 sheet of the XLSX and in the words of the DOCX, for the demo month,
its 两节 period and its year; and no figure of the 汇总 sheet comes from anywhere else.

The demo county (local/demo.py) on 2026-09-15, its month August, reported by 9月3日. Then, by the office: a
report of 县司法局 dated 8月6日 entered on 9月15日, after August's deadline (9月5日): a late report of a unit that
had reported on time; and 县公安局, registered on 9月15日, with a report of August returned for correction: a
unit August did not expect (不需报送, never 缺报).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import boto3
import pytest
from docx import Document
from openpyxl import load_workbook

from chalicelib.context import Context
from chalicelib.summaries.registry import REGISTRIES, Registry
from local import demo
from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.summaries import compiled, download, submit


@pytest.fixture
def county(api: Api, ctx: Context, clock: SettableClock) -> None:
    clock.set("2026-09-15T10:00:00")
    demo.seed(ctx)
    late = {"disputes": 1, "resolved": 1}
    submit(api, ADMIN_TOKEN, "mediation", late, unit_id="sifaju", occurred_on="2026-08-06", title="补报：涉军纠纷调解")
    api.unit("gonganju", "县公安局")
    returned = submit(
        api, ADMIN_TOKEN, "mediation", late, unit_id="gonganju", occurred_on="2026-08-06", title="公安调解"
    )
    review = {"decision": "return", "comment": "8月尚未注册，请核实", "version": returned["version"]}
    assert api.post(f"/reports/{returned['report_id']}/review", review).status == 200


def overview(found: dict[str, Any]) -> dict[str, Any]:
    """The 汇总 sheet's rows: label → 本月 / 本年 value."""
    sheet = load_workbook(io.BytesIO(download(found, "xlsx").content))["汇总"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}


def document_text(found: dict[str, Any]) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(download(found, "docx").content)).paragraphs)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def held_to_the_registry(found: dict[str, Any], registry: Registry) -> None:
    """The JSON's figures are the registry's, each as the summary holds it; the XLSX shows each with its value
    and shows no number of its own; every phrase the DOCX says a figure with carries the same value."""
    shown = {f["key"]: f for f in found["figures"]}
    assert list(shown) == list(registry.figures)
    sheet, text = overview(found), document_text(found)
    for key, figure in registry.figures.items():
        value = shown[key]["value"]
        assert figure.value(found) == value, key  # the JSON's own field, where the page's figures came from
        assert (shown[key]["label"], shown[key]["unit"], shown[key]["counts"]) == (
            figure.label,
            figure.unit,
            figure.counts,
        )
        assert sheet[figure.label] == value, key
        for phrase in figure.said:
            pattern = re.escape(phrase).replace(r"\{\}", r"([\d.,]+)")
            for said in re.findall(pattern, text):
                assert Decimal(said.replace(",", "")) == value, (key, phrase, said)
    labels = {figure.label for figure in registry.figures.values()}
    numbers = {label for label, value in sheet.items() if is_number(value)}
    assert numbers <= labels, numbers - labels  # no figure of the sheet outside the registry


def test_the_month_says_one_number_for_each_figure_in_every_output(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    found = compiled(api, ctx, aws, "2026-08")
    held_to_the_registry(found, REGISTRIES["month"])
    done = found["completeness"]
    # 6 units expected (registered a year ago); 5 filed reports, 县发改委 本月无活动, all by 9月3日; 县公安局
    # registered after August is not among them
    counts = ("due", "expected", "reported", "nil_reported", "missing", "pending", "on_time", "late")
    assert tuple(done[key] for key in counts) == (True, 6, 5, 1, 0, 0, 6, 0)
    # the demo's 18 reports on time, the office's entry of 9月15日 late; 县公安局's returned report counts not
    totals = found["totals"]
    assert (totals["reports"], totals["reports_on_time"], totals["reports_late"]) == (19, 18, 1)
    rows = {row["name"]: row for row in found["by_unit"]}
    assert (rows["县公安局"]["status"], rows["县公安局"]["expected"]) == ("not_expected", False)
    assert (rows["县司法局"]["status"], rows["县司法局"]["on_time"], rows["县司法局"]["reports_late"]) == (
        "reported",
        True,
        1,
    )
    # the rows and the completeness agree on who was expected and how each stood
    expected = [row for row in found["by_unit"] if row["expected"]]
    assert len(expected) == done["expected"]
    for status, key in (("reported", "reported"), ("nil", "nil_reported"), ("missing", "missing")):
        assert sum(row["status"] == status for row in expected) == done[key]
    text = document_text(found)
    assert "逾期报送单位0个。" in text and "收到双拥活动报告19项，其中按时报告18项，逾期报告1项。" in text
    assert "报告本月无活动1个；按时报送6个，逾期报告1项。" in "".join(p["text"] for p in found["narrative"])
    sheet = overview(found)
    assert (sheet["逾期报送单位"], sheet["其中逾期报告"]) == (0, 1)


def test_the_two_festivals_say_one_number_for_each_figure_in_every_output(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    found = compiled(api, ctx, aws, "2026-two-festivals")
    held_to_the_registry(found, REGISTRIES["days"])
    assert found["completeness"] is None
    assert (found["totals"]["reports"], found["totals"]["reports_late"]) == (19, 1)


def test_the_year_judges_only_the_months_whose_deadline_has_passed(
    api: Api, ctx: Context, aws: boto3.Session, county: None
) -> None:
    found = compiled(api, ctx, aws, "2026")
    held_to_the_registry(found, REGISTRIES["year"])
    done = found["completeness"]
    # on 9月15日 August (due 9月5日) is judged, September (due 10月5日) is not: 8 months of the 6 units, 48
    # unit·months; August: 5 reported, 1 本月无活动; January to July: nothing, 6 × 7 = 42 missing
    counts = ("months", "judged_through", "not_yet_due", "expected", "reported", "nil_reported", "missing", "late")
    assert tuple(done[key] for key in counts) == (8, "2026-08", ["2026-09"], 48, 5, 1, 42, 0)
    assert "县公安局" not in {u["name"] for u in done["missing_units"]}
    text = document_text(found)
    assert (
        "按月统计（截至8月，已到报送期限的8个月），各成员单位应报送48次，已报送5次，报告本月无活动1次，"
        "未报送42次，逾期报送0次；逾期报告1项。"
    ) in text
    assert overview(found)["报送情况统计至"] == "截至8月，已到报送期限的8个月"
