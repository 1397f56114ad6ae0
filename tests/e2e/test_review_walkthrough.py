"""Issue 14's walk-through on the local stack (`make run`), as the county office would live it: the owner token
registers a reviewer and a viewer; the reviewer returns a unit's report with a comment; the unit's outbox
(`make outbox`) has the one e-mail; the report page shows it returned; the reporter corrects it; the reviewer
approves it; the month's summary counts it; the audit trail names each step's person.

It works in a unit of its own, in the stack's current month, so no other test's counts move."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from typing import Any

import pytest

from tests.e2e.browser import new_phone
from tests.e2e.conftest import ROOT, TODAY, Stack
from tests.helpers.stack import compiled_anew

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MONTH = TODAY.strftime("%Y-%m")  # 2026-09, open to reporters


def outbox(stack: Stack) -> str:
    env = {**os.environ, "STACK_FILE": stack.stack_file}
    done = subprocess.run(
        [sys.executable, "-m", "local.outbox"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=660
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def called(stack: Stack, method: str, path: str, body: Any = None, **token: Any) -> Any:
    status, answer = stack.call(method, path, body, **token)
    assert status in (200, 201, 202), (status, answer)
    return answer


def test_a_report_is_returned_mailed_corrected_approved_counted_and_audited(chromium: Any, stack: Stack) -> None:
    from playwright.sync_api import expect

    suffix = uuid.uuid4().hex[:6]
    unit_id, unit_name, address = f"wt-{suffix}", f"县人社局{suffix}", f"rsj-{suffix}@example.cn"
    reviewer = called(stack, "POST", "/staff", {"name": "王审核", "role": "reviewer"})
    viewer = called(stack, "POST", "/staff", {"name": "李局长", "role": "viewer"})
    called(stack, "POST", "/units", {"unit_id": unit_id, "name": unit_name, "kind": "bureau", "emails": [address]})
    reporter = called(stack, "POST", f"/units/{unit_id}/reporters", {"label": "赵填报"})

    body = {
        "submission_id": str(uuid.uuid4()),
        "activity_type": "visit",
        "title": "中秋走访慰问驻军",
        "occurred_on": TODAY.replace(day=3).isoformat(),
        "location": "73026部队营区",
        "counterpart": "73026部队",
        "participants": 8,
        "metrics": {"target": "troops", "households": 15, "persons": 40, "funds_yuan": 12000},
    }
    report = called(stack, "POST", "/reports", body, token=reporter["token"])
    path = f"/reports/{report['report_id']}"

    # The viewer reads but may not review; the reviewer returns the report with what to fix.
    decision = {"decision": "return", "comment": "走访户数应为16户", "version": 1}
    assert stack.call("POST", path + "/review", decision, token=viewer["token"])[0] == 403
    pending = called(stack, "GET", f"/reports?month={MONTH}&unit_id={unit_id}&review=pending", token=reviewer["token"])
    assert [r["report_id"] for r in pending["items"]] == [report["report_id"]]
    returned = called(stack, "POST", path + "/review", decision, token=reviewer["token"])
    assert returned["review"]["state"] == "returned" and returned["notice"] == "已发邮件通知该单位"

    # The unit's outbox: one e-mail, with the title, the comment and the report page's address.
    blocks = [block for block in outbox(stack).split("━━━━━━━━ 第 ")[1:] if f"收件人：{address}" in block]
    assert len(blocks) == 1, blocks
    assert "主题：【双拥填报】报告退回修改：中秋走访慰问驻军" in blocks[0]
    assert "走访户数应为16户" in blocks[0] and f"{stack.base}/#report={report['report_id']}" in blocks[0]

    # The e-mail's address opens the report page at the report: returned, with the comment and who said it.
    phone = new_phone(chromium, stack)
    try:
        page = phone.page
        page.goto(reporter["link"])  # the phone keeps the token from the personal link
        expect(page.locator("#unit")).to_have_text(unit_name)
        page.goto(f"{stack.base}/#report={report['report_id']}")  # then follows the e-mail's address
        card = page.locator(f'[data-report="{report["report_id"]}"]')
        expect(card).to_have_class(re.compile(r"\breturned\b"))
        expect(card.locator(".review-comment")).to_have_text("走访户数应为16户")
        expect(card.locator(".review-by")).to_contain_text("王审核")
        phone.screenshot("walkthrough-returned-on-the-phone", full_page=False)
    finally:
        phone.context.close()

    # The reporter corrects it (back to pending); the reviewer approves the corrected version.
    corrected = {k: report[k] for k in ("activity_type", "title", "occurred_on", "location", "counterpart")}
    corrected.update(participants=8, metrics={**report["metrics"], "households": 16}, version=2)
    fixed = called(stack, "PUT", path, corrected, token=reporter["token"])
    assert fixed["review"]["state"] == "pending" and fixed["version"] == 3
    approved = called(stack, "POST", path + "/review", {"decision": "approve", "version": 3}, token=reviewer["token"])
    assert approved["review"]["state"] == "approved" and approved["review"]["by_name"] == "王审核"

    # The month's summary counts it: the unit reported, 16 households, approved.
    summary = compiled_anew(stack, MONTH, reviewer["token"])
    row = next(r for r in summary["by_unit"] if r["unit_id"] == unit_id)
    assert row["figures"]["visit"]["households"] == 16
    assert row["review"] == {"pending": 0, "approved": 1, "returned": 0}

    # The audit trail names each step's person and role, newest first.
    trail = called(stack, "GET", f"/audit?month={MONTH}&record=report:{report['report_id']}")["items"]
    assert [(e["action"], e["actor_name"], e["role"]) for e in trail] == [
        ("report.approved", "王审核", "reviewer"),
        ("report.updated", "赵填报", "reporter"),
        ("report.returned", "王审核", "reviewer"),
        ("report.submitted", "赵填报", "reporter"),
    ]
    assert trail[1]["fields"] == ["metrics", "review"]
    staff_trail = called(stack, "GET", f"/audit?month={MONTH}&record=staff:{reviewer['staff_id']}")["items"]
    assert [(e["action"], e["role"]) for e in staff_trail] == [("staff.registered", "admin")]
