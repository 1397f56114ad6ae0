"""The single table's keys: every item's key is built here and nowhere else.

Each partition key below is stored behind its tenant, `O#<org>#` (db/table.py adds and removes it), but for the
global ones (`GLOBAL_PARTITIONS`): `O#qingshan#UNITS`, `O#qingshan#REPORT#<id>`, GSI1 `O#qingshan#MONTH#2026-09`.

| item            | PK                  | SK              | GSI1PK                  | GSI1SK                          |
|-----------------|---------------------|-----------------|-------------------------|---------------------------------|
| unit            | UNITS               | UNIT#<unit>     |                         |                                 |
| units' changes  | UNITS               | CHANGES         |                         |                                 |
| reporter        | REPORTER#<id>       | REPORTER        | UNIT#<unit>#REPORTERS   | <created_at>#<id>               |
| staff member    | STAFF               | STAFF#<id>      |                         |                                 |
| report          | REPORT#<id>         | REPORT          | MONTH#<month>           | R#<unit>#<occurred_on>#<id>     |
| revision        | REPORT#<id>         | REV#<version>   |                         |                                 |
| nil report      | MONTH#<month>       | NIL#<unit>      |                         |                                 |
| month override  | MONTH#<month>       | STATUS          |                         |                                 |
| settings        | SETTINGS            | SETTINGS        |                         |                                 |
| agreement       | AGREEMENT#<id>      | AGREEMENT       | AGREEMENTS              | <unit>#<id>                     |
| agreements' ch. | AGREEMENTS          | CHANGES         |                         |                                 |
| reminder set.   | SETTINGS            | REMINDERS       |                         |                                 |
| campaigns       | SETTINGS            | CAMPAIGNS       |                         |                                 |
| reminder        | REMINDER#<r>#<p>    | <recipient>     | REMINDERS#<month>       | <claimed_at>#<r>#<p>#<recipient> |
| survey          | SURVEY#<id>         | SURVEY          | SURVEYS                 | <ends_at or 9999>#<id>          |
| survey version  | SURVEY#<id>         | VERSION#<n>     |                         |                                 |
| survey response | SURVEY#<id>         | RESPONSE#<rid>  |                         |                                 |
| survey link     | SURVEYTOKEN#<token> | SURVEYTOKEN     |                         |                                 |
| unit-month      | MONTH#<month>       | CHANGED#<unit>  |                         |                                 |
| month summary   | MONTH#<month>       | SUMMARY         |                         |                                 |
| year summary    | YEAR#<year>         | SUMMARY         |                         |                                 |
| period summary  | PERIOD#<period>     | SUMMARY         |                         |                                 |
| unit's summary  | UNITSUMMARY#<unit>#<period> | SUMMARY |                         |                                 |
| county profile  | YEAR#<year>         | PROFILE         |                         |                                 |
| summary notes   | YEAR#<year>         | NOTES           |                         |                                 |
| unit's notes    | YEAR#<year>         | NOTES#<unit>    |                         |                                 |
| office text ch. | YEAR#<year>         | TEXTS#<text>    |                         |                                 |
| plan task       | PLAN#<year>         | TASK#<task>     |                         |                                 |
| plan link       | PLAN#<year>         | LINK#<task>#<report> |                    |                                 |
| plan change     | MONTH#<month>       | CHANGED#plan    |                         |                                 |
| audit entry     | AUDIT#<month>       | <at>#<entry_id> |                         |                                 |
| collection      | COLLECTION#<id>     | COLLECTION      | COLLECTIONS             | <due_on>#<id>                   |
| its unit's file | COLLECTION#<id>     | UNIT#<unit>     |                         |                                 |
| organisation    | ORGS                | ORG#<org>       |                         |                                 |

The county office's staff are one partition, like the units: the office is a handful of
people, so the list is one strongly consistent Query, and a staff token's check one GetItem.

The audit trail is one partition a month (the month of the write, in Beijing time): an entry's sort
key begins with its moment, so a month's entries newest first are one Query read backwards. An
entry is put in the same transaction as the change it records, only if absent, and never updated
or deleted; it names who (actor, name, role), the action, the record, when, and for an edit the
changed fields' names (no values, never a token or a hash).

"Every report of month M" and "the reports of unit U in month M" are both one
Query of GSI1; a withdrawn report loses its GSI1 keys and drops out of both.
A report carries its review (`review`: state pending, approved or returned, comment, by,
by_name, at; none on a report stored before reviews: pending). A review is a write of the
report like an edit: the next version and its revision (`REV#<version>`, action approved or
returned, with the comment), in one transaction conditional on the version reviewed, which
also swaps the version's mark in the unit-month's digest. Revisions name who wrote them
(`by`, and `by_name` as they were named then; older ones are named when read).
A reminder e-mail is keyed by its reason <r>, period <p> and recipient; its GSI1
keys hold the month and moment it was first claimed. A returned report's e-mail is one
(`REMINDER#returned#<report_id>@<version>`, the version the return made).
A survey's versions and responses share its partition: its results are one
Query; a public link finds its survey by key; "surveys that ended in month M"
is one Query of GSI1 (ends_at is local time, so its text begins with the month).

A unit-month item (`CHANGED#<unit>`; `CHANGED#plan` counts the plan's changes) holds:
- `changes`: every write of a report or a nil report adds 1 to its unit's month, in the
  same transaction (one round trip): a summary remembers the sum of the month's counters
  it was compiled from, and is stale when the sum has moved;
- `live`: how many live reports the unit has in the month, and `digest`: the sum of their
  marks (`db.months.report_mark`, 60 bits of SHA-256 of `<report_id>#<version>`). Every
  report write moves both in its own transaction (a new report +1, a withdrawal -1, an
  edit swaps the old version's mark for the new one, a move takes it from one month to
  the other). A strong read of the month's partition so tells exactly which reports an
  eventually consistent Query of GSI1 must find; the compile reads again until they agree.
- the year board's counters (`db.months.BOARD_COUNTERS`): the live reports by review state,
  the late ones not returned, the participants and visit money of the pending and the approved,
  moved by the same steps (each report's share: reports/shares.py). The board reads a month's
  counters and its `NIL#` items in one Query (they sort side by side).
A unit-month is reported or 本月无活动, never both: a report's transaction checks that no
`NIL#<unit>` item exists, a nil report's updates the unit-month only while `live` is 0
(and puts `NIL#<unit>` only if absent, so concurrent identical nil reports store one).
Items stored before `live` existed are counted once by `reports/recount.py`.

A year-end collection (材料收集) is one partition: the collection (the units asked, the archive's state) and
an item per unit that has submitted (its state, its files newest last), so a collection with every unit's
state is one Query; a unit with no item is still waiting. The county has a handful of collections a year, so
a unit's own are found among all of them (GSI1 `COLLECTIONS`) and its items read in one BatchGetItem.

A year's plan is one partition: its tasks and the links of reports to them, so a
plan with its progress is one Query. A report linked to a task (`plan_task_id`)
has a link item (a copy of what progress needs: unit, date, type, figures) written,
moved or deleted in the same transaction as the report itself; a withdrawn report
has none. A change of the plan adds 1 to the `CHANGED#plan` counter of each month
whose overdue tasks it may change (from the task's last day to December), so those
months' summaries, and the year's, turn stale.

The office's own texts behind a year's summaries (`profile`, the county's basic facts, read by every
summary of the year; `notes`, the year summary's 存在的问题, 下一步工作打算 and area paragraphs) each
have a counter (`TEXTS#<text>`: `changes`, +1 in the same transaction as each write of the text). A
summary remembers the counters it was compiled from (`ready.texts`) and is stale when one has moved;
reading fetches them with the summary's record in one BatchGetItem (summaries/reading.py). The county's
registers every summary reads, its units (names, who is expected to report) and its co-building agreements
(those in force), have such a counter too (`CHANGES` in their partition: `units`, `agreements`), kept the same way.

A unit's own summary of a period (`POST|GET /units/{unit_id}/summaries/{period}`) is named
`units/<unit>/<period>` (`summary_name`): its record, its compile request and its files go under that name,
beside the county's. It depends on its unit's month counters and the plan's (`MonthCounts.changes_of`), the
registers, and its unit's notes of the year (`NOTES#<unit>`, counted as the text `notes#<unit>`).
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.dates import is_month, is_year

Key = dict[str, str]
KEY_FIELDS = ("PK", "SK", "GSI1PK", "GSI1SK")
PARTITION_FIELDS = ("PK", "GSI1PK")  # what carries the tenant (db/table.py): the partitions of the table and of GSI1
TENANT_PREFIX = "O#"
SETTINGS_ITEMS = {"calendar": "SETTINGS", "reminders": "REMINDERS", "campaigns": "CAMPAIGNS"}

UNITS = "UNITS"
UNIT_PREFIX = "UNIT#"
STAFF = "STAFF"
STAFF_PREFIX = "STAFF#"
ORGS = "ORGS"  # the organisations' tree: global, found without a county (README: Levels above the county)
ORG_PREFIX = "ORG#"
AGREEMENTS = "AGREEMENTS"
SURVEYS = "SURVEYS"
REGISTERS = {"units": UNITS, "agreements": AGREEMENTS}  # with a change counter each, which summaries read
PLAN_CHANGES = "plan"  # the month counter of the plan's changes, beside the units' (no unit may take its id)
REVISION_PREFIX = "REV#"
NIL_PREFIX = "NIL#"
CHANGED_PREFIX = "CHANGED#"
TASK_PREFIX = "TASK#"
VERSION_PREFIX = "VERSION#"
RESPONSE_PREFIX = "RESPONSE#"
AUDIT_PREFIX = "AUDIT#"
COLLECTIONS = "COLLECTIONS"


# Found without a tenant, each item naming its organisation (`org_id`): the organisations' tree, a reporter by the
# id in its token (its unit's list, GSI1, stays in its county), a survey's public link by its token.
GLOBAL_PARTITIONS = (ORGS, "REPORTER#", "SURVEYTOKEN#")


def tenant_prefix(org_id: str) -> str:
    """What comes before every partition key of an organisation's items (db/table.py)."""
    return f"{TENANT_PREFIX}{org_id}#"


def unit(unit_id: str) -> Key:
    return {"PK": UNITS, "SK": f"{UNIT_PREFIX}{unit_id}"}


def reporter(reporter_id: str) -> Key:
    return {"PK": f"REPORTER#{reporter_id}", "SK": "REPORTER"}


def reporters_of(unit_id: str) -> str:
    """The GSI1 partition of a unit's reporters."""
    return f"UNIT#{unit_id}#REPORTERS"


def reporter_index(unit_id: str, created_at: str, reporter_id: str) -> Key:
    return {"GSI1PK": reporters_of(unit_id), "GSI1SK": f"{created_at}#{reporter_id}"}


def staff_member(staff_id: str) -> Key:
    return {"PK": STAFF, "SK": f"{STAFF_PREFIX}{staff_id}"}


def org(org_id: str) -> Key:
    return {"PK": ORGS, "SK": f"{ORG_PREFIX}{org_id}"}


def report(report_id: str) -> Key:
    return {"PK": f"REPORT#{report_id}", "SK": "REPORT"}


def revision(report_id: str, version: int) -> Key:
    return {"PK": f"REPORT#{report_id}", "SK": f"{REVISION_PREFIX}{version:06d}"}


def month(month: str) -> str:
    """The month's partition (nil reports, overrides, change counters, summary) and its GSI1 partition of reports."""
    return f"MONTH#{month}"


def reports_prefix(unit_id: str | None = None) -> str:
    """The GSI1 sort key prefix of a month's reports, or of one unit's reports in it."""
    return f"R#{unit_id}#" if unit_id else "R#"


def report_index(report: dict[str, Any]) -> Key:
    """The GSI1 keys that put a live report in its month."""
    sort_key = f"{reports_prefix(report['unit_id'])}{report['occurred_on']}#{report['report_id']}"
    return {"GSI1PK": month(report["month"]), "GSI1SK": sort_key}


def nil_report(month_text: str, unit_id: str) -> Key:
    return {"PK": month(month_text), "SK": f"{NIL_PREFIX}{unit_id}"}


def month_override(month_text: str) -> Key:
    return {"PK": month(month_text), "SK": "STATUS"}


def month_changes(month_text: str, unit_id: str) -> Key:
    """A unit's change counter of the month ("plan" counts the plan's changes)."""
    return {"PK": month(month_text), "SK": f"{CHANGED_PREFIX}{unit_id}"}


def settings(name: str) -> Key:
    return {"PK": "SETTINGS", "SK": SETTINGS_ITEMS[name]}


def agreement(agreement_id: str) -> Key:
    return {"PK": f"AGREEMENT#{agreement_id}", "SK": "AGREEMENT"}


def agreement_index(unit_id: str, agreement_id: str) -> Key:
    return {"GSI1PK": AGREEMENTS, "GSI1SK": f"{unit_id}#{agreement_id}"}


UNIT_SUMMARIES = "units/"  # the names of units' own summaries begin with it (`summary_name`)


def summary_name(period: str, unit_id: str | None = None) -> str:
    """What a summary is named by, in the table and the bucket: the county's by its period, a unit's own by
    `units/<unit>/<period>`."""
    return f"{UNIT_SUMMARIES}{unit_id}/{period}" if unit_id else period


def summary_scope(name: str) -> tuple[str | None, str]:
    """The unit (None: the county's) and the period a summary's name names."""
    if not name.startswith(UNIT_SUMMARIES):
        return None, name
    unit_id, _, period = name.removeprefix(UNIT_SUMMARIES).partition("/")
    return unit_id, period


def summary(name: str) -> Key:
    """A month's summary record lives in the month's partition; a year's (YYYY) and any other period's (days
    of a year, named as asked: summaries/periods.py) in their own; a unit's own summary in its own."""
    unit_id, period = summary_scope(name)
    if unit_id:
        return {"PK": f"UNITSUMMARY#{unit_id}#{period}", "SK": "SUMMARY"}
    if is_month(period):
        return {"PK": month(period), "SK": "SUMMARY"}
    return {"PK": f"YEAR#{period}" if is_year(period) else f"PERIOD#{period}", "SK": "SUMMARY"}


def profile(year: int) -> Key:
    """The county's basic facts of a year, beside the year's summary."""
    return {"PK": f"YEAR#{year}", "SK": "PROFILE"}


def summary_notes(year: int, unit_id: str | None = None) -> Key:
    """The office's own words for the year's summary, or a unit's for its own (versioned like a report)."""
    return {"PK": f"YEAR#{year}", "SK": f"NOTES#{unit_id}" if unit_id else "NOTES"}


def notes_text(unit_id: str | None = None) -> str:
    """The name of the notes' change counter among the year's texts: the office's, or a unit's."""
    return f"notes#{unit_id}" if unit_id else "notes"


def office_text_changes(year: int, text: str) -> Key:
    """The change counter of one of the office's texts of a year (`profile` or `notes`)."""
    return {"PK": f"YEAR#{year}", "SK": f"TEXTS#{text}"}


def register_changes(register: str) -> Key:
    """The change counter of one of the county's REGISTERS (`units`, `agreements`)."""
    return {"PK": REGISTERS[register], "SK": "CHANGES"}


def reminder(reason: str, period: str, recipient: str) -> Key:
    return {"PK": f"REMINDER#{reason}#{period}", "SK": recipient}


def reminder_index(claimed_at: str, reason: str, period: str, recipient: str) -> Key:
    return {"GSI1PK": reminders_claimed(claimed_at[:7]), "GSI1SK": f"{claimed_at}#{reason}#{period}#{recipient}"}


def reminders_claimed(month_text: str) -> str:
    return f"REMINDERS#{month_text}"


def survey_partition(survey_id: str) -> str:
    return f"SURVEY#{survey_id}"


def survey(survey_id: str) -> Key:
    return {"PK": survey_partition(survey_id), "SK": "SURVEY"}


def survey_index(survey: dict[str, Any]) -> Key:
    ends_at = survey.get("closed_at") or survey.get("closes_at") or "9999"
    return {"GSI1PK": SURVEYS, "GSI1SK": f"{ends_at}#{survey['survey_id']}"}


def survey_version(survey_id: str, version: int) -> Key:
    return {"PK": survey_partition(survey_id), "SK": f"{VERSION_PREFIX}{version:06d}"}


def survey_response(survey_id: str, response_id: str) -> Key:
    return {"PK": survey_partition(survey_id), "SK": f"{RESPONSE_PREFIX}{response_id}"}


def survey_link(token: str) -> Key:
    return {"PK": f"SURVEYTOKEN#{token}", "SK": "SURVEYTOKEN"}


def plan(year: int | str) -> str:
    return f"PLAN#{year}"


def plan_task(year: int | str, task_id: str) -> Key:
    return {"PK": plan(year), "SK": f"{TASK_PREFIX}{task_id}"}


def task_links_prefix(task_id: str) -> str:
    return f"LINK#{task_id}#"


def plan_link(report: dict[str, Any]) -> Key | None:
    """The key of a report's link to its plan task (the task's year is the report's), or None."""
    if not report.get("plan_task_id") or report.get("withdrawn_at"):
        return None
    return {
        "PK": plan(report["occurred_on"][:4]),
        "SK": f"{task_links_prefix(report['plan_task_id'])}{report['report_id']}",
    }


def audit_month(month_text: str) -> str:
    """The audit trail's partition of a month (YYYY-MM)."""
    return f"{AUDIT_PREFIX}{month_text}"


def audit_entry(at: str, entry_id: str) -> Key:
    """An audit entry's keys: its month's partition, sorted by its moment (local ISO time)."""
    return {"PK": audit_month(at[:7]), "SK": f"{at}#{entry_id}"}


def collection_partition(collection_id: str) -> str:
    return f"COLLECTION#{collection_id}"


def collection(collection_id: str) -> Key:
    return {"PK": collection_partition(collection_id), "SK": "COLLECTION"}


def collection_index(due_on: str, collection_id: str) -> Key:
    return {"GSI1PK": COLLECTIONS, "GSI1SK": f"{due_on}#{collection_id}"}


def collection_unit(collection_id: str, unit_id: str) -> Key:
    """A unit's submissions to a collection: its state and its files."""
    return {"PK": collection_partition(collection_id), "SK": f"{UNIT_PREFIX}{unit_id}"}
