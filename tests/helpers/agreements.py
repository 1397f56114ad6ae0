"""A co-building agreement as the county office registers it through the API (POST /agreements)."""

from __future__ import annotations

AGREEMENT = {
    "title": "县司法局与73026部队法律服务共建协议",
    "unit_id": "sifaju",
    "military_unit": "73026部队",
    "signed_on": "2025-09-01",
    "valid_from": "2025-09-01",
    "valid_to": "2026-09-30",
    "goals": "提供法律服务",
    "tasks": [{"title": "每季度送法进军营", "due_on": "2026-06-30"}],
    "contacts": [{"name": "王干事", "side": "military", "phone": "0731-1234567"}],
}
