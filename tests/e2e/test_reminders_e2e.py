"""`make remind` and `make outbox` against the real local stack and its demo county."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from chalicelib.core.dates import month_label, previous_month
from tests.e2e.conftest import ROOT, TODAY, Stack

pytestmark = pytest.mark.e2e

DEMO_ADDRESSES = {"sfj@example.cn", "tyjr@example.cn", "jyj@example.cn", "cgjd@example.cn"}


def command(stack: Stack, *args: str) -> str:
    env = {**os.environ, "STACK_FILE": stack.stack_file}
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=660, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_remind_sends_each_reminder_once_and_make_outbox_shows_them(stack: Stack) -> None:
    # A month the demo county did not report (it reported last month): three months back.
    this = TODAY.strftime("%Y-%m")
    month = previous_month(previous_month(previous_month(this)))
    after = previous_month(previous_month(this))
    at = f"{after}-01T09:00+08:00"
    label = month_label(month)

    first = command(stack, "local.remind", at)
    assert "无联系邮箱，未发送  missing" in first and "单位 fayuan" in first, first
    second = command(stack, "local.remind", at)
    assert "共发送 0 封" in second, second

    shown = command(stack, "local.outbox")
    blocks = [block for block in shown.split("━━━━━━━━ 第 ")[1:] if f"填报{label}双拥活动" in block]
    lines = [line for block in blocks for line in block.splitlines()]
    recipients = {line.split("：", 1)[1] for line in lines if line.startswith("收件人")}
    assert recipients == DEMO_ADDRESSES, shown
    assert len(blocks) == 4
    sifaju = next(block for block in blocks if "收件人：sfj@example.cn" in block)
    deadline = date.fromisoformat(f"{after}-05")
    assert f"主题：【双拥填报】请于{deadline.year}年{deadline.month}月5日前填报{label}双拥活动" in sifaju
    assert "县司法局：" in sifaju and "本月无活动" in sifaju and stack.base + "/" in sifaju
    assert "县退役军人事务局" not in sifaju
