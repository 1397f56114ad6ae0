"""The app's storage: one part per capability, over one DynamoDB table resource handed in.

Only this package talks to DynamoDB. Its parts raise the table's own errors
(`chalicelib.db.errors`); the services decide what the user is told. The keys are
in `keys.py`, with the table's layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.db.agreements import Agreements
from chalicelib.db.audit import Audit
from chalicelib.db.collections import Collections
from chalicelib.db.months import Months, NilReports, Settings
from chalicelib.db.orgs import Orgs
from chalicelib.db.plans import Plans
from chalicelib.db.profiles import Profiles
from chalicelib.db.reminders import Reminders
from chalicelib.db.reports import Reports
from chalicelib.db.staff import Staff
from chalicelib.db.summaries import Summaries
from chalicelib.db.summary_notes import SummaryNotes
from chalicelib.db.surveys import Surveys
from chalicelib.db.table import Table
from chalicelib.db.units import Reporters, Units

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table as TableResource


class Store:
    """One tenant's storage (db/table.py): a request's, built for the organisation its credential names."""

    def __init__(self, resource: TableResource, tenant: str) -> None:
        self.table = Table(resource, tenant)
        self.units = Units(self.table)
        self.reporters = Reporters(self.table)
        self.staff = Staff(self.table)
        self.orgs = Orgs(self.table)
        self.reports = Reports(self.table)
        self.nil_reports = NilReports(self.table)
        self.months = Months(self.table)
        self.settings = Settings(self.table)
        self.agreements = Agreements(self.table)
        self.summaries = Summaries(self.table)
        self.reminders = Reminders(self.table)
        self.surveys = Surveys(self.table)
        self.plans = Plans(self.table)
        self.profiles = Profiles(self.table)
        self.summary_notes = SummaryNotes(self.table)
        self.audit = Audit(self.table)
        self.collections = Collections(self.table)
