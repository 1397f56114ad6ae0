"""What typed text may hold, and how an export writes text stored before that was checked.

Refused at the edge: C0 and C1 control characters (tab, line feed and carriage return only
in multi-line fields), lone surrogates (which no encoder can write) and Unicode
noncharacters. A spreadsheet library refuses the controls outright and an encoder the
surrogates, so one such character in one report could stop a county's whole summary.
"""

from __future__ import annotations

import re
from typing import Any

LINE_ENDS = "\t\n\r"
# C0 and DEL and C1, lone surrogates, and the noncharacters (U+FDD0..U+FDEF, U+xFFFE and U+xFFFF of every plane).
_NONCHARACTERS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(0x11))
_UNWRITABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")
_UNWRITABLE_IN_A_LINE = re.compile(f"[{LINE_ENDS}]|{_UNWRITABLE.pattern}")


def unwritable(text: str, multiline: bool = True) -> str | None:
    """What is wrong with the text, in words a reporter understands; None when it may be stored."""
    found = (_UNWRITABLE if multiline else _UNWRITABLE_IN_A_LINE).search(text)
    if found is None:
        return None
    character = found.group()
    if character in LINE_ENDS:
        return "不能换行或含制表符，请写在一行内"
    if "\ud800" <= character <= "\udfff":
        return "含有无法识别的字符（可能是复制粘贴时带入的乱码），请删除后重新填写"
    kind = "不可见的控制字符" if character <= "\x9f" else "不能使用的特殊字符"
    return f"含有{kind}（U+{ord(character):04X}），请删除后重新填写"


def first_unwritable(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first string in a parsed JSON value (keys included) that holds a character no text field accepts
    anywhere, as (dotted path, reason)."""
    if isinstance(value, str):
        reason = unwritable(value)
        return (path or "body", reason) if reason else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if reason := unwritable(str(key)):
                return (path or "body", f"字段名{reason}")
            if found := first_unwritable(item, where):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := first_unwritable(item, f"{path}.{index}" if path else str(index)):
                return found
    return None


def writable(text: str) -> str:
    """Stored text as an export can write it: each unwritable character becomes U+FFFD (the replacement mark)."""
    return _UNWRITABLE.sub("\ufffd", text)
