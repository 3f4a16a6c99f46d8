"""A worker answers a needs survey on a 390 px phone in Debian's chromium: the portal home's tile, her surveys, the
one-page form (no sideways scroll) with a missing required answer refused in Chinese, then answered by tapping and
sent once; the tile goes away, and the survey waits under "已填写"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS, PHONE, signed_in_context
from gonghui.worker_services.models import SurveyParticipation, SurveyResponse
from gonghui.worker_services.surveys import digest
from gonghui.worker_services.surveys.tests import kit as k

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def _no_open_survey_digest_left() -> Iterator[None]:
    yield
    digest.clear()


def _phone(chromium: Any, live_server: Any, user: Any) -> Any:
    return signed_in_context(chromium, live_server, user, **PHONE).new_page()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_answers_a_survey_on_a_phone(chromium, live_server, world):
    survey = k.survey(world.child, title="2026年职工需求调查")
    member, user = k.member_with_account(world.child, name="王兰芳")
    digest.refresh()  # what the opening's commit does
    questions = {q.position: q for q in survey.questions.all()}
    page = _phone(chromium, live_server, user)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + "/")
    home_link = reverse("worker_services_portal:survey_home")
    page.click(f"a[href='{home_link}']")
    _no_sideways_scroll(page)
    page.click(f"#surveys-to-answer a[href='{reverse('worker_services_portal:survey_answer', args=[survey.pk])}']")
    page.wait_for_selector("#survey-answer-form")
    _no_sideways_scroll(page)
    assert "匿名" in page.inner_text("#survey-anonymous")
    page.check(f"input[name=q{questions[1].pk}][value='1']")
    page.click("#survey-submit")  # the other required questions are missing
    page.wait_for_selector("#survey-answer-form")
    assert "必答题" in page.content()
    assert not SurveyParticipation.objects.filter(survey=survey).exists()
    page.check(f"input[name=q{questions[1].pk}][value='1']")
    page.check(f"input[name=q{questions[2].pk}][value='0']")
    page.check(f"input[name=q{questions[2].pk}][value='3']")
    page.check(f"input[name=q{questions[3].pk}][value='5']")
    page.fill(f"textarea[name=q{questions[4].pk}]", "希望园区多设几个爱心驿站。")
    page.click("#survey-submit")
    page.wait_for_selector("#surveys-answered")
    _no_sideways_scroll(page)
    assert "2026年职工需求调查" in page.inner_text("#surveys-answered")
    assert SurveyParticipation.objects.filter(survey=survey, member=member).count() == 1
    response = SurveyResponse.objects.get(survey=survey)
    assert response.member_id is None
    assert response.answers[str(questions[2].pk)] == [0, 3]
    page.goto(live_server.url + "/")
    assert page.locator(f"a[href='{home_link}']").count() == 0  # nothing left to answer: no tile
    assert errors == []
