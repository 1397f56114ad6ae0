"""The county office's staff: named people, each with a role."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from chalicelib.core.auth import ROLE_LABELS, STAFF_ROLES
from chalicelib.core.models import Answer, Email, Form, Line20

StaffRole = StrEnum("StaffRole", {role.value: role.value for role in STAFF_ROLES})  # type: ignore[misc]
ROLE_DESCRIPTION = (
    "admin 管理员：全部操作，含登记工作人员；reviewer 审核员：查看全部，申请汇总与下载；viewer 查看：只查看与下载"
)


class StaffForm(Form):
    name: Line20 = Field(title="姓名")
    role: StaffRole = Field(
        title="角色",
        description=ROLE_DESCRIPTION,
        json_schema_extra={"labels": {role.value: ROLE_LABELS[role] for role in STAFF_ROLES}},
    )
    emails: list[Email] = Field(default_factory=list, max_length=10, title="联系邮箱")


class StaffMember(Answer):
    """What the office keeps of a person: no token, no hash."""

    staff_id: str
    name: str
    role: str
    emails: list[str]
    created_at: str
    created_by: str = Field(description="登记人：admin（管理员令牌）或工作人员编号")
    revoked_at: str | None = None
    revoked_by: str | None = None


class IssuedStaff(Answer):
    staff_id: str
    name: str
    role: str
    emails: list[str]
    token: str = Field(description="只显示这一次，请妥善保存")
    link: str = Field(description="县双拥办页面的个人链接（令牌在 # 之后，不会发送给服务器日志）")
    created_at: str


class RoleShown(Answer):
    role: str = Field(description="admin、reviewer、viewer、reporter、system")
    label: str = Field(description="角色的中文名，如 审核员")
    duties: str | None = Field(description="工作人员角色可做什么，如 审核报告、申请汇总；其他角色为 null")
    staff: bool = Field(description="工作人员能否担任此角色")
    may: list[str] = Field(description="在县双拥办页面可做的操作：write（修改）、compile（申请汇总）、review（审核）")


class Me(Answer):
    """Who a token is, for the pages to show only what the role may do: no token, no hash. `roles` is the
    server's one table of every role's label and permissions, so the pages copy none of it."""

    role: str = Field(description="admin 管理员、reviewer 审核员、viewer 查看、reporter 填报员")
    name: str = Field(description="工作人员的姓名、填报员的备注，或 县双拥办（管理员令牌）")
    actor: str = Field(description="记录里的“谁”：admin（管理员令牌）、工作人员编号或填报员编号")
    unit_id: str | None = Field(default=None, description="填报员所属单位；县双拥办为 null")
    org_id: str | None = Field(default=None, description="凭证所属组织（县、市或省）的编号")
    roles: list[RoleShown] = Field(description="各角色的名称与可做的操作（服务器的唯一一张表）")
    ending_soon_days: int = Field(description="共建协议在多少天内到期算“即将到期”（页面据此标出）")


class RevokedStaff(Answer):
    staff_id: str
    revoked_at: str
