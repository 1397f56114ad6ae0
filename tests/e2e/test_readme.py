"""The README's curl walk-through and surveys, run as written with bash against the local stack.

The two sections' ```sh blocks are split into commands (a command ends at a line's end outside
quotes, without a trailing backslash). Each command runs under a `curl` shell function that calls
the real curl, passes its output on unchanged and records, for the command it belongs to, the HTTP
status and the body. A command whose last line ends in a comment `# <status>` must have answered
that status in every curl it ran; each `…` in that comment is text the (last) answer must hold.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from chalicelib.core.dates import CHINA
from tests.e2e.conftest import ADMIN_TOKEN, ROOT, Stack

pytestmark = pytest.mark.e2e

SECTIONS = ("### A walk-through with curl", "### Surveys with curl")
HOST = "localhost:8000"
# A report's date, a month or a period written out: each would fall in a locked month some day.
FIXED_DATE = re.compile(r'"occurred_on":"\d|month=\d|/months/\d|/summaries/\d|\b20\d\d-\d\d(?!-\d\d")')

# Defined before the README's commands: the real curl, with each call's status and body recorded.
PREAMBLE = r"""
README_STEP=0
curl() {
  local body
  body=$(mktemp "$README_LOG/body.XXXXXX")
  command curl -w '%{stderr}\nREADME_HTTP_CODE=%{http_code}\n' "$@" 2>"$body.err" | tee "$body"
  local code
  code=$(sed -n 's/^README_HTTP_CODE=//p' "$body.err" | tail -n 1)
  printf '%s\t%s\t%s\n' "$README_STEP" "${code:-none}" "$body" >>"$README_LOG/calls.tsv"
}
"""


@dataclass
class Command:
    text: str
    comment: str  # the comment on its last line, "" if none

    @property
    def status(self) -> int | None:
        found = re.match(r"#\s*(\d{3})\b", self.comment)
        return int(found.group(1)) if found else None

    @property
    def fragments(self) -> list[str]:
        return re.findall(r"`([^`]+)`", self.comment)


@dataclass
class Call:
    status: str
    body: str


def readme_blocks() -> list[str]:
    """The ```sh blocks of the two curl sections, in order (a heading outside a block ends a section)."""
    blocks: dict[str, list[str]] = {heading: [] for heading in SECTIONS}
    section, fence = "", None
    lines: list[str] = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if fence is None and line.startswith("```"):
            fence, lines = line[3:].strip(), []
        elif fence is not None and line.startswith("```"):
            if fence == "sh" and section in blocks:
                blocks[section].append("\n".join(lines))
            fence = None
        elif fence is not None:
            lines.append(line)
        elif line.startswith("#"):
            section = line.strip()
    for heading, found in blocks.items():
        assert found, f"no ```sh block under {heading!r}"
    return [text for found in blocks.values() for text in found]


def split_commands(block: str) -> list[Command]:
    """Shell commands, each with its trailing comment; comment-only and blank lines are skipped."""
    commands: list[Command] = []
    lines: list[str] = []
    quote = ""
    for line in block.splitlines():
        comment = ""
        escaped = False
        for index, char in enumerate(line):
            if escaped:
                escaped = False
            elif quote == "'":
                quote = "" if char == "'" else quote
            elif quote == '"':
                if char == "\\":
                    escaped = True
                elif char == '"':
                    quote = ""
            elif char == "\\":
                escaped = True
            elif char in "'\"":
                quote = char
            elif char == "#" and (index == 0 or line[index - 1].isspace()):
                comment = line[index:]
                break
        if not lines and not line[: len(line) - len(comment)].strip():
            continue  # a blank or comment-only line between commands
        lines.append(line)
        code = line[: len(line) - len(comment)].rstrip()
        if quote or (code.endswith("\\") and not comment):
            continue  # inside a quoted string, or continued on the next line
        commands.append(Command("\n".join(lines), comment.strip()))
        lines = []
    assert not lines, f"a command does not end: {lines}"
    return commands


def script(commands: list[Command], base: str) -> str:
    host = base.removeprefix("http://")
    steps = [f"README_STEP={number}\n{command.text.replace(HOST, host)}" for number, command in enumerate(commands)]
    return PREAMBLE + "\n".join(steps) + "\n"


def recorded_calls(log: Path) -> dict[int, list[Call]]:
    calls: dict[int, list[Call]] = {}
    listing = log / "calls.tsv"
    for row in listing.read_text().splitlines() if listing.exists() else []:
        step, status, body = row.split("\t")
        calls.setdefault(int(step), []).append(Call(status, Path(body).read_text(errors="replace")))
    return calls


def test_the_readme_walk_throughs_answer_as_documented(stack: Stack, tmp_path: Path) -> None:
    assert shutil.which("curl") and shutil.which("bash"), "the README's walk-through runs curl in bash"
    commands = [command for block in readme_blocks() for command in split_commands(block)]
    documented = [command for command in commands if command.status is not None]
    assert len(documented) >= 20, [command.text for command in documented]
    fixed = [command.text for command in commands if FIXED_DATE.search(command.text)]
    assert not fixed, f"dates must come from TODAY, whatever the day: {fixed}"
    log = tmp_path / "log"
    log.mkdir()
    today = stack.now().astimezone(CHINA).date()
    env = {**os.environ, "ADMIN": ADMIN_TOKEN, "TODAY": today.isoformat(), "README_LOG": str(log)}
    run = subprocess.run(
        ["bash", "-c", script(commands, stack.base)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = f"exit {run.returncode}\n--- stdout\n{run.stdout[-4000:]}\n--- stderr\n{run.stderr[-4000:]}"

    calls = recorded_calls(log)
    differences = []
    for number, command in enumerate(commands):
        if command.status is None:
            continue
        made = calls.get(number, [])
        statuses = [call.status for call in made]
        if not made or any(status != str(command.status) for status in statuses):
            answer = made[-1].body[:300] if made else ""
            differences.append(f"{command.text}\n  documented {command.status}, answered {statuses}: {answer}")
            continue
        for fragment in command.fragments:
            if fragment not in made[-1].body:
                differences.append(f"{command.text}\n  the answer lacks `{fragment}`: {made[-1].body[:300]}")
    assert not differences, "\n\n".join(differences) + "\n\n" + output
    assert run.stderr == "", output  # no command failed in the shell (python3 reading an answer, …)
    assert (tmp_path / "results.xlsx").read_bytes()[:2] == b"PK", output  # the XLSX download, a zip
