"""Which reminder e-mails are due today: a pure decision over the date and the data.

`decide(situation)` answers the e-mails due on `situation.today`, each keyed by
(reason, period, recipient). What was already sent is not its concern: the
daily job claims each key with a conditional write before sending (see
`reminders/daily.py`), so a key is sent once however often the decision names it.

That lets every rule name its e-mail for a window of days, not only on its
day: a run that was missed, or a send that failed, is made up on the next run
while the reminder is still true.

- missing: each unit expected to report month M (active, and registered before M
  ended: `units.roster.expected_units`, the summary's own rule) with neither a
  report nor a nil report for M, on the admin's reminder days (default the 25th of M,
  the 1st and 3rd of M+1), until the deadline. Period `M@<reminder day>`: one e-mail
  per reminder day.
- digest: the county office, from the day after M's deadline for a week, counting
  the units expected for M. Period `M`.
- agreement-60 / agreement-30: the local unit of an active agreement that ends in
  31-60 / 0-30 days. Period `<agreement>@<valid_to>` (an extension is a new period).
- campaign: every active unit, `lead_days` (10) before a date of the campaign
  calendar, until that date. Period `<campaign>@<date>`.
- returned: the unit of a report the county office returned for correction (退回修改),
  with the title, the comment and the report page's address. Sent by the review at once
  (reminders/returns.py); named here again for every report still returned at that
  version, so a send that failed is made up. Period `<report_id>@<version>`: each return
  is a new version, so each return is one e-mail.

- collection: each active unit a year-end collection asks that has not submitted its file (or whose file was
  returned), on the days before the due date the collection names (`remind_days_before`, default 7 and 1),
  until the due date. Period `<collection>@<reminder day>`: one e-mail per reminder day.
- collection-returned: the unit whose file the county office returned, with the comment. Sent by the review
  at once (reminders/returns.py) and named here again while a send failed. Period `<collection>/<unit>@<version>`:
  each return is one e-mail.

A unit whose only reports of a month are returned has not reported it, as in the
month's summary: it is chased as missing, and the digest counts it so.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from chalicelib.calendar import campaigns
from chalicelib.calendar.models import Campaign
from chalicelib.collections.records import CollectionRecord, UnitItemRecord
from chalicelib.collections.service import Outstanding
from chalicelib.core.dates import (
    ENDING_SOON_DAYS,
    date_label,
    month_end,
    month_of,
    next_month,
    parse_month,
    previous_month,
)
from chalicelib.mail.sender import Email
from chalicelib.reminders import texts as reminder_texts
from chalicelib.reminders.models import ReminderSettingsForm
from chalicelib.reports.records import ShownReport, StoredReport
from chalicelib.units.records import UnitRecord
from chalicelib.units.roster import expected_units

MISSING = "missing"
DIGEST = "digest"
AGREEMENT_60 = "agreement-60"
AGREEMENT_30 = "agreement-30"
CAMPAIGN = "campaign"
RETURNED = "returned"
COLLECTION = "collection"
COLLECTION_RETURNED = "collection-returned"
# Each reason as the office reads it (the page shows these words, never the code).
REASON_LABELS = {
    MISSING: "催报",
    DIGEST: "逾期汇总",
    AGREEMENT_60: "协议60天到期",
    AGREEMENT_30: "协议30天到期",
    CAMPAIGN: "节日提醒",
    RETURNED: "报告退回修改",
    COLLECTION: "材料催交",
    COLLECTION_RETURNED: "材料退回修改",
}
COUNTY = "county"
DIGEST_WINDOW_DAYS = 7
ENDING_VERY_SOON_DAYS = 30


@dataclass(frozen=True)
class MonthFacts:
    """What the decision needs to know about one reporting month."""

    month: str
    deadline: date
    lock_date: date
    reported: frozenset[str]  # units with a report or a nil report
    late: frozenset[str]  # units whose every report and nil report came after the deadline
    returned_only: frozenset[str] = frozenset()  # units whose only reports are returned (not in `reported`)


@dataclass(frozen=True)
class Situation:
    today: date
    units: list[UnitRecord]
    months: dict[str, MonthFacts]  # at least those `months_in_view(today)` names
    agreements: list[dict[str, Any]]  # as agreements.present gives them: effective status, ends_in_days
    campaigns: list[Campaign]
    settings: ReminderSettingsForm = field(default_factory=ReminderSettingsForm)
    county_emails: tuple[str, ...] = ()
    public_url: str = ""
    county_name: str = "本县"
    returned: list[StoredReport] = field(default_factory=list)  # reports returned, each at its returned version
    collections: list[Outstanding] = field(default_factory=list)  # open collections and the units to chase
    returned_files: list[tuple[CollectionRecord, UnitItemRecord]] = field(default_factory=list)  # e-mails to make up


@dataclass(frozen=True)
class Planned:
    reason: str
    period: str
    recipient: str  # a unit_id, or COUNTY
    email: Email  # `to` is empty when the recipient has no address


def return_period(report: StoredReport | ShownReport) -> str:
    """A return's period key: the report at the version the return made."""
    return f"{report['report_id']}@{report['version']}"


def returned_notice(report: StoredReport | ShownReport, unit: UnitRecord, public_url: str, signature: str) -> Planned:
    """The e-mail telling a unit that its report was returned for correction."""
    email = reminder_texts.returned(report, unit, public_url, signature)
    return Planned(RETURNED, return_period(report), unit["unit_id"], email)


def collection_returned_notice(
    collection: CollectionRecord, item: UnitItemRecord, unit: UnitRecord, public_url: str, signature: str
) -> Planned:
    """The e-mail telling a unit that the office returned its file, once per return (the version it made)."""
    due_on = date.fromisoformat(collection["due_on"])
    title, comment = collection["title"], item["comment"]
    email = reminder_texts.collection_returned(title, due_on, comment, unit, public_url, signature)
    period = f"{collection['collection_id']}/{item['unit_id']}@{item['version']}"
    return Planned(COLLECTION_RETURNED, period, unit["unit_id"], email)


def collection_day(collection: Outstanding, today: date) -> date | None:
    """The latest of the collection's reminder days on or before today, while its due date has not passed."""
    if today > collection.due_on:
        return None
    passed = [collection.due_on - timedelta(days=n) for n in collection.remind_days_before]
    passed = [day for day in passed if day <= today]
    return max(passed) if passed else None


def months_in_view(today: date) -> list[str]:
    """The months a reminder or digest can be due for today: this month and the two before."""
    this = month_of(today)
    return [this, previous_month(this), previous_month(previous_month(this))]


def reminder_day(month: str, deadline: date, settings: ReminderSettingsForm, today: date) -> date | None:
    """The latest of the month's reminder days on or before today, while the deadline has not passed."""
    if today > deadline:
        return None
    year, mon = parse_month(month)
    after_year, after_mon = parse_month(next_month(month))
    days = [date(year, mon, min(day, gregorian.monthrange(year, mon)[1])) for day in settings.nudge_days]
    days += [date(after_year, after_mon, day) for day in settings.reminder_days]
    passed = [day for day in days if day <= today and day <= deadline]
    return max(passed) if passed else None


def digest_due(facts: MonthFacts, today: date) -> bool:
    return facts.deadline < today <= facts.deadline + timedelta(days=DIGEST_WINDOW_DAYS)


def ending_soon(agreement: dict[str, Any]) -> bool:
    days = agreement.get("ends_in_days")
    return agreement.get("status") == "active" and days is not None and 0 <= days <= ENDING_SOON_DAYS


def decide(situation: Situation) -> list[Planned]:
    """Every e-mail due today, the unit reminders first and the county digest last."""
    today = situation.today
    signature = f"{situation.county_name}双拥办"
    active = [unit for unit in situation.units if unit.get("active", True)]
    planned: list[Planned] = []

    for month in months_in_view(today):
        facts = situation.months[month]
        day = reminder_day(month, facts.deadline, situation.settings, today)
        if day is None:
            continue
        for unit in expected_units(active, month):
            if unit["unit_id"] not in facts.reported:
                over = today > month_end(month)
                sent_back = unit["unit_id"] in facts.returned_only
                email = reminder_texts.missing(
                    unit, month, facts.deadline, facts.lock_date, over, situation.public_url, signature, sent_back
                )
                planned.append(Planned(MISSING, f"{month}@{day.isoformat()}", unit["unit_id"], email))

    by_id = {unit["unit_id"]: unit for unit in active}
    for agreement in situation.agreements:
        owner = by_id.get(agreement["unit_id"])
        if owner is None or not ending_soon(agreement):
            continue
        reason = AGREEMENT_30 if agreement["ends_in_days"] <= ENDING_VERY_SOON_DAYS else AGREEMENT_60
        email = reminder_texts.agreement_ending(agreement, owner, situation.public_url, signature)
        planned.append(Planned(reason, f"{agreement['agreement_id']}@{agreement['valid_to']}", owner["unit_id"], email))

    for campaign in situation.campaigns:
        day = campaigns.due(campaign, today)
        if day is None:
            continue
        for unit in active:
            email = reminder_texts.campaign(campaign.name, day, today, unit, situation.public_url, signature)
            planned.append(Planned(CAMPAIGN, f"{campaign.code}@{day.isoformat()}", unit["unit_id"], email))

    for collection in situation.collections:
        day = collection_day(collection, today)
        if day is None:
            continue
        for unit_id in collection.unit_ids:
            if unit_id in by_id:
                returned, unit = unit_id in collection.returned, by_id[unit_id]
                email = reminder_texts.collection_due(
                    collection.title, collection.due_on, today, returned, unit, situation.public_url, signature
                )
                planned.append(Planned(COLLECTION, f"{collection.collection_id}@{day.isoformat()}", unit_id, email))

    every_unit = {unit["unit_id"]: unit for unit in situation.units}
    for report in situation.returned:  # the office returned it: whether the unit reports now or not
        if report["unit_id"] in every_unit:
            planned.append(returned_notice(report, every_unit[report["unit_id"]], situation.public_url, signature))
    for asked, item in situation.returned_files:
        if item["unit_id"] in every_unit:
            unit = every_unit[item["unit_id"]]
            planned.append(collection_returned_notice(asked, item, unit, situation.public_url, signature))

    for month in months_in_view(today):
        facts = situation.months[month]
        if digest_due(facts, today):
            planned.append(Planned(DIGEST, month, COUNTY, _digest(situation, facts, active, by_id, signature)))
    return planned


def _digest(
    situation: Situation,
    facts: MonthFacts,
    active: list[UnitRecord],
    by_id: dict[str, UnitRecord],
    signature: str,
) -> Email:
    expected = expected_units(active, facts.month)
    missing = [unit for unit in expected if unit["unit_id"] not in facts.reported]
    late = [unit for unit in expected if unit["unit_id"] in facts.late]
    unreachable = [unit for unit in active if not unit.get("emails")]
    ending = sorted(
        (a for a in situation.agreements if ending_soon(a) and a["unit_id"] in by_id),
        key=lambda a: (a["valid_to"], a["unit_id"]),
    )
    return reminder_texts.digest(
        situation.county_emails,
        facts.month,
        facts.deadline,
        facts.lock_date,
        {
            "total": len(expected),
            "on_time": len(expected) - len(missing) - len(late),
            "late": len(late),
            "missing": len(missing),
        },
        [unit["name"] + ("" if unit.get("emails") else "（无联系邮箱）") for unit in missing],
        [unit["name"] for unit in late],
        [
            f"{by_id[a['unit_id']]['name']}：《{a['title']}》（{a['military_unit']}），"
            f"{date_label(date.fromisoformat(a['valid_to']))}到期，还有{a['ends_in_days']}天"
            for a in ending
        ],
        [unit["name"] for unit in unreachable],
        situation.public_url,
        signature,
    )
