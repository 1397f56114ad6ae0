"""A demo county: units, reporters, its basic facts, a year's plan and a month of reports, entered through
the services; and the demo city above it (`seed_city`): 北湖市 with the demo county and 河西县, each its own tenant.

The units were registered a year ago, so every month of the past year expects them (a unit is
chased, and missing, only for months that ended after it was registered). The plan is for the
year of the demo month (last month): in January, last year's. Four of the month's reports are
linked to its tasks; the others stay unlinked, so the plan shows each state (done, in progress,
not started, overdue). Two co-building agreements: one in force, ending within 60 days of the
demo month's end; one signed in the demo month that comes into force next month (未生效)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.agreements import service as agreements
from chalicelib.agreements.models import AgreementForm
from chalicelib.collections import service as collections
from chalicelib.collections.models import CollectionForm
from chalicelib.context import Context
from chalicelib.core.auth import OWNER, Principal, Role
from chalicelib.core.dates import CHINA, local_today, month_of
from chalicelib.orgs import service as orgs
from chalicelib.orgs.models import OrgForm
from chalicelib.plans import service as plans
from chalicelib.profile import service as county_profile
from chalicelib.reports import nil_reports
from chalicelib.reports import service as reports
from chalicelib.staff import service as staff
from chalicelib.staff.models import StaffForm
from chalicelib.units import service as units
from chalicelib.units.models import NewUnitForm, ReporterForm

DEMO_UNITS: list[dict[str, Any]] = [
    {"unit_id": "sifaju", "name": "县司法局", "kind": "bureau", "emails": ["sfj@example.cn"]},
    {"unit_id": "minzhengju", "name": "县退役军人事务局", "kind": "bureau", "emails": ["tyjr@example.cn"]},
    {"unit_id": "jiaoyuju", "name": "县教育局", "kind": "bureau", "emails": ["jyj@example.cn"]},
    {"unit_id": "fayuan", "name": "县人民法院", "kind": "court", "emails": []},
    {"unit_id": "chengguan-jd", "name": "城关街道办事处", "kind": "street", "emails": ["cgjd@example.cn"]},
    {"unit_id": "fagaiwei", "name": "县发改委", "kind": "bureau", "emails": []},
]


# The county's basic facts (基本情况) for the demo year: what its 情况汇报 opens with.
DEMO_PROFILE: dict[str, Any] = {
    "townships": 3,
    "subdistricts": 5,
    "population": 324_600,
    "beneficiaries": {
        "martyr_families": {"persons": 12},
        "military_families": {"households": 350},
        "disabled_veterans": {"persons": 45},
        "demobilized": {"persons": 26},
    },
    "garrisons": 4,
    "allowance_households": 120,
    "honours": [
        {"year": 2019, "title": "全国双拥模范县（城）", "level": "national"},
        {"year": 2023, "title": "省级双拥模范县（城）", "level": "provincial"},
    ],
}


def _previous_month_day(today: date, day: int) -> date:
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=day)


def _visit(title: str, target: str, households: int, persons: int, funds: str) -> dict[str, Any]:
    return {
        "activity_type": "visit",
        "title": title,
        "location": "驻地",
        "counterpart": title,
        "participants": 6,
        "metrics": {"target": target, "households": households, "persons": persons, "funds_yuan": Decimal(funds)},
    }


def _preferential(title: str, category: str, target: str, persons: int, households: int, amount: str):
    metrics = {"category": category, "target": target, "beneficiaries": persons, "households": households}
    return _activity("preferential", title, "县退役军人事务局", persons, {**metrics, "amount_yuan": Decimal(amount)})


def _activity(kind: str, title: str, counterpart: str, participants: int, metrics: dict[str, Any]) -> dict[str, Any]:
    return {
        "activity_type": kind,
        "title": title,
        "location": "县城",
        "counterpart": counterpart,
        "participants": participants,
        "metrics": metrics,
    }


def _demo_reports(day: date) -> list[tuple[str, dict[str, Any]]]:
    # The 八一 visits of DOMAIN.md's worked month: 203,900 yuan in all, 20.39万元. Then the rest of what a
    # 情况汇报 tells: 优抚 money by kind (all 120 entitled households paid 优待金, 2,100 yuan each), the courts'
    # cases beside legal aid and mediation, an honour, the news, the 军地联席会议 (组织领导).
    return [
        ("minzhengju", _visit("八一走访驻区团以上部队", "troops", 16, 80, "62000")),
        ("minzhengju", _visit("慰问一等伤残军人", "disabled_veterans", 3, 3, "1500")),
        ("minzhengju", _visit("慰问复退军人集中的困难企业", "enterprises", 4, 4, "34000")),
        ("minzhengju", _visit("慰问军队退休干部", "retired_cadres", 15, 15, "3000")),
        ("chengguan-jd", _visit("慰问老复员军人、烈军属", "military_families", 115, 115, "23000")),
        ("chengguan-jd", _visit("慰问在乡老复员军人", "demobilized", 26, 26, "10400")),
        ("chengguan-jd", _visit("慰问涉军人员", "other", 300, 300, "70000")),
        (
            "sifaju",
            {
                "activity_type": "legal_lecture",
                "title": "送法进军营：《民法典》与官兵权益保护",
                "location": "73026部队营区",
                "counterpart": "73026部队",
                "participants": 120,
                "description": "为驻地部队官兵讲解民法典中与军人权益相关的条款，现场解答法律咨询。",
                "metrics": {"attendees": 120, "materials": 300, "consultations": 18},
            },
        ),
        (
            "sifaju",
            {
                "activity_type": "mediation",
                "title": "涉军矛盾纠纷排查调处",
                "location": "县司法局",
                "counterpart": "军属",
                "participants": 4,
                "metrics": {"disputes": 3, "resolved": 2},
            },
        ),
        (
            "jiaoyuju",
            {
                "activity_type": "symposium",
                "title": "八一拥军优属座谈会",
                "location": "县政府会议室",
                "counterpart": "优抚对象代表",
                "participants": 40,
                "metrics": {"attendees": 40, "beneficiary_attendees": 25},
            },
        ),
        ("minzhengju", _preferential("发放义务兵家庭优待金", "allowance", "military_families", 120, 120, "252000")),
        ("minzhengju", _preferential("为伤残军人报销医疗费", "medical", "disabled_veterans", 3, 0, "12000")),
        ("minzhengju", _preferential("烈属抚恤补助", "pension", "martyr_families", 12, 12, "36000")),
        (
            "fayuan",
            _activity(
                "court_case",
                "涉军案件审理",
                "军人军属",
                4,
                {"cases": 4, "concluded": 3, "fee_waived_yuan": Decimal("5000")},
            ),
        ),
        ("sifaju", _activity("legal_aid", "军人军属法律援助", "军属", 2, {"cases": 2, "beneficiaries": 2})),
        (
            "minzhengju",
            _activity(
                "honour",
                "荣获全省拥军优属先进单位",
                "省双拥工作领导小组",
                1,
                {"level": "provincial", "honour": "全省拥军优属先进单位", "recipient": "县退役军人事务局"},
            ),
        ),
        ("jiaoyuju", _activity("publicity", "八一双拥宣传", "社会各界", 20, {"news_items": 12, "broadcasts": 8})),
        (
            "minzhengju",
            _activity("organisation", "八一军地联席会议", "驻地部队", 15, {"meetings": 1, "kind": "joint_meeting"}),
        ),
    ]


# The same month a year before, filed by the county office for its units (a month long locked to reporters), so
# the year's 总结 has last year beside it (同比) once that year is compiled: a month like this year's, a little
# smaller in most things (160,000 yuan of visits against 203,900: +27.4%; 13 reports against 18) and larger in
# one (412 participants against 383: 同比下降).
LAST_YEAR_REPORTS = [
    ("minzhengju", _visit("八一走访驻区部队", "troops", 12, 60, "50000")),
    ("chengguan-jd", _visit("八一慰问军属", "military_families", 110, 110, "110000")),
    (
        "sifaju",
        _activity(
            "legal_lecture", "送法进军营", "73026部队", 100, {"attendees": 100, "materials": 200, "consultations": 12}
        ),
    ),
    (
        "sifaju",
        _activity(
            "legal_lecture", "国防法规宣讲", "武警中队", 80, {"attendees": 80, "materials": 100, "consultations": 6}
        ),
    ),
    ("sifaju", _activity("mediation", "涉军矛盾纠纷排查调处", "军属", 3, {"disputes": 2, "resolved": 2})),
    ("sifaju", _activity("legal_aid", "军人军属法律援助", "军属", 1, {"cases": 1, "beneficiaries": 1})),
    (
        "jiaoyuju",
        _activity(
            "symposium", "八一拥军优属座谈会", "优抚对象代表", 36, {"attendees": 36, "beneficiary_attendees": 20}
        ),
    ),
    ("jiaoyuju", _activity("publicity", "八一双拥宣传", "社会各界", 18, {"news_items": 9, "broadcasts": 6})),
    ("jiaoyuju", _activity("publicity", "国防教育进校园宣传", "学生", 25, {"news_items": 5, "broadcasts": 3})),
    ("minzhengju", _preferential("发放义务兵家庭优待金", "allowance", "military_families", 110, 110, "220000")),
    ("minzhengju", _preferential("烈属抚恤补助", "pension", "martyr_families", 12, 12, "33600")),
    (
        "fayuan",
        _activity(
            "court_case",
            "涉军案件审理",
            "军人军属",
            3,
            {"cases": 3, "concluded": 3, "fee_waived_yuan": Decimal("3000")},
        ),
    ),
    (
        "minzhengju",
        _activity("organisation", "八一军地联席会议", "驻地部队", 12, {"meetings": 1, "kind": "joint_meeting"}),
    ),
]


# Which demo report (by its index in _demo_reports) is linked to which task of the plan.
DEMO_LINKS = {0: "troops", 7: "lectures", 8: "mediation", 9: "symposium"}


def _demo_plan(ctx: Context, month: date) -> dict[str, str]:
    """The year's 任务分解表 with eight tasks under five headings; answer the linked tasks' ids by key."""
    year, m = month.year, month.month
    spring = "春节前" if "春节" in plans.calendar(ctx, year).days else "1月至2月"
    tasks: list[tuple[str | None, dict[str, Any]]] = [
        (None, _task("组织领导", "召开双拥工作领导小组全体会议", ["minzhengju"], "3月", ["symposium", "other"])),
        ("lectures", _task("法律拥军", "开展送法进军营活动", ["sifaju"], "全年", ["legal_lecture"], 4)),
        ("mediation", _task("法律拥军", "涉军矛盾纠纷排查调处", ["sifaju"], "全年", ["mediation"])),
        ("troops", _task("拥军优属", "走访慰问驻区部队", ["minzhengju"], f"{m}月", ["visit"], 16, "households")),
        ("symposium", _task("拥军优属", "召开拥军优属座谈会", ["jiaoyuju"], f"{m}月", ["symposium"])),
        (
            None,
            _task("拥军优属", "春节前走访慰问困难退役军人", ["minzhengju", "chengguan-jd"], spring, ["visit"], lead=1),
        ),
        (None, _task("宣传教育", "全民国防教育日集中宣传", ["jiaoyuju", "chengguan-jd"], "9月中旬", [], lead=1)),
        (None, _task("军地共建", "签订或续签军地共建协议", ["sifaju"], "年底前", ["co_building"])),
    ]
    found = {}
    for key, body in tasks:
        task = plans.create(ctx, OWNER, str(year), body)
        if key:
            found[key] = task["task_id"]
    return found


def _task(
    heading: str,
    title: str,
    unit_ids: list[str],
    window: str,
    kinds: list[str],
    target: int = 0,
    figure: str = "reports",
    lead: int = 0,
) -> dict[str, Any]:
    """A task of the 任务分解表; its first `lead` units lead it (牵头), the others join (配合)."""
    body: dict[str, Any] = {
        "heading": heading,
        "title": title,
        "unit_ids": unit_ids,
        "lead_unit_ids": unit_ids[:lead],
        "window": window,
        "activity_types": kinds,
    }
    if target:
        body["target"] = {"figure": figure, "value": target}
    return body


def _as_of(ctx: Context, day: date) -> Context:
    """The same stack with the clock at 10:00 on `day`, so the demo month was reported on time."""
    moment = datetime(day.year, day.month, day.day, 10, tzinfo=CHINA)
    return Context(ctx.config, clock=lambda: moment, table=ctx.store.table.resource)


def _units(ctx: Context, listed: list[dict[str, Any]], today: date) -> dict[str, str]:
    """The units registered a year before `today`, a reporter of each issued on `today`: their tokens by unit."""
    registered = _as_of(ctx, today.replace(year=today.year - 1))
    for unit in listed:
        units.create(registered, OWNER, NewUnitForm.model_validate(unit))
    issued = _as_of(ctx, today)
    form = ReporterForm(label="演示填报员")
    return {u["unit_id"]: units.issue_reporter(issued, OWNER, u["unit_id"], form)["token"] for u in listed}


def seed(ctx: Context) -> dict[str, str]:
    """Create the demo county, its last month reported by the 3rd; answer each unit's reporter token."""
    today = local_today(ctx.clock).replace(day=3)
    tokens = _units(ctx, DEMO_UNITS, today)
    ctx = _as_of(ctx, today)
    agreements.create(
        ctx,
        OWNER,
        AgreementForm.model_validate(
            {
                "title": "县司法局与73026部队法律服务共建协议",
                "unit_id": "sifaju",
                "military_unit": "73026部队",
                "signed_on": (today - timedelta(days=300)).isoformat(),
                "valid_from": (today - timedelta(days=300)).isoformat(),
                "valid_to": (today + timedelta(days=45)).isoformat(),
                "goals": "为部队官兵和军属提供法律咨询、法律援助和公证服务。",
                "tasks": [{"title": "每季度送法进军营一次"}],
                "contacts": [{"name": "王干事", "side": "military"}],
            }
        ),
    )
    starts = (today.replace(day=1) + timedelta(days=31)).replace(day=1)  # the first of next month
    agreements.create(
        ctx,
        OWNER,
        AgreementForm.model_validate(
            {
                "title": "县教育局与武警中队国防教育共建协议",
                "unit_id": "jiaoyuju",
                "military_unit": "武警中队",
                "signed_on": _previous_month_day(today, 20).isoformat(),
                "valid_from": starts.isoformat(),
                "valid_to": (starts.replace(year=starts.year + 3) - timedelta(days=1)).isoformat(),
                "goals": "共同开展国防教育和学生军训。",
                "tasks": [{"title": "每学期组织国防教育课一次"}],
            }
        ),
    )
    county_profile.replace(ctx, OWNER, str(_previous_month_day(today, 1).year), {**DEMO_PROFILE, "version": 0})
    linked = _demo_plan(ctx, _previous_month_day(today, 1))
    for index, (unit_id, report) in enumerate(_demo_reports(today)):
        occurred = _previous_month_day(today, 1 + index % 8)  # in 八一's window when the demo month is August
        submission_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/{index}"))
        body = {**report, "submission_id": submission_id, "occurred_on": occurred.isoformat()}
        if index in DEMO_LINKS:
            body["plan_task_id"] = linked[DEMO_LINKS[index]]
        reports.submit(ctx, Principal(Role.REPORTER, "demo", unit_id), body)
    for index, (unit_id, report) in enumerate(LAST_YEAR_REPORTS):
        occurred = _previous_month_day(today, 1 + index)
        occurred = occurred.replace(year=occurred.year - 1)
        submission_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/last-year/{index}"))
        reports.submit(
            ctx, OWNER, {**report, "unit_id": unit_id, "submission_id": submission_id, "occurred_on": str(occurred)}
        )
    # The year-end collection the office asks of every unit: this year's 总结 and next year's 要点, due in five weeks.
    year, due = _previous_month_day(today, 1).year, today + timedelta(days=35)
    for title, kind, of_year in (
        (f"{year}年度双拥工作总结", "year_summary", year),
        (f"{year + 1}年双拥工作要点", "year_plan", year + 1),
    ):
        collections.create(
            ctx,
            OWNER,
            CollectionForm.model_validate({"title": title, "kind": kind, "year": of_year, "due_on": due.isoformat()}),
        )
    nil_month = month_of(_previous_month_day(today, 1))
    nil_reports.file_nil_report(
        ctx, Principal(Role.REPORTER, "demo", "fagaiwei"), "fagaiwei", nil_month, {"note": "本月无涉军活动"}
    )
    return tokens


# The demo city: 北湖市 over the demo county (the deployment's own, COUNTY_ID, named COUNTY_NAME) and 河西县, whose
# three units are the demo county's first three under its own names (the same ids: each county keeps its own).
CITY = {"org_id": "beihu", "name": "北湖市", "level": "city"}
SECOND_COUNTY = {"org_id": "hexi", "name": "河西县", "level": "county", "parent_id": "beihu"}
SECOND_UNITS = [{**unit, "name": "河西" + unit["name"], "emails": []} for unit in DEMO_UNITS[:3]]
SECOND_REPORTS = [
    ("minzhengju", _visit("八一走访慰问驻地部队", "troops", 6, 30, "24000")),
    ("minzhengju", _visit("慰问烈属", "martyr_families", 8, 8, "4000")),
    (
        "sifaju",
        _activity(
            "legal_lecture", "送法进军营", "武警河西中队", 60, {"attendees": 60, "materials": 150, "consultations": 9}
        ),
    ),
    (
        "jiaoyuju",
        _activity(
            "symposium", "八一拥军优属座谈会", "优抚对象代表", 25, {"attendees": 25, "beneficiary_attendees": 15}
        ),
    ),
]


@dataclass(frozen=True)
class City:
    """What `make run` prints of the demo city: its office's admin link, and 河西县's reporters' tokens by unit."""

    admin_link: str
    reporters: dict[str, str]


def seed_city(ctx: Context) -> City:
    """Register 北湖市, the demo county under it and 河西县 (with its units, last month reported by the 3rd), as the
    owner token does; provision the city office's admin."""
    today = local_today(ctx.clock).replace(day=3)
    home = {"org_id": ctx.org, "name": ctx.config.county_name, "level": "county", "parent_id": CITY["org_id"]}
    year_ago = today.replace(year=today.year - 1)
    for days, org in enumerate((CITY, home, SECOND_COUNTY)):  # a day apart: the tree's order
        orgs.register(_as_of(ctx, year_ago + timedelta(days=days)), OWNER, OrgForm.model_validate(org))
    city = ctx.within(CITY["org_id"], CITY["name"])
    admin = staff.register(city, OWNER, StaffForm.model_validate({"name": "北湖市演示管理员", "role": "admin"}))
    second = ctx.within(SECOND_COUNTY["org_id"], SECOND_COUNTY["name"])
    tokens = _units(second, SECOND_UNITS, today)
    for index, (unit_id, report) in enumerate(SECOND_REPORTS):
        occurred = _previous_month_day(today, 1 + index)
        submission_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/hexi/{index}"))
        body = {**report, "submission_id": submission_id, "occurred_on": occurred.isoformat()}
        reports.submit(_as_of(second, today), Principal(Role.REPORTER, "demo", unit_id), body)
    return City(admin["link"], tokens)
