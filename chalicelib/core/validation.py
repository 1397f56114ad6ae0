"""From a request body to validated models, or to a refusal naming every bad field.

JSON numbers are parsed straight to Decimal, so money never passes through a
binary float. Pydantic's errors are rewritten as `{field, message}` pairs with
the dotted path a form can point at and a message a reporter understands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from chalicelib.core.catalogue import ACTIVITY_TYPE_BY_CODE
from chalicelib.core.dates import DAY_FORMAT, NO_SUCH_DAY, is_year
from chalicelib.core.errors import InvalidJson, InvalidParameter, PayloadTooLarge, ValidationFailed
from chalicelib.core.models import Form
from chalicelib.core.text import first_unwritable

MAX_BODY_BYTES = 64 * 1024
M = TypeVar("M", bound=BaseModel)
UNKNOWN_FIELD = "不认识的字段，请删除"
CANNOT_CLEAR = "必填项，不能清空"

_MESSAGES: dict[str, str] = {
    "missing": "必填项，请填写",
    "extra_forbidden": UNKNOWN_FIELD,
    "int_type": "应填写整数",
    "int_parsing": "应填写整数",
    "int_from_float": "应填写整数",
    "bool_type": "应填写是或否（true/false）",
    "string_type": "应填写文字",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "decimal_type": "应填写数字",
    "decimal_parsing": "应填写数字",
    "decimal_max_places": "金额最多保留两位小数（到分）",
    "decimal_max_digits": "数字位数过多",
    "finite_number": "应填写有限的数字",
    "date_parsing": DAY_FORMAT,
    "date_from_datetime_parsing": DAY_FORMAT,
    "date_from_datetime_inexact": DAY_FORMAT,
    "date_type": DAY_FORMAT,
    "union_tag_not_found": "必填项：请选择活动类型",
    "union_tag_invalid": "不认识的活动类型",
    "literal_error": "不是允许的取值",
    "enum": "不是允许的取值",
}


def parse_json_object(raw: bytes | None, max_bytes: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The body as a dict, with every non-integer number as an exact Decimal."""
    if raw is not None and len(raw) > max_bytes:
        raise PayloadTooLarge(f"提交的内容过大（上限 {max_bytes // 1024} KB）")
    if not raw:
        return {}
    try:
        value = json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidJson() from None
    if not isinstance(value, dict):
        raise InvalidJson()
    if found := first_unwritable(value):  # before any model: a lone surrogate would break the encoder
        field, reason = found
        raise ValidationFailed([{"field": field, "message": reason}])
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def _message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "too_long" or kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"不能超过{limit}个字" if kind == "string_too_long" else f"最多{limit}项"
    if kind == "string_too_short":
        return "必填项，请填写" if ctx.get("min_length") == 1 else f"至少{ctx.get('min_length')}个字"
    if kind == "too_short":
        return f"至少{ctx.get('min_length')}项"
    if kind in ("greater_than_equal", "greater_than"):
        bound = _number_text(ctx.get("ge", ctx.get("gt")))
        return "不能为负数" if bound == "0" else f"不能小于{bound}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于{_number_text(ctx.get('le', ctx.get('lt')))}"
    if kind.startswith("date") and "range" in str(ctx.get("error", "")):
        return NO_SUCH_DAY  # pydantic's "day value is outside expected range": written right, no such day
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    if kind in ("enum", "literal_error") and "expected" in ctx:
        choices = str(ctx["expected"]).replace(" or ", ", ").replace("'", "")
        return f"不是允许的取值，应为以下之一：{choices}"
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    return str(error.get("msg", "填写有误"))


def _number_text(value: Any) -> str:
    """A limit as the form would write it: 10000000000, not Decimal('10000000000') (pydantic hands a Decimal's
    limit over as its repr)."""
    text = str(value)
    if quoted := re.fullmatch(r"Decimal\('(.+)'\)", text):
        text = quoted.group(1)
    try:
        return format(Decimal(text).normalize(), "f")
    except ArithmeticError:
        return text


def _path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ACTIVITY_TYPE_BY_CODE:
        parts = parts[1:]  # a report's union puts the type's tag first
    return ".".join(parts) or "body"


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """Each failing field by its dotted path, with a message in Chinese."""
    return [
        {
            "field": "activity_type" if item["type"].startswith("union_tag") else _path(item["loc"]),
            "message": _message(item),
        }
        for item in error.errors(include_url=False)
    ]


def validate(model: type[M], data: dict[str, Any], context: dict[str, Any] | None = None) -> M:
    """The validated model, or ValidationFailed naming every failing field."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        raise ValidationFailed(field_errors(error)) from None


def validate_named(
    model: type[M], stored: Mapping[str, Any] | None, sent: dict[str, Any], context: dict[str, Any] | None = None
) -> M:
    """What a PUT of a stored document (or settings) makes of it: the stored document with the fields `sent` names.
    A field left out keeps its stored value; null clears it (to the field's default: none, empty, or the default
    the form starts from); a required field cannot be cleared, and is refused saying so. The items of a list of
    documents with an `identity` (a campaign's `code`) are each merged with the stored item of the same identity.
    `version`, the version a write edits, is never taken from what is stored: the sender says which it read."""
    merged, errors = _named(model, stored or {}, sent, "")
    try:
        form = model.model_validate(merged, context=context)
    except ValidationError as error:
        errors += field_errors(error)
    if errors:
        raise ValidationFailed(errors)
    return form


def _named(
    model: type[BaseModel], stored: Mapping[str, Any], sent: dict[str, Any], at: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    fields = model.model_fields
    merged = {name: value for name, value in stored.items() if name in fields and name != "version"}
    errors: list[dict[str, str]] = []
    for name, value in sent.items():
        field = fields.get(name)
        if field is not None and value is None:
            if not field.is_required():
                merged.pop(name, None)  # cleared: the model gives its default
            elif name in merged:
                errors.append({"field": at + name, "message": CANNOT_CLEAR})
            continue  # a required field never stored is missing, and the model says so
        item = _identified(field.annotation) if field is not None else None
        if item is not None and isinstance(value, list) and isinstance(merged.get(name), list):
            value, found = _items_named(item, merged[name], value, f"{at}{name}.")
            errors += found
        merged[name] = value  # an unknown field too: the model refuses it
    return merged, errors


def _identified(annotation: Any) -> type[Form] | None:
    """The item model of a list of documents that have an identity (`list[Campaign]`), else None."""
    items = get_args(annotation)
    item = items[0] if len(items) == 1 else None
    if isinstance(item, type) and issubclass(item, Form) and item.identity:
        return item
    return None


def _items_named(
    model: type[Form], stored: list[Any], sent: list[Any], at: str
) -> tuple[list[Any], list[dict[str, str]]]:
    """The sent list, each item merged with the stored one of its identity (a new one as sent); a stored item
    left out of the list is removed with it."""
    key = model.identity
    by_key = {item[key]: item for item in stored if isinstance(item, dict) and isinstance(item.get(key), str)}
    merged: list[Any] = []
    errors: list[dict[str, str]] = []
    for i, item in enumerate(sent):
        if isinstance(item, dict) and isinstance(item.get(key), str) and item[key] in by_key:
            item, found = _named(model, by_key[item[key]], item, f"{at}{i}.")
            errors += found
        merged.append(item)
    return merged, errors


def validate_parts(
    parts: list[tuple[type[BaseModel], dict[str, Any]]], context: dict[str, Any] | None = None
) -> list[Any]:
    """Validate several parts of one body; refuse with the failing fields of all of them at once."""
    results: list[Any] = []
    errors: list[dict[str, str]] = []
    for model, data in parts:
        try:
            results.append(model.model_validate(data, context=context))
        except ValidationError as error:
            errors.extend(field_errors(error))
    if errors:
        raise ValidationFailed(errors)
    return results


def year_param(text: str) -> int:
    """A year in a path (YYYY), or InvalidParameter naming it."""
    if not is_year(text):
        raise InvalidParameter("年份应为四位数字，如 2026")
    return int(text)


def page_size(limit: str | None, default: int = 50, most: int = 100) -> int:
    """A listing's `limit` query parameter: ASCII digits from 1 to `most` ("²".isdigit() is true too)."""
    if limit is None:
        return default
    if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= most:
        raise InvalidParameter(f"每页条数应为 1 到 {most} 之间的整数")
    return int(limit)
