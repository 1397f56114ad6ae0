"""The county office's surveys and year's plan, done from its page in a real Chromium at 360×740 and 1366×768:
a survey built with the question editor (an option reordered, a refused limit shown beside its input),
previewed as a phone shows it, opened with its handout and QR code, answered, its results charted and
downloaded, closed; a plan task added with its window read as dates while typed (a refused phrase beside the
input), edited and deleted; a report outside its task's window said so; the 任务分解表 imported (a bad row's
cells listed and nothing stored, then a good one) and its template downloaded.

Each run works in its own units, survey titles and task headings, so the shared stack's other counts stay."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import report_body
from tests.e2e.browser import Phone
from tests.e2e.conftest import ADMIN_TOKEN, Stack
from tests.helpers.admin_page import no_sideways_scrolling, open_tab

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def option_labels(page: Any, question: int) -> list[str]:
    return [i.input_value() for i in page.locator(f'[data-field="questions.{question}.options"] .option input').all()]


def test_a_survey_is_built_previewed_opened_printed_answered_charted_and_closed(
    device: tuple[str, Phone], stack: Stack
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    title = f"送法进军营法律需求调查-{name}-{uuid.uuid4().hex[:4]}"
    page = open_tab(phone, stack, "surveys")
    page.click("#new-survey")
    form = page.locator("#survey-form")
    expect(form.locator("h2")).to_have_text("新建问卷")
    page.fill("#sv-title", title)

    # 1. a single choice, required, three options, the third moved up one
    page.fill("#sv-q0-label", "您最需要哪类法律帮助？")
    page.check("#sv-q0-required")
    page.fill("#sv-q0-o0", "婚姻家庭")
    page.fill("#sv-q0-o1", "劳动争议")
    form.locator('[data-field="questions.0.options"] button', has_text="添加选项").click()
    page.fill("#sv-q0-o2", "合同纠纷")
    page.locator('[data-field="questions.0.options.2"] button', has_text="↑").click()
    assert option_labels(page, 0) == ["婚姻家庭", "合同纠纷", "劳动争议"]
    # 2. a multiple choice, at most two; 3. a rating; 4. a number whose limits are reversed (refused)
    page.select_option("#sv-add-type", "multiple_choice")
    form.locator("button", has_text="添加题目").click()
    page.fill("#sv-q1-label", "希望下次讲座讲哪些内容？")
    page.fill("#sv-q1-o0", "民法典")
    page.fill("#sv-q1-o1", "防范电信诈骗")
    form.locator('[data-field="questions.1.options"] button', has_text="添加选项").click()
    page.fill("#sv-q1-o2", "家事纠纷")
    page.fill("#sv-q1-max_selections", "2")
    page.select_option("#sv-add-type", "rating")
    form.locator("button", has_text="添加题目").click()
    page.fill("#sv-q2-label", "您对本次活动的满意程度")
    page.fill("#sv-q2-low_label", "很不满意")
    page.fill("#sv-q2-high_label", "非常满意")
    page.select_option("#sv-add-type", "number")
    form.locator("button", has_text="添加题目").click()
    page.fill("#sv-q3-label", "您的年龄")
    page.fill("#sv-q3-min", "65")
    page.fill("#sv-q3-max", "16")
    page.fill("#sv-q3-unit", "岁")
    form.locator("button[type=submit]").click()
    refused = page.locator('[data-field="questions.3.max"] .err')
    expect(refused).to_have_text("最大值不能小于最小值")
    assert title not in {s["title"] for s in stack.call("GET", "/surveys")[1]["items"]}  # nothing was stored
    phone.screenshot(f"admin-survey-editor-refused-{name}", full_page=False)

    page.reload()  # what was typed survives a reload (kept on this device)
    page.click('.tab[data-view="surveys"]')
    expect(page.locator("#sv-title")).to_have_value(title)
    assert option_labels(page, 0) == ["婚姻家庭", "合同纠纷", "劳动争议"]
    page.fill("#sv-q3-min", "16")
    page.fill("#sv-q3-max", "65")
    page.locator("#survey-form button[type=submit]").click()
    view = page.locator("#survey-view")
    expect(view.locator("h2")).to_have_text(title)
    expect(view.locator(".badge")).to_have_text("草稿")
    no_sideways_scrolling(page)

    # the preview: the survey page's own drawing of the questions
    view.locator("button", has_text="预览").click()
    preview = page.locator("#survey-preview")
    expect(preview.locator("fieldset")).to_have_count(4)
    expect(preview.locator("legend").first).to_have_text("1. 您最需要哪类法律帮助？ *")
    assert preview.locator('[data-q="q1"] .choice span').all_text_contents() == ["婚姻家庭", "合同纠纷", "劳动争议"]
    expect(preview.locator('[data-q="q2"]')).to_contain_text("可多选，最多选2项")
    expect(preview.locator('[data-q="q3"] .scale .choice')).to_have_count(5)
    expect(preview.locator('[data-q="q4"]')).to_contain_text("请填写16–65之间的数字")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-survey-preview-{name}", full_page=False)

    # opened, once the clerk has read what publishing does: the handout, with its QR code and link
    view.get_by_role("button", name="发布", exact=True).click()
    asked = view.locator(".confirm:visible")
    expect(asked.locator(".confirm-text")).to_have_text(
        f"发布后，问卷链接和二维码立即可以填写；之后再修改题目将生成新版本。确认发布“{title}”？"
    )
    phone.screenshot(f"admin-survey-publish-confirm-{name}", full_page=False)
    asked.get_by_role("button", name="确认发布").click()
    handout = page.locator("#handout")
    expect(handout.locator(".handout-title")).to_have_text(title)
    expect(handout.locator("img.handout-qr")).to_be_visible()
    link = handout.locator(".handout-link").inner_text()
    assert link.startswith(f"{stack.base}/s/")
    expect(page.locator("#survey-view .badge")).to_have_text("填写中")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-survey-handout-{name}", full_page=False)

    survey_id = page.locator("#survey-view").get_attribute("data-survey")
    expect(page.locator(f'#surveys [data-survey="{survey_id}"]')).to_contain_text("填写中")
    survey = stack.call("GET", f"/surveys/{survey_id}")[1]
    codes = [o["value"] for o in survey["questions"][0]["options"]]
    assert [o["label"] for o in survey["questions"][0]["options"]] == ["婚姻家庭", "合同纠纷", "劳动争议"]
    public = link.removeprefix(stack.base)
    for need, satisfaction in ((codes[0], 5), (codes[1], 4)):
        answers = {"q1": need, "q2": [survey["questions"][1]["options"][0]["value"]], "q3": satisfaction, "q4": 30}
        body = {"response_id": str(uuid.uuid4()), "answers": answers}
        assert stack.call("POST", f"{public}/responses", body, token=None)[0] == 201

    # the list's count as it is now, once the survey is looked at again
    card = page.locator(f'#surveys [data-survey="{survey_id}"]')
    expect(card.locator(".responses")).to_have_text("答卷 0 份")
    card.get_by_role("button", name="查看").click()
    expect(card.locator(".responses")).to_have_text("答卷 2 份")

    # the results: a bar for each option, with its count
    page.locator("#survey-view button", has_text="统计结果").click()
    results = page.locator("#survey-results")
    expect(results.locator("h3").first).to_have_text("统计结果（答卷2份）")
    need = results.locator('[data-question="q1"] .bar-row')
    expect(need).to_have_count(3)
    assert need.locator(".bar-label").all_text_contents() == ["婚姻家庭", "合同纠纷", "劳动争议"]
    assert need.locator(".bar-value").all_text_contents() == ["1（50%）", "1（50%）", "0（0%）"]
    expect(results.locator('[data-question="q3"] .bar-row')).to_have_count(5)
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-survey-results-{name}", full_page=False)
    with page.expect_download() as download:
        results.locator("button", has_text="下载 Excel").click()
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    assert load_workbook(io.BytesIO(download.value.path().read_bytes())).sheetnames[0]

    # editing the open survey's questions says a new version will be made
    page.locator("#survey-view button", has_text="修改题目").click()
    expect(page.locator("#new-version")).to_contain_text("将生成第2版题目")
    page.fill("#sv-q2-label", "您对本次送法进军营活动的满意程度")
    page.locator("#survey-form button[type=submit]").click()
    expect(page.locator("#toast")).to_have_text("已保存，生成第2版题目")
    expect(page.locator("#survey-view")).to_contain_text("第2版题目")

    # closed after a confirmation, then reopened at once
    page.locator("#survey-view").get_by_role("button", name="结束问卷", exact=True).click()
    asked = page.locator("#survey-view .confirm:visible")
    expect(asked.locator(".confirm-text")).to_have_text(
        f"结束后不再接受答卷，已收到的2份答卷保留，以后可以重新开放。确认结束“{title}”？"
    )
    asked.get_by_role("button", name="确认结束").click()
    expect(page.locator("#survey-view .badge")).to_have_text("已结束")
    expect(page.locator(f'#surveys [data-survey="{survey_id}"]')).to_contain_text("已结束")
    page.locator("#survey-view button", has_text="重新开放").click()
    expect(page.locator("#survey-view .badge")).to_have_text("填写中")
    assert stack.call("GET", f"/surveys/{survey_id}")[1]["state"] == "open"

    # copied into a new draft, which opens in the editor; the draft deleted after a confirmation
    page.locator("#survey-view button", has_text="复制为新问卷").click()
    expect(page.locator("#sv-title")).to_have_value(f"{title}（副本）")
    page.locator("#survey-form button[type=submit]").click()
    expect(page.locator("#survey-view .badge")).to_have_text("草稿")
    copy_id = page.locator("#survey-view").get_attribute("data-survey")
    copied = [q["label"] for q in stack.call("GET", f"/surveys/{copy_id}")[1]["questions"]]
    assert copy_id != survey_id and "您对本次送法进军营活动的满意程度" in copied  # the questions' 2nd version
    page.locator("#survey-view").get_by_role("button", name="删除草稿", exact=True).click()
    asked = page.locator("#survey-view .confirm:visible")
    expect(asked.locator(".confirm-text")).to_have_text(f"删除草稿“{title}（副本）”？删除后不能恢复。")
    asked.get_by_role("button", name="确认删除").click()
    expect(page.locator(f'#surveys [data-survey="{copy_id}"]')).to_have_count(0)
    expect(page.locator("#survey-detail")).to_be_hidden()
    assert stack.call("GET", f"/surveys/{copy_id}")[0] == 404
    phone.check_traffic(ADMIN_TOKEN)


def table(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["分类", "任务", "责任单位", "时间", "活动类型", "目标"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_years_plan_tasks_are_added_edited_deleted_imported_and_the_template_downloaded(
    device: tuple[str, Phone], stack: Stack, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    name, phone = device
    suffix = uuid.uuid4().hex[:4]
    unit_id, unit = f"plan{name}{suffix}", f"县计划测试局{name}{suffix}"
    assert stack.call("POST", "/units", {"unit_id": unit_id, "name": unit, "kind": "bureau"})[0] == 201
    heading = f"法律拥军{suffix}"
    year = stack.now().year

    page = open_tab(phone, stack, "plan")
    page.click("#new-task")
    form = page.locator("#task-form")
    expect(form.locator("h2")).to_have_text("添加任务")
    # Any type's figures, each offered once; the two types' 场次 named with their type.
    expect(form.locator('[data-name="figure"] option', has_text="国防教育场次（场）")).to_have_count(1)
    figures = form.locator('[data-name="figure"] option').all_text_contents()
    assert len(figures) == len(set(figures)), figures
    assert {"国防教育场次（场）", "军地文化交流场次（场）"} <= set(figures) and "场次（场）" not in figures
    form.locator('[data-name="heading"]').fill(heading)
    form.locator('[data-name="title"]').fill("开展送法进军营活动")
    form.locator(f'input[data-list="unit"][value="{unit_id}"]').check()
    form.locator(f'input[data-list="lead"][value="{unit_id}"]').check()  # it leads (牵头)
    window = form.locator('[data-name="window"]')
    window.fill("6月前")  # a bare month before: ambiguous, refused beside the input as it is typed
    expect(form.locator('[data-field="window"] .err')).to_contain_text("6月")
    expect(page.locator("#window-reads")).to_have_text("")
    window.fill("4月下旬至5月")
    expect(page.locator("#window-reads")).to_have_text(f"读作：{year}年4月21日至5月31日")
    expect(form.locator('[data-field="window"] .err')).to_be_hidden()
    window.fill("每季度")
    expect(page.locator("#window-reads")).to_contain_text("分4个时段：1月至3月、4月至6月、7月至9月、10月至12月")
    form.locator('input[data-list="type"][value="legal_lecture"]').check()
    form.locator('[data-name="target"]').fill("4")
    form.locator('[data-name="area"]').select_option("legal")
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-plan-task-form-{name}", full_page=False)
    phone.offline(True)  # the connection lost on saving: said so, and nothing typed is lost
    form.locator("button[type=submit]").click()
    expect(form.locator(".err.box")).to_contain_text("网络不通，未能保存")
    phone.offline(False)
    page.reload()
    page.click('.tab[data-view="plan"]')
    expect(form.locator(".saved")).to_have_text("本机有未保存的内容，已恢复")
    expect(form.locator('[data-name="heading"]')).to_have_value(heading)
    expect(form.locator('[data-name="window"]')).to_have_value("每季度")
    expect(form.locator(f'input[data-list="unit"][value="{unit_id}"]')).to_be_checked()
    expect(form.locator('input[data-list="type"][value="legal_lecture"]')).to_be_checked()
    expect(form.locator('[data-name="area"]')).to_have_value("legal")
    expect(page.locator("#window-reads")).to_contain_text("分4个时段")
    form.locator("button[type=submit]").click()
    expect(page.locator("#toast")).to_have_text("已添加：开展送法进军营活动")
    row = page.locator("#plan tr", has_text="开展送法进军营活动").filter(has_text=unit)
    expect(row).to_contain_text(f"{unit}（牵头） · 每季度（1月1日至12月31日）")
    task = next(t for t in stack.call("GET", f"/plans/{year}")[1]["tasks"] if t["heading"] == heading)
    assert (task["unit_ids"], task["activity_types"], task["area"]) == ([unit_id], ["legal_lecture"], "legal")
    assert task["lead_unit_ids"] == [unit_id]
    assert task["target"]["label"] == "活动4次"

    # opened: each quarter's window and its state
    row.locator(".task-title").click()
    windows = row.locator(".windows li")
    expect(windows).to_have_count(4)
    expect(windows.nth(2)).to_contain_text("7月至9月（7月1日至9月30日）")
    assert windows.locator(".badge").all_text_contents() == ["逾期未报", "逾期未报", "未开始", "未开始"]  # on 9月15日

    # edited: a refused field on save is shown beside its input; then saved
    row.locator("button", has_text="修改").click()
    expect(form.locator("h2")).to_have_text("修改任务")
    expect(form.locator('[data-name="window"]')).to_have_value("每季度")
    form.locator(f'input[data-list="unit"][value="{unit_id}"]').uncheck()
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-field="unit_ids"] .err')).to_be_visible()
    form.locator(f'input[data-list="unit"][value="{unit_id}"]').check()
    form.locator('[data-name="title"]').fill("开展送法进军营法治讲座")
    form.locator("button[type=submit]").click()
    expect(page.locator("#toast")).to_have_text("已修改：开展送法进军营法治讲座")
    row = page.locator("#plan tr", has_text="开展送法进军营法治讲座")
    expect(row).to_have_count(1)

    # deleted
    row.locator(".task-title").click()
    row.get_by_role("button", name="删除", exact=True).click()
    row.locator("button", has_text="确认删除").click()
    expect(page.locator("#toast")).to_have_text("已删除：开展送法进军营法治讲座")
    expect(page.locator("#plan tr", has_text="开展送法进军营法治讲座")).to_have_count(0)
    assert all(t["heading"] != heading for t in stack.call("GET", f"/plans/{year}")[1]["tasks"])

    # a report linked to a task but dated outside its window
    body = {"heading": heading, "title": "八一走访", "unit_ids": [unit_id], "window": "八一前后", "activity_types": []}
    status, linked = stack.call("POST", f"/plans/{year}/tasks", body)
    assert status == 201, linked
    reporter = stack.call("POST", f"/units/{unit_id}/reporters", {})[1]["token"]
    outside = stack.now().date().replace(day=10).isoformat()  # 9月10日: an open month, after 八一前后
    report = report_body("visit", occurred_on=outside, plan_task_id=linked["task_id"])
    assert stack.call("POST", "/reports", report, token=reporter)[0] == 201
    page.click('.tab[data-view="months"]')
    page.click('.tab[data-view="plan"]')
    row = page.locator(f'#plan tr[data-task="{linked["task_id"]}"]')
    row.locator(".task-title").click()
    expect(row.locator(".linked li")).to_contain_text("不在计划时间内")

    # the 任务分解表: a bad row's cells listed and nothing stored; then a good table imported
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        table(
            [
                [f"宣传教育{suffix}", "双拥宣传月", unit, "7月20日至8月20日", None, None],
                [f"宣传教育{suffix}", "国防教育日宣传", unit, "6月前", None, None],
                [f"宣传教育{suffix}", "国防教育进校园", "没有这个单位", "9月", None, None],
            ]
        )
    )
    page.set_input_files("#plan-file", str(bad))
    refused = page.locator("#refused-cells tbody tr")
    expect(refused).to_have_count(3)
    assert [r.locator("td").all_text_contents() for r in refused.all()] == [
        ["第3行", "时间", "第3行：“6月前”含义不明：请写成“6月底前”或具体日期"],
        ["第4行", "责任单位", "第4行：不认识的单位“没有这个单位”（应为已登记单位的名称或编号）"],
        ["第4行", "责任单位", "第4行：请填写责任单位"],
    ]
    expect(page.locator("#import-result")).to_contain_text("未导入任何任务")
    assert all(t["heading"] != f"宣传教育{suffix}" for t in stack.call("GET", f"/plans/{year}")[1]["tasks"])
    no_sideways_scrolling(page)
    phone.screenshot(f"admin-plan-import-refused-{name}", full_page=False)
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        table(
            [
                [f"宣传教育{suffix}", "双拥宣传月", unit, "7月20日至8月20日", "双拥宣传", "2次"],
                [f"宣传教育{suffix}", "国防教育日宣传", unit, "9月", "双拥宣传", None],
            ]
        )
    )
    page.set_input_files("#plan-file", str(good))
    expect(page.locator("#import-result")).to_contain_text("新增2项，更新0项，未变0项")
    expect(page.locator("#refused-cells")).to_have_count(0)
    expect(page.locator("#plan tr", has_text="双拥宣传月").filter(has_text=unit)).to_have_count(1)
    # Each heading once, its tasks gathered under it, whatever order the tasks come in.
    headings = page.locator("#plan h3").all_text_contents()
    assert len(headings) == len(set(headings)) and f"宣传教育{suffix}" in headings, headings
    under = page.locator(f'#plan h3:text-is("宣传教育{suffix}") + table tr[data-task]')
    expect(under).to_have_count(2)

    # the template: the importer's header and one example row
    with page.expect_download() as download:
        page.click("#plan-template")
    assert download.value.failure() is None and ".xlsx?" in download.value.url
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "分类",
        "任务",
        "牵头单位",
        "配合单位",
        "时间",
        "活动类型",
        "目标",
        "工作领域",
    ]
    assert sheet.max_row == 2
    phone.screenshot(f"admin-plan-{name}", full_page=False)
    phone.check_traffic(ADMIN_TOKEN)

    for t in stack.call("GET", f"/plans/{year}")[1]["tasks"]:  # leave the year's plan as the other tests know it
        if t["heading"] == f"宣传教育{suffix}":
            assert stack.call("DELETE", f"/plans/{year}/tasks/{t['task_id']}")[0] == 204
