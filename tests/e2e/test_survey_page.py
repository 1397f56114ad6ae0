"""A survey's public page in a real Chromium, as a 360×740 phone, against the real local stack."""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import Phone
from tests.e2e.conftest import Stack
from tests.helpers.surveys import SURVEY

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def opened_survey(stack: Stack, **changes: Any) -> tuple[str, str]:
    """A survey created and opened by the county office through the API: (its id, its public link)."""
    title = changes.pop("title", f"送法进军营法律需求调查-{uuid.uuid4().hex[:4]}")
    status, survey = stack.call("POST", "/surveys", {**SURVEY, "title": title, **changes})
    assert status == 201, survey
    status, opened = stack.call("POST", f"/surveys/{survey['survey_id']}/open")
    assert status == 200, opened
    return survey["survey_id"], opened["link"]


def responses(stack: Stack, survey_id: str) -> int:
    status, survey = stack.call("GET", f"/surveys/{survey_id}")
    assert status == 200
    return int(survey["responses"])


def answer_everything(page: Any) -> None:
    page.check('[data-q="need"] input[value="labour"]')
    page.check('[data-q="topics"] input[value="fraud"]')
    page.check('[data-q="topics"] input[value="civil_code"]')
    page.fill("#q-advice", "希望多讲案例")
    page.fill("#q-age", "23")
    page.check('[data-q="satisfaction"] input[value="5"]')
    page.check('[data-q="consulted"] input[value="no"]')
    page.fill("#q-enlisted", "2021-09-10")


def posted(phone: Phone) -> list[Any]:
    return [r for r in phone.requests if r.method == "POST" and r.url.endswith("/responses")]


def test_a_respondent_is_refused_on_the_phone_then_answers_once_offline_and_after_a_lost_answer(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    survey_id, link = opened_survey(stack, title="送法进军营法律需求调查")
    page = phone.page
    page.goto(link)
    expect(page.locator("#title")).to_have_text("送法进军营法律需求调查")
    expect(page.locator("#intro")).to_have_text(SURVEY["introduction"])
    expect(page.locator("fieldset.q")).to_have_count(len(SURVEY["questions"]))
    expect(page.locator('[data-q="need"] legend .req')).to_have_text(" *")
    expect(page.locator('[data-q="topics"]')).to_contain_text("可多选，最多选2项")
    expect(page.locator('[data-q="age"] .unit')).to_have_text("岁")
    assert page.get_attribute("#q-age", "inputmode") == "numeric"
    expect(page.locator('[data-q="satisfaction"] .scale-ends')).to_contain_text("很不满意")
    phone.screenshot("survey-form")

    # Refused on the phone, with the server's words, beside each question; nothing is sent.
    page.fill("#q-age", "70")
    page.fill("#q-advice", "字" * 20)
    page.check('[data-q="topics"] input[value="fraud"]')
    page.check('[data-q="topics"] input[value="family"]')
    page.check('[data-q="topics"] input[value="veterans"]')
    page.click("#submit")
    expect(page.locator('[data-field="answers.age"] .err')).to_have_text("不能大于65")
    expect(page.locator('[data-field="answers.need"] .err')).to_have_text("此题必答")
    expect(page.locator('[data-field="answers.satisfaction"] .err')).to_have_text("此题必答")
    expect(page.locator('[data-field="answers.topics"] .err')).to_have_text("最多选择2项")
    expect(page.locator('[data-field="answers.advice"] .err')).to_be_hidden()
    expect(page.locator("#form-error")).to_contain_text("4道题")
    assert posted(phone) == []
    phone.screenshot("survey-errors", full_page=False)

    # No network: the answers wait on the phone; a double tap sends nothing twice.
    page.uncheck('[data-q="topics"] input[value="family"]')
    page.uncheck('[data-q="topics"] input[value="veterans"]')
    answer_everything(page)
    page.reload()  # what was typed is kept on the phone
    expect(page.locator('[data-q="satisfaction"] input[value="5"]')).to_be_checked()
    assert page.input_value("#q-age") == "23"
    phone.offline(True)
    page.locator("#submit").dblclick()
    expect(page.locator("#waiting")).to_be_visible()
    expect(page.locator("#waiting")).to_contain_text("联网后自动提交")
    expect(page.locator("#submit")).to_be_disabled()
    assert responses(stack, survey_id) == 0
    phone.offline(False)
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks-text")).to_have_text("提交成功，感谢您的参与！")
    phone.screenshot("survey-thanks")
    assert responses(stack, survey_id) == 1
    bodies = [json.loads(r.post_data) for r in posted(phone)]  # tried offline, then sent: the same body
    body = bodies[0]
    assert bodies == [body] * len(bodies)
    assert set(body) == {"response_id", "version", "answers"}  # nothing about the respondent
    assert body["answers"] == {
        "need": "labour",
        "topics": ["civil_code", "fraud"],
        "advice": "希望多讲案例",
        "age": 23,
        "satisfaction": 5,
        "consulted": False,
        "enlisted": "2021-09-10",
    }

    # Another person on the same phone; the server stores the answer but the phone never hears back.
    tried = len(bodies)
    page.click("#again")
    page.check('[data-q="need"] input[value="marriage"]')
    page.check('[data-q="satisfaction"] input[value="3"]')
    lost: list[str] = []

    def lose_the_answer(route: Any) -> None:
        if lost:
            route.continue_()
            return
        answer = route.fetch()  # reaches the server
        lost.append(str(answer.status))
        route.abort("internetdisconnected")

    page.route("**/responses", lose_the_answer)
    page.click("#submit")
    expect(page.locator("#waiting")).to_be_visible()
    expect(page.locator("#waiting")).to_contain_text("联网后自动提交")
    assert lost == ["201"] and responses(stack, survey_id) == 2
    phone.offline(True)
    phone.offline(False)  # back online: the same response_id again, counted once
    expect(page.locator("#thanks")).to_be_visible()
    assert responses(stack, survey_id) == 2
    retried = [json.loads(r.post_data)["response_id"] for r in posted(phone)[tried:]]
    assert len(retried) >= 2 and len(set(retried)) == 1 and retried[0] != body["response_id"]
    page.unroute("**/responses")

    # The page may reach its own survey and nothing else.
    refused = page.evaluate("fetch('/units').then(() => 'reached', () => 'blocked')")
    assert refused == "blocked"
    phone.problems[:] = [p for p in phone.problems if "Content Security Policy" not in p]
    token = urlsplit(link).path.rsplit("/", 1)[1]
    api_paths = {urlsplit(r.url).path for r in phone.requests if "/assets/" not in r.url}
    assert api_paths == {f"/s/{token}", f"/s/{token}/responses"}
    phone.check_traffic("no-token-on-this-page")


def test_a_phone_that_answered_says_so_when_opened_again_and_may_answer_again_on_purpose(
    phone: Phone, stack: Stack
) -> None:
    from playwright.sync_api import expect

    survey_id, link = opened_survey(stack, title="八一慰问活动满意度调查")
    page = phone.page
    page.goto(link)
    answer_everything(page)
    page.click("#submit")
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks-text")).to_have_text("提交成功，感谢您的参与！")
    assert responses(stack, survey_id) == 1

    # Opened again on this phone: it has answered, and no form invites a second answer.
    page.reload()
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks-text")).to_have_text("本机已提交过这份问卷，感谢您的参与！")
    # The stack's clock stands at 10:00 when it starts and runs on: the minute is the one it answered at.
    expect(page.locator("#thanks-when")).to_have_text(re.compile(r"^2026年9月15日 1\d:\d\d 已提交$"))
    expect(page.locator("#title")).to_have_text("八一慰问活动满意度调查")
    expect(page.locator("#form")).to_be_hidden()
    expect(page.locator("#again")).to_contain_text("再填一份")
    phone.screenshot("survey-answered-before")
    page.goto(link)  # the link again, as from the QR code
    expect(page.locator("#thanks-text")).to_have_text("本机已提交过这份问卷，感谢您的参与！")

    # 再填一份 clears the marker: a fresh form, which a reload keeps.
    page.click("#again")
    expect(page.locator("#form")).to_be_visible()
    expect(page.locator('[data-q="need"] input:checked')).to_have_count(0)
    page.reload()
    expect(page.locator("#form")).to_be_visible()
    expect(page.locator("#thanks")).to_be_hidden()
    page.check('[data-q="need"] input[value="marriage"]')
    page.check('[data-q="satisfaction"] input[value="4"]')
    page.click("#submit")
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks-text")).to_have_text("提交成功，感谢您的参与！")
    assert responses(stack, survey_id) == 2
    assert not phone.problems, phone.problems


def test_a_survey_with_all_its_answers_says_so_and_refuses_one_already_typed(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    survey_id, link = opened_survey(stack, max_responses=1)
    page = phone.page
    page.goto(link)
    expect(page.locator("#form")).to_be_visible()
    answer_everything(page)
    # Meanwhile someone else's answer fills the survey.
    public = urlsplit(link).path
    first = {"response_id": str(uuid.uuid4()), "answers": {"need": "labour", "satisfaction": 5}}
    assert stack.call("POST", f"{public}/responses", first, token=None)[0] == 201
    page.click("#submit")
    expect(page.locator("#notice")).to_have_text("问卷已收满1份答卷，不再接受填写，感谢您的关注")
    expect(page.locator("#thanks")).to_be_hidden()
    assert responses(stack, survey_id) == 1

    page.reload()
    expect(page.locator("#notice")).to_have_text("问卷已收满1份答卷，不再接受填写，感谢您的关注")
    expect(page.locator("#form")).to_be_hidden()
    assert not phone.problems, phone.problems


def test_a_closed_survey_and_one_not_yet_open_say_so(phone: Phone, stack: Stack) -> None:
    from playwright.sync_api import expect

    survey_id, link = opened_survey(stack)
    assert stack.call("POST", f"/surveys/{survey_id}/close")[0] == 200
    page = phone.page
    page.goto(link)
    expect(page.locator("#notice")).to_contain_text("问卷已于")
    expect(page.locator("#notice")).to_contain_text("结束")
    expect(page.locator("#form")).to_be_hidden()
    phone.screenshot("survey-closed")

    _, later = opened_survey(stack, opens_at="2099-01-01T08:00")
    page.goto(later)
    expect(page.locator("#notice")).to_contain_text("问卷尚未开始，将于2099年1月1日 08:00开放填写")
    expect(page.locator("#form")).to_be_hidden()

    page.goto(stack.base + "/s/" + "x" * 32)
    expect(page.locator("#notice")).to_have_text("未找到该问卷，请检查链接是否完整")
    assert not phone.problems, phone.problems


def test_the_link_answers_the_page_to_a_browser_and_json_to_a_client(stack: Stack) -> None:
    _, link = opened_survey(stack)
    browser = urllib.request.Request(link, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    with urllib.request.urlopen(browser, timeout=10) as answer:
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        policy = answer.headers["Content-Security-Policy"]
        assert answer.headers["Vary"] == "Accept"
    own = link.removeprefix("http://")
    assert f"connect-src {own} {own}/responses;" in policy
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Accept": "application/json"})) as answer:
        assert json.load(answer)["accepting_responses"] is True
