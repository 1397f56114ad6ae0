"""The demo county of `make run` comes with a plan in every state, and its year agrees with its month."""

from __future__ import annotations

import io

import boto3
from openpyxl import load_workbook

from chalicelib.context import Context
from local import demo
from tests.conftest import Api, SettableClock
from tests.helpers.summaries import deliver, download, summary
from tests.helpers.years import assert_year_counts, reports_of


def test_the_demo_plan_shows_every_state_and_the_year_agrees_with_the_month(
    api: Api, ctx: Context, aws: boto3.Session, clock: SettableClock
) -> None:
    clock.set("2026-08-03T10:00:00")
    demo.seed(ctx)  # the demo month is July
    found = api.get("/plans/2026").json
    assert found["counts"] == {"tasks": 8, "done": 3, "in_progress": 1, "not_started": 2, "overdue": 2}
    states = {t["title"]: t["progress"]["state"] for t in found["tasks"]}
    assert states["走访慰问驻区部队"] == "done" and states["开展送法进军营活动"] == "in_progress"
    assert states["春节前走访慰问困难退役军人"] == "overdue" and states["全民国防教育日集中宣传"] == "not_started"

    months = [f"2026-{m:02d}" for m in range(1, 9)]
    for period in [*months, "2026"]:
        assert api.post(f"/summaries/{period}").status == 202
    deliver(ctx, aws)
    month, year = summary(api, "2026-07"), summary(api, "2026")
    assert year["status"] == "ready" and year["headline"]["visit_funds_text"] == "20.39万元"
    assert year["months"] == months
    assert_year_counts(year, reports_of(lambda query: api.get(f"/reports?{query}").json, months))
    assert [t["title"] for t in month["plan_overdue"]] == ["召开双拥工作领导小组全体会议", "春节前走访慰问困难退役军人"]
    book = load_workbook(io.BytesIO(download(year, "xlsx").content))
    assert book["分月"]["B8"].value == month["totals"]["reports"] == 18
    overview = {r[0]: r[1:] for r in load_workbook(io.BytesIO(download(month, "xlsx").content))["汇总"].values if r}
    assert overview["逾期计划任务"] == (2, "项")
    assert overview["逾期任务：春节前走访慰问困难退役军人"][0] == "县退役军人事务局、城关街道办事处（春节前）"
