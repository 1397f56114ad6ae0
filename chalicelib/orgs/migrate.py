"""The one-off upgrade of a table written before organisations: `python -m chalicelib.orgs.migrate` (with the
deployment's TABLE_NAME, and COUNTY_ID if it is not `county`) moves every item under the deployment's own county
(db/tenants.py); the credentials issued before keep working. README: Upgrading to organisations."""

from __future__ import annotations

import sys

from chalicelib.context import Context
from chalicelib.db.tenants import adopt


def main() -> None:
    ctx = Context()
    done = adopt(ctx.store.table.resource, ctx.org)
    sys.stdout.write(
        f"{ctx.config.table_name}: {done.moved} items moved under {ctx.org}, {done.named} credentials and links "
        f"given their organisation, {done.kept} already in place\n"
    )


if __name__ == "__main__":
    main()
