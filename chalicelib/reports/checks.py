"""What a report names must be its unit's own and exist: its co-building agreement, its plan task, its photos."""

from __future__ import annotations

from chalicelib.context import Context
from chalicelib.core.catalogue import short_label
from chalicelib.core.dates import local_today, month_of
from chalicelib.core.errors import (
    ValidationFailed,
)
from chalicelib.reports.models import (
    ReportContent,
)
from chalicelib.reports.photo_keys import is_unit_key, is_upload_key


def check_agreement(ctx: Context, form: ReportContent, unit_id: str) -> None:
    if form.agreement_id is None:
        return
    agreement = ctx.store.agreements.get(form.agreement_id)
    if agreement is None or agreement["unit_id"] != unit_id:
        raise ValidationFailed([{"field": "agreement_id", "message": "未找到本单位的该共建协议"}])


def check_plan_task(ctx: Context, form: ReportContent, unit_id: str) -> None:
    """A report may name a task of its own unit, of its activity date's year, expecting its type."""
    if form.plan_task_id is None:
        return
    year = form.occurred_on.year
    task = ctx.store.plans.get_task(year, form.plan_task_id)
    if task is None or unit_id not in task["unit_ids"]:
        message = f"未找到本单位{year}年的该计划任务（任务的年度须与活动日期的年份相同）"
        raise ValidationFailed([{"field": "plan_task_id", "message": message}])
    kind = str(getattr(form, "activity_type", ""))
    if task["activity_types"] and kind not in task["activity_types"]:
        expected = "、".join(short_label(code) for code in task["activity_types"])
        message = f"计划任务“{task['title']}”的活动类型为{expected}，与本报告的活动类型不符"
        raise ValidationFailed([{"field": "plan_task_id", "message": message}])


def check_photos(ctx: Context, form: ReportContent, unit_id: str, kept: list[str] | None = None) -> None:
    """Each photo key the report names (beyond the `kept` ones it already had) has exactly the shape the
    upload route gave the unit, and its photo is in the bucket."""
    latest = month_of(local_today(ctx.clock))
    errors = []
    for i, key in enumerate(form.photos):
        if key in (kept or []):
            continue
        if not is_unit_key(key, ctx.org, unit_id):
            errors.append({"field": f"photos.{i}", "message": "照片不属于本单位"})
        elif not is_upload_key(key, ctx.org, unit_id, latest):
            errors.append({"field": f"photos.{i}", "message": "照片编号有误，请重新上传照片"})
        elif not ctx.bucket.exists(key):
            errors.append({"field": f"photos.{i}", "message": "照片未上传或已失效，请重新上传"})
    if errors:
        raise ValidationFailed(errors)
