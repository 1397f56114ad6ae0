"""One e-mail sent exactly once per (reason, period, recipient): claim, send, mark.

1. claim the key with a conditional write (never claimed, or its last send
   failed, or a claim older than CLAIM_LEASE was left by a crashed run);
   a key already sent, or being sent by a concurrent run, is skipped;
2. send through the configured Sender;
3. mark the key sent, or failed with the error, so the next daily run retries it.

The only window in which an e-mail could go twice is a crash between a
transport accepting it and step 3; the lease keeps concurrent senders apart.
The daily job sends every reminder this way, and a review sends a return's
e-mail this way at once (reminders/returns.py).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import cast

from chalicelib.context import Context
from chalicelib.core.dates import local_now, timestamp
from chalicelib.db.table import Item
from chalicelib.mail.sender import SendFailed
from chalicelib.reminders.due import Planned
from chalicelib.reminders.records import ClaimRecord

CLAIM_LEASE = timedelta(minutes=15)
SENT, FAILED, SKIPPED, UNREACHABLE = "sent", "failed", "skipped", "unreachable"


def record(plan: Planned) -> ClaimRecord:
    """What the claim keeps of an e-mail: its key, to whom, and its subject."""
    return {
        "reason": plan.reason,
        "period": plan.period,
        "recipient": plan.recipient,
        "to": list(plan.email.to),
        "subject": plan.email.subject,
    }


def send_once(ctx: Context, plan: Planned) -> tuple[str, str | None]:
    """Send the planned e-mail unless it was sent or is being sent: answer (SENT, None), (FAILED, the error),
    (SKIPPED, None), or (UNREACHABLE, None) when its recipient has no address."""
    if not plan.email.to:
        return UNREACHABLE, None
    stale_before = (local_now(ctx.clock) - CLAIM_LEASE).replace(microsecond=0).isoformat()
    claimed = record(plan)
    claim_id = uuid.uuid4().hex
    if not ctx.store.reminders.claim(cast(Item, claimed), claim_id, timestamp(ctx.clock), stale_before):
        return SKIPPED, None
    try:
        message_id = ctx.sender.send(plan.email)
    except Exception as error:  # SendFailed, or a fault in this one message: the others still go
        reason = str(error) if isinstance(error, SendFailed) else f"{type(error).__name__}: {error}"
        ctx.store.reminders.finish(cast(Item, claimed), claim_id, {"status": "failed", "error": reason[:500]})
        return FAILED, reason
    ctx.store.reminders.finish(
        cast(Item, claimed), claim_id, {"status": "sent", "sent_at": timestamp(ctx.clock), "message_id": message_id}
    )
    return SENT, None
