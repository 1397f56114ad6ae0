"""The audit trail as the API answers it: who did what to which record, and when; no token, no hash."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.models import Answer


class AuditEntry(Answer):
    entry_id: str
    at: str = Field(description="何时（北京时间）")
    actor: str = Field(description="谁：admin（管理员令牌）、工作人员编号、填报员编号或 schedule（定时任务）")
    actor_name: str = Field(description="其姓名或填报员备注（记录时的称呼）")
    role: str = Field(description="其角色：admin、reviewer、viewer、reporter，或 system（定时任务）")
    action: str = Field(description="做了什么，如 unit.created、report.submitted、survey.opened、month.locked")
    record: str = Field(description="哪条记录，如 unit:<unit_id>、report:<report_id>、survey:<survey_id>")
    fields: list[str] = Field(default_factory=list, description="修改时：改了哪些字段（只记字段名，不记内容）")


class AuditPage(Answer):
    items: list[AuditEntry]
    next_token: str | None = None
