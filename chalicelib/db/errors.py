"""What the table can refuse. The services decide what the user is told."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class StorageError(Exception):
    """Base of the table's own errors."""


class ConditionFailed(StorageError):
    """A conditional write found its item not as expected (taken, missing, another version, a locked month).

    `step` is the index of the transaction step whose condition failed (0 for a single write);
    `item` is the stored item that failed it, when the table returned it."""

    def __init__(self, step: int = 0, item: dict[str, Any] | None = None) -> None:
        super().__init__(f"condition of step {step} failed")
        self.step = step
        self.item = item


def refused_as(failed: ConditionFailed, refusals: Sequence[type[ConditionFailed]]) -> ConditionFailed:
    """The failure of a transaction whose first steps are the refusals it can meet, as the refusal of the step
    that failed (`refusals[i]` for step i); a failure of a later step as it is."""
    if failed.step < len(refusals):
        return refusals[failed.step](failed.step, failed.item)
    return failed


class BadPageToken(StorageError):
    """A next_token that does not decode to a key inside the queried range."""


class Busy(StorageError):
    """The table kept refusing a write that collided with others, past the retries: try again shortly."""
