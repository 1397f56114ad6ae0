"""`make remind [AT=2026-08-03T09:00+08:00]`: the daily reminder job, once, against the running local stack.

It calls the same service the 09:00 schedule calls, for every organisation as the schedule does (the demo
county, the demo city 北湖市 and 河西县), with the clock at AT (Beijing time if no offset is given; 09:00 if only
a date) or else the stack's, and prints what it sent. `make outbox` shows the e-mails.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from local import stackfile
from local.clock import moment


def report(outcome: dict[str, Any], organisation: str) -> str:
    lines = [f"提醒任务（{organisation}，{outcome['at']}）"]
    for item in outcome["sent"]:
        lines.append(f"  已发送  {item['subject']}  →  {'，'.join(item['to'])}")
    for item in outcome["failed"]:
        lines.append(f"  发送失败（下次运行重试）  {item['subject']}  →  {'，'.join(item['to'])}：{item['error']}")
    for item in outcome["unreachable"]:
        lines.append(f"  无联系邮箱，未发送  {item['reason']} {item['period']}  单位 {item['recipient']}")
    lines.append(
        f"共发送 {len(outcome['sent'])} 封，失败 {len(outcome['failed'])} 封，"
        f"此前已发送而跳过 {outcome['skipped']} 封。"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    state = stackfile.read()
    stackfile.enter(state)
    from chalicelib.context import Context
    from chalicelib.core.dates import shifted_clock
    from chalicelib.reminders import daily as remind
    from chalicelib.web.routing import Organisations

    at = argv[1].strip() if len(argv) > 1 and argv[1].strip() else None
    fixed = moment(at) if at else None
    stack_clock = shifted_clock(stackfile.clock_offset(state))

    def clock() -> datetime:
        return fixed or stack_clock()

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    for tenant in Organisations(Context(clock=clock)).every():
        sys.stdout.write(report(remind.run_daily(tenant), tenant.config.county_name))


if __name__ == "__main__":
    main(sys.argv)
