"""The year's plan: its tasks, window phrases, the 任务分解表 import and its template."""

from __future__ import annotations

from chalice import Response

from chalicelib.core.auth import OFFICE_READ, OFFICE_WRITE, SIGNED_IN
from chalicelib.core.models import Download
from chalicelib.core.responses import json_response
from chalicelib.plans import service as plans
from chalicelib.plans import task_import as plan_import
from chalicelib.plans import template as plan_template_file
from chalicelib.plans import unit_draft
from chalicelib.plans.models import (
    Plan,
    PlanImport,
    PlanImportForm,
    PlanTask,
    PlanTaskEditForm,
    PlanTaskForm,
    PlanWindow,
)
from chalicelib.web.routing import Routes, body, context, no_content, principal, query, raw_body

routes = Routes(__name__)


@routes.route(
    "/plans/{year}/tasks",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="登记年度计划的一项任务（分类、任务、责任单位、时间、活动类型、目标）",
    body=PlanTaskForm,
    validated_by_service=True,
    answer=PlanTask,
    status=201,
)
def create_plan_task(year: str) -> Response:
    task = plans.create(context(), principal(), year, body())
    return json_response(task, 201, {"Location": f"/plans/{year}/tasks/{task['task_id']}"})


@routes.route(
    "/plans/{year}/import",
    methods=("POST",),
    roles=OFFICE_WRITE,
    summary="导入任务分解表（.xlsx，base64）：整表导入，或指明每一行的错误、一项也不导入",
    body=PlanImportForm,
    validated_by_service=True,
    answer=PlanImport,
)
def import_plan(year: str) -> Response:
    return json_response(plan_import.import_plan(context(), principal(), year, raw_body()))


@routes.route(
    "/plans/{year}",
    roles=SIGNED_IN,
    summary="年度计划及各任务的完成情况（填报员只见本单位的任务）",
    answer=Plan,
    query=("unit_id",),
)
def get_plan(year: str) -> Response:
    return json_response(plans.show(context(), principal(), year, query("unit_id")))


@routes.route(
    "/plans/{year}/window",
    roles=OFFICE_READ,
    summary="时间短语读作的日期（录入任务时预览；与登记任务的读法相同）",
    answer=PlanWindow,
    query=("text",),
)
def read_plan_window(year: str) -> Response:
    return json_response(plans.read_window(context(), year, query("text")))


@routes.route(
    "/plans/{year}/template.xlsx",
    roles=OFFICE_READ,
    summary="下载任务分解表的空模板（XLSX：表头与一行示例）",
    answer=Download,
)
def plan_template(year: str) -> Response:
    return json_response(plan_template_file.download(context(), year))


@routes.route(
    "/units/{unit_id}/plans/{year}/draft",
    methods=("POST",),
    roles=SIGNED_IN,
    summary="生成本单位该年度双拥工作要点草稿（DOCX，短时有效的下载链接）：据该年度任务分解表中本单位的任务"
    "（牵头或配合）和本单位上一年填报的活动；填报员只能生成本单位的",
    answer=Download,
)
def draft_unit_plan(unit_id: str, year: str) -> Response:
    return json_response(unit_draft.draft(context(), principal(), unit_id, year))


@routes.route("/plans/{year}/tasks/{task_id}", roles=SIGNED_IN, summary="一项计划任务及其关联报告", answer=PlanTask)
def get_plan_task(year: str, task_id: str) -> Response:
    return json_response(plans.get(context(), principal(), year, task_id))


@routes.route(
    "/plans/{year}/tasks/{task_id}",
    methods=("PUT",),
    roles=OFFICE_WRITE,
    summary="修改计划任务（须带所改的 version）",
    body=PlanTaskEditForm,
    validated_by_service=True,
    answer=PlanTask,
)
def update_plan_task(year: str, task_id: str) -> Response:
    return json_response(plans.update(context(), principal(), year, task_id, body()))


@routes.route(
    "/plans/{year}/tasks/{task_id}",
    methods=("DELETE",),
    roles=OFFICE_WRITE,
    summary="删除计划任务（已有关联报告的不能删除）",
    status=204,
)
def delete_plan_task(year: str, task_id: str) -> Response:
    plans.delete(context(), principal(), year, task_id)
    return no_content()
