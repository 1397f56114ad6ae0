"""The audit trail as the API answers it: who did what to which record, and when; no token, no hash."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.models import Answer


class AuditEntry(Answer):
    entry_id: str
    at: str = Field(description="何时（北京时间）")
    actor: str = Field(description="谁：admin（管理员令牌）、工作人员编号或填报员编号")
    actor_name: str = Field(description="其姓名或填报员备注（记录时的称呼）")
    role: str = Field(description="其角色：admin、reviewer、viewer 或 reporter")
    action: str = Field(description="做了什么，如 report.submitted、report.updated、report.reviewed、nil_report.filed")
    record: str = Field(description="哪条记录，如 report:<report_id>、nil_report:<unit_id>/<month>")
    fields: list[str] = Field(default_factory=list, description="修改时：改了哪些字段（只记字段名，不记内容）")


class AuditPage(Answer):
    items: list[AuditEntry]
    next_token: str | None = None
