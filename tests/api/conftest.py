"""Fixtures the API tests share, beside tests/conftest.py's: a set-up more than one module starts from."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_TOKEN, Api, SettableClock
from tests.helpers.summaries import submit, visit


@pytest.fixture
def festivals(api: Api, clock: SettableClock) -> None:
    """Two units' reports of 2026, entered by the county office: three fall in the festivals' windows."""
    clock.set("2026-09-07T09:00:00")
    api.unit("minzhengju", "县退役军人事务局")
    api.unit("sifaju", "县司法局")
    visit(api, ADMIN_TOKEN, "troops", 16, "62000", unit_id="minzhengju", occurred_on="2026-02-10", title="春节走访驻军")
    visit(api, ADMIN_TOKEN, "military_families", 115, "23000.50", unit_id="sifaju", occurred_on="2026-07-30")
    metrics = {"attendees": 40, "beneficiary_attendees": 25}
    submit(api, ADMIN_TOKEN, "symposium", metrics, unit_id="minzhengju", occurred_on="2026-08-01", participants=40)
    # outside both windows: 八一 plus 12 days, and June
    visit(api, ADMIN_TOKEN, "demobilized", 26, "10400", unit_id="sifaju", occurred_on="2026-08-20", title="窗口外")
    lecture = {"attendees": 120, "materials": 300, "consultations": 18}
    submit(api, ADMIN_TOKEN, "legal_lecture", lecture, unit_id="sifaju", occurred_on="2026-06-10", participants=120)
