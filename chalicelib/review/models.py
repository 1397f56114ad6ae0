"""Reviewing reports: the decision on one report, and the approval of a unit's month."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictInt, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.collections.models import CollectionUnit
from chalicelib.core.models import Answer, Form, Note500
from chalicelib.reports.models import Report


class ReviewForm(Form):
    """The body of POST /reports/{id}/review: the county office's decision on the version it read."""

    decision: Literal["approve", "return"] = Field(title="审核结果", description="approve：通过；return：退回修改")
    comment: Note500 = Field(
        default="", validate_default=True, title="审核意见", description="退回修改时必填：需要修改什么"
    )
    version: StrictInt = Field(ge=1, title="所审核的版本号")

    @field_validator("comment")
    @classmethod
    def _return_says_what_to_fix(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("decision") == "return" and not value:
            raise PydanticCustomError("comment_required", "退回修改须填写审核意见，说明需要修改什么")
        return value


class ReviewedReport(Report):
    """The report as the review left it, and whether its unit was told of a return."""

    notice: str | None = Field(default=None, description="退回修改时：是否已发邮件通知该单位")


class SkippedReport(Answer):
    report_id: str
    title: str
    reason: str


class MonthApproval(Answer):
    """A unit's pending reports of a month, approved at once; each written only at the version read."""

    unit_id: str
    month: str
    approved: int = Field(description="本次审核通过的报告数")
    reports: list[dict[str, Any]] = Field(description="审核通过的报告：report_id、title、version")
    skipped: list[SkippedReport] = Field(description="读取后被修改或撤回、未予通过的报告")


class ReviewedCollectionUnit(CollectionUnit):
    """A unit's file in a collection as the review left it (通过 accepts it), and whether a return was e-mailed."""

    notice: str | None = Field(default=None, description="退回修改时：是否已发邮件通知该单位")
