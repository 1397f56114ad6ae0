"""The collaborators a request or an event handler works with, built lazily once.

web/routing.py keeps one Context for the process: the deployment's own county's (COUNTY_ID). A request or an
event of another organisation works with `within(org)`, the same collaborators for that tenant: its Store reads
and writes that organisation's items only (db/table.py), its `org` names its files (files/bucket.py), its
`config.county_name` is that organisation's name. Tests and the local stack hand in their own (a fixed clock, a
moto-backed table), instead of patching.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Any

from chalicelib.core.config import Config
from chalicelib.core.dates import Clock, system_clock
from chalicelib.db.store import Store
from chalicelib.files.bucket import Bucket
from chalicelib.mail.sender import Sender, sender_from_config


class Context:
    def __init__(
        self,
        config: Config | None = None,
        clock: Clock = system_clock,
        table: Any = None,
        s3: Any = None,
        sender: Any = None,
    ) -> None:
        self.config = config or Config.from_environment()
        self.clock = clock
        self._remembered: dict[tuple[str, str], tuple[float, Any]] = {}
        self._table = table
        self._s3 = s3
        self._sender = sender

    @property
    def org(self) -> str:
        """The tenant this context works in: an organisation's id."""
        return self.config.county_id

    def within(self, org: str, name: str | None = None) -> Context:
        """This context for another organisation's tenant (`name`: its name, for what is written in its words)."""
        if org == self.org:
            return self
        self.store, self.bucket  # noqa: B018 (made once and shared: boto3's resources are slow to build)
        tenant = copy.copy(self)
        tenant.__dict__.pop("store")
        tenant.config = replace(self.config, county_id=org, county_name=name or self.config.county_name)
        return tenant

    @cached_property
    def store(self) -> Store:
        if self._table is None:
            import boto3

            self._table = boto3.resource("dynamodb").Table(self.config.table_name)
        return Store(self._table, self.org)

    @cached_property
    def bucket(self) -> Bucket:
        if self._s3 is None:
            import boto3
            from botocore.config import Config as BotoConfig

            self._s3 = boto3.client("s3", config=BotoConfig(signature_version="s3v4"))
        return Bucket(self._s3, self.config.bucket_name)

    @cached_property
    def sender(self) -> Sender:
        """The mail transport MAIL_TRANSPORT names (SES or SMTP), unless one was handed in."""
        if self._sender is None:
            self._sender = sender_from_config(self.config)
        return self._sender

    def remembered(self, key: str, max_age: float, load: Callable[[], Any]) -> Any:
        """`load()`'s answer, kept for `max_age` seconds in this process."""
        kept = self._remembered.get((self.org, key))
        now = time.monotonic()
        if kept is None or now - kept[0] > max_age:
            kept = (now, load())
            self._remembered[(self.org, key)] = kept
        return kept[1]

    def remember(self, key: str, value: Any) -> None:
        """Keep `value` as `key`'s answer from now on (see `remembered`): each tenant its own."""
        self._remembered[(self.org, key)] = (time.monotonic(), value)

    def recalled(self, key: str) -> Any:
        """What this process last kept for `key`, whatever its age, or None."""
        kept = self._remembered.get((self.org, key))
        return None if kept is None else kept[1]

    def forget(self, key: str) -> None:
        self._remembered.pop((self.org, key), None)
