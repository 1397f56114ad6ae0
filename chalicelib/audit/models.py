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
    action_label: str = Field(description="做了什么，用中文说：审核通过活动报告、修改催报提醒设置")
    field_labels: list[str] = Field(description="改了哪些字段，用中文说，次序同 fields：参加人数、活动名称")
    person: str = Field(description="谁，用中文说：工作人员的姓名；填报员带其单位，如 张三（县司法局）")
    role_label: str = Field(description="其角色的中文名：管理员、审核员、查看、填报员、系统")
    record_kind: str = Field(description="记录的类别，如 report、unit；可作 kind 筛选")
    record_kind_label: str = Field(description="记录类别的中文名：活动报告、成员单位……")
    record_name: str = Field(description="记录现在的名称（读取时查得）：报告标题（单位）、单位名称、2026年8月……")
    opens: dict[str, str] | None = Field(
        description=(
            "在县双拥办页面上打开它的位置：view（review、units、staff、agreements、surveys、plan、months、periods、"
            "settings、profile、collections）"
            "及其所需的编号，如 {view: review, month, unit_id, report_id}；已删除的记录为 null"
        )
    )


class AuditPage(Answer):
    items: list[AuditEntry]
    next_token: str | None = None


class AuditPerson(Answer):
    actor: str = Field(description="作 actor 筛选的值")
    person: str = Field(description="姓名；填报员带其单位")
    role: str
    role_label: str


class AuditKind(Answer):
    kind: str = Field(description="作 kind 筛选的值")
    label: str


class AuditFilters(Answer):
    month: str
    people: list[AuditPerson] = Field(description="本月有操作记录的人，县双拥办在前，各按姓名排序")
    kinds: list[AuditKind] = Field(description="记录的类别")
