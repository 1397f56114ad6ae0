"""Every failure a client can meet: one class per kind, each with a stable code.

The codes follow ODK Central's numbered problems: the HTTP status, a dot, and a
number that never changes meaning. The README lists them. `app.py` turns any
`ApiError` into its JSON answer in one place.
"""

from __future__ import annotations

from typing import Any

from chalice import ChaliceUnhandledError


class ApiError(ChaliceUnhandledError):
    """Base of the errors that become an HTTP answer. Subclasses set status and code."""

    status = 400
    code = "400.0"
    message = "请求有误"

    def __init__(self, message: str | None = None, **details: Any) -> None:
        self.message = message or self.message
        self.details = details
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


class InvalidJson(ApiError):
    """The body is not JSON, or not a JSON object."""

    code = "400.1"
    message = "提交的内容不是有效的 JSON 对象"


class ValidationFailed(ApiError):
    """One or more fields are missing, of the wrong type or out of range; `errors` names each."""

    code = "400.2"
    message = "填写的内容有误，请按提示修改"

    def __init__(self, errors: list[dict[str, str]], message: str | None = None) -> None:
        super().__init__(message, errors=errors)


class InvalidParameter(ApiError):
    """A query or path parameter (month, limit, next_token …) is malformed."""

    code = "400.3"
    message = "查询参数有误"


class Unauthenticated(ApiError):
    """No token, or a token that is unknown, malformed or revoked."""

    status = 401
    code = "401.1"
    message = "未登录或凭证已失效，请使用有效的填报链接"


class Forbidden(ApiError):
    """The token is valid but its role may not use this route."""

    status = 403
    code = "403.1"
    message = "没有权限进行此操作"


class NotFound(ApiError):
    """The thing does not exist, or the caller may not know that it does."""

    status = 404
    code = "404.1"
    message = "未找到"


class SubmissionConflict(ApiError):
    """A submission_id already used for a report with different content."""

    status = 409
    code = "409.1"
    message = "该提交编号已用于另一份内容不同的报告"


class VersionConflict(ApiError):
    """An edit was based on a version that is no longer current (`current_version` names the current one, where
    the answer gives it)."""

    status = 409
    code = "409.2"
    message = "该报告已被修改，请刷新后再改"


def retried_write(version: int, edited: int, stored: dict[str, Any], sent: dict[str, Any], refusal: str) -> None:
    """Nothing if the stored version `version` is what a write of `sent` over version `edited` made (the write was
    sent again: its first answer was lost); else VersionConflict, its `refusal` told the current {version}."""
    if version != edited + 1 or any(stored.get(field) != value for field, value in sent.items()):
        raise VersionConflict(refusal.format(version=version), current_version=version)


class MonthLocked(ApiError):
    """The month is past its lock day (or locked by the county office) for reporters."""

    status = 409
    code = "409.3"
    message = "该月已锁定，如需补报或修改请联系县双拥办"


class AlreadyExists(ApiError):
    """A unit (or other record with a chosen id) with this id already exists."""

    status = 409
    code = "409.4"
    message = "编号已存在"


class StateConflict(ApiError):
    """The action does not fit the record's current state (e.g. nil report beside reports)."""

    status = 409
    code = "409.5"
    message = "当前状态下不能进行此操作"


class NotAcceptingResponses(ApiError):
    """The survey is not taking answers: not yet open, past its closing time, closed, or it has all the answers
    its max_responses allows."""

    status = 409
    code = "409.6"
    message = "问卷当前不接受填写"


class MethodNotAllowed(ApiError):
    """The path exists but not with this HTTP method."""

    status = 405
    code = "405.1"
    message = "不支持该请求方法"


class PayloadTooLarge(ApiError):
    """The request body is larger than the API accepts."""

    status = 413
    code = "413.1"
    message = "提交的内容过大"


class UnsupportedMediaType(ApiError):
    """A body is present and not sent as application/json (a request without a body needs no Content-Type)."""

    status = 415
    code = "415.1"
    message = "请以 JSON 格式提交"


class TooManyRequests(ApiError):
    """Answered by API Gateway, not the app: more requests a second than the stage's throttle lets through."""

    status = 429
    code = "429.1"
    message = "请求过于频繁，请稍候再试"


class ServerError(ApiError):
    """Answered by API Gateway, not the app: the function failed or took too long (500, 502, 504)."""

    status = 500
    code = "500.1"
    message = "系统暂时出错，请稍后再试；如刚才在提交，请先刷新，看是否已经保存"


class ServiceBusy(ApiError):
    """Too many writes to the same records at once: nothing was stored; send the same request again."""

    status = 503
    code = "503.1"
    message = "系统繁忙，本次提交未保存，请稍后再试"


def all_error_types() -> list[type[ApiError]]:
    """Every error class, for the README table and the OpenAPI document."""
    found: list[type[ApiError]] = []
    pending: list[type[ApiError]] = [ApiError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.code)
