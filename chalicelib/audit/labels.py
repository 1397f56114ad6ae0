"""The audit trail in a clerk's words: the one table of what each action, kind of record and field is called.

Entries keep codes (`report.approved`, `report:<id>`, field names), never values; GET /audit answers them with
these labels beside the codes, so no page keeps a copy of this table. A settings entry is told apart by the form
its record names (`settings:reminders`); a review stored before approving and returning were two actions says
only that the report was reviewed. A code this table does not know still reads as words (`FALLBACK_*`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """A kind of record: what it is called, and its fields an edit may name."""

    label: str
    fields: dict[str, str] = field(default_factory=dict)


KINDS: dict[str, Kind] = {
    "report": Kind(
        "活动报告",
        {
            "activity_type": "活动类型",
            "title": "活动名称",
            "occurred_on": "活动日期",
            "location": "地点",
            "counterpart": "部队或对象",
            "participants": "参加人数",
            "metrics": "活动数据",
            "description": "活动情况",
            "agreement_id": "所属共建协议",
            "plan_task_id": "所属计划任务",
            "photos": "照片",
            "review": "审核状态",
        },
    ),
    "nil_report": Kind("本月无活动"),
    "unit": Kind("成员单位", {"name": "单位名称", "kind": "单位类别", "emails": "联系邮箱", "active": "是否参加填报"}),
    "reporter": Kind("填报员链接"),
    "staff": Kind("工作人员"),
    "org": Kind("组织"),
    "agreement": Kind(
        "共建协议",
        {
            "title": "协议名称",
            "unit_id": "地方单位",
            "military_unit": "部队单位",
            "signed_on": "签订日期",
            "valid_from": "起始日期",
            "valid_to": "终止日期",
            "goals": "共建目标",
            "tasks": "共建任务",
            "contacts": "联系人",
            "status": "状态",
            "documents": "协议文本",
        },
    ),
    "plan_task": Kind(
        "计划任务",
        {
            "heading": "分类",
            "title": "任务",
            "unit_ids": "责任单位",
            "lead_unit_ids": "牵头单位",
            "window": "时间",
            "activity_types": "活动类型",
            "target": "目标",
            "area": "工作领域",
        },
    ),
    "plan": Kind("年度计划"),
    "survey": Kind(
        "问卷",
        {
            "title": "问卷标题",
            "introduction": "问卷说明",
            "report_id": "所属活动报告",
            "opens_at": "开始时间",
            "closes_at": "截止时间",
            "max_responses": "答卷数上限",
            "questions": "题目",
            "version": "题目版本",
        },
    ),
    "month": Kind("月份"),
    "settings": Kind(
        "设置",
        {
            "deadline_day": "截止日",
            "lock_day": "锁定日",
            "count": "汇总计入的报告",
            "jurisdiction": "情况汇报中的称谓",
            "nudge_days": "当月提醒日",
            "reminder_days": "次月提醒日",
            "county_emails": "县双拥办收件邮箱",
            "campaigns": "节日与纪念日",
        },
    ),
    "summary": Kind("汇总"),
    "summary_notes": Kind(
        "年度总结中县双拥办撰写的内容",
        {"problems": "存在的问题", "next_steps": "下一步工作打算", "areas": "各方面工作的段落"},
    ),
    "unit_summary": Kind("单位汇总"),
    "unit_summary_notes": Kind(
        "单位年度总结中本单位撰写的内容",
        {"problems": "存在的不足", "next_steps": "下一年工作打算", "areas": "各方面工作的段落"},
    ),
    "collection": Kind("材料收集"),
    "collection_unit": Kind("单位报送的材料", {"state": "审阅状态"}),
    "profile": Kind(
        "基本情况",
        {
            "townships": "乡镇数",
            "subdistricts": "街道办事处数",
            "population": "总人口",
            "beneficiaries": "各类优抚对象",
            "garrisons": "驻军",
            "allowance_households": "应享受优待金的义务兵家庭",
            "honours": "所获荣誉",
        },
    ),
}

# The settings forms, by the name their record carries (settings:<name>).
SETTINGS_FORMS: dict[str, str] = {
    "calendar": "截止日、锁定日与汇总口径",
    "reminders": "催报提醒设置",
    "campaigns": "节日与纪念日日历",
}

ACTIONS: dict[str, str] = {
    "report.submitted": "提交活动报告",
    "report.updated": "修改活动报告",
    "report.withdrawn": "撤回活动报告",
    "report.approved": "审核通过活动报告",
    "report.returned": "退回活动报告修改",
    "report.reviewed": "审核活动报告",  # stored before approving and returning were told apart
    "nil_report.filed": "报送本月无活动",
    "nil_report.withdrawn": "撤回本月无活动",
    "unit.created": "新建成员单位",
    "unit.updated": "修改成员单位",
    "reporter.issued": "签发填报员链接",
    "reporter.revoked": "停用填报员链接",
    "staff.registered": "登记工作人员",
    "staff.revoked": "停用工作人员",
    "org.registered": "登记组织",
    "agreement.created": "新建共建协议",
    "agreement.updated": "修改共建协议",
    "plan_task.created": "新建计划任务",
    "plan_task.updated": "修改计划任务",
    "plan_task.deleted": "删除计划任务",
    "plan.imported": "导入任务分解表",
    "survey.created": "新建问卷",
    "survey.copied": "复制问卷为新草稿",
    "survey.updated": "修改问卷",
    "survey.opened": "发布问卷",
    "survey.closed": "结束问卷",
    "survey.deleted": "删除草稿问卷",
    "month.locked": "锁定月份",
    "month.reopened": "重新开放月份",
    "settings.updated": "修改设置",  # said with its form: 修改催报提醒设置 (see `action_label`)
    "summary.requested": "申请汇总",
    "summary_notes.updated": "修改年度总结中的文字",
    "unit_summary.requested": "申请单位汇总",
    "unit_summary_notes.updated": "修改单位年度总结中的文字",
    "profile.updated": "修改基本情况",
    "collection.created": "发起材料收集",
    "collection.submitted": "提交材料",
    "collection.returned": "退回材料修改",
    "collection.accepted": "审阅通过材料",
    "collection.archive_requested": "申请打包下载材料",
}

FALLBACK_KIND = "其他记录"
FALLBACK_FIELD = "其他内容"


def kind_of(record: str) -> tuple[str, str]:
    """A record's kind and its id within the kind: "report:ab12" → ("report", "ab12")."""
    kind, _, ident = record.partition(":")
    return kind, ident


def kind_label(kind: str) -> str:
    found = KINDS.get(kind)
    return found.label if found else FALLBACK_KIND


def action_label(action: str, record: str) -> str:
    """The action in words; a settings change names its form, an action not in the table its kind of record."""
    kind, ident = kind_of(record)
    if action == "settings.updated" and ident in SETTINGS_FORMS:
        return f"修改{SETTINGS_FORMS[ident]}"
    return ACTIONS.get(action) or f"变更{kind_label(kind)}"


def field_labels(record: str, fields: list[str]) -> list[str]:
    """The changed fields in words, in the order given."""
    known = KINDS.get(kind_of(record)[0], Kind(FALLBACK_KIND)).fields
    return [known.get(name, FALLBACK_FIELD) for name in fields]
