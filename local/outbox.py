"""`make outbox`: the e-mails the local stack has sent, as their recipients would read them.

The moto server records every message SES accepted; this reads them from its
/moto-api/data.json and prints subject, recipients and the plain-text part.
"""

from __future__ import annotations

import email
import json
import sys
import urllib.request
from email.message import EmailMessage
from email.policy import default
from typing import Any

from local import stackfile


def parse(raw: str | bytes) -> dict[str, Any]:
    """A sent MIME message as the recipient reads it: headers decoded, text and HTML parts."""
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    parsed = email.message_from_bytes(data, policy=default)
    assert isinstance(parsed, EmailMessage)
    parts = {}
    for kind in ("plain", "html"):
        part = parsed.get_body((kind,))
        content = part.get_content() if part is not None else None
        parts[kind] = content.replace("\r\n", "\n") if content is not None else None
    return {
        "from": str(parsed["From"]),
        "to": [address.strip() for address in str(parsed["To"]).split(",")],
        "subject": str(parsed["Subject"]),
        "text": parts["plain"],
        "html": parts["html"],
        "content_types": [part.get_content_type() for part in parsed.walk()],
    }


def messages(moto_endpoint: str) -> list[dict[str, Any]]:
    # moto answers data.json by walking every object it holds (each DynamoDB item, each S3 key): after a long run
    # of the local stack, or a test session's, that takes minutes, not seconds
    with urllib.request.urlopen(f"{moto_endpoint}/moto-api/data.json", timeout=600) as answer:
        recorded = json.load(answer).get("ses", {})
    found = [parse(item["raw_data"]) for item in recorded.get("RawMessage", [])]
    for item in recorded.get("Message", []):  # a simple (not raw) message, should anything send one
        to = [address for addresses in item["destinations"].values() for address in addresses]
        found.append({"from": item["source"], "to": to, "subject": item["subject"], "text": item["body"]})
    return found


def show(found: list[dict[str, Any]]) -> str:
    if not found:
        return "（还没有发出任何邮件）\n"
    lines = []
    for number, message in enumerate(found, 1):
        lines += [
            f"━━━━━━━━ 第 {number} 封 ━━━━━━━━",
            f"主题：{message['subject']}",
            f"发件人：{message['from']}",
            f"收件人：{'，'.join(message['to'])}",
            "",
            str(message.get("text") or "").rstrip(),
            "",
        ]
    lines.append(f"共 {len(found)} 封。")
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(show(messages(stackfile.read()["moto"])))


if __name__ == "__main__":
    main()
