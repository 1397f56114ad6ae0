"""The pages as the app serves them: their versioned asset links and their Content-Security-Policy."""

from __future__ import annotations

import re

ASSET_LINK = re.compile(r"""(?:src|href|data-sw|data-script)="((?:\.\./)?assets/([^"?]+)\?v=([0-9a-f]+))\"""")


def csp(answer_headers: dict[str, str]) -> dict[str, list[str]]:
    policy = answer_headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
