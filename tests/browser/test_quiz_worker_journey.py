"""A worker takes a knowledge quiz on a 390 px phone in Debian's chromium: from the portal's quiz list to the
paper (the countdown running, no sideways scroll), answers chosen by tapping, handed in once; the result, the best
score and her place on her union's leaderboard; the page she answered never held the right answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.contests.models import AttemptStatus, Question, QuizAttempt, QuizResult
from gonghui.contests.quiz.tests import kit as k

pytestmark = BROWSER_MARKS


def _phone(chromium: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_takes_a_quiz_on_a_phone(chromium, live_server, world):
    quiz = k.quiz(world.child, paper_size=5, title="安全生产知识竞赛")
    member, user = k.member_with_account(world.child, name="王兰芳")
    page = _phone(chromium, live_server, user)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + reverse("contests_portal:quiz_home"))
    _no_sideways_scroll(page)
    page.click(f"#my-quizzes a[href='{reverse('contests_portal:quiz_mine', args=[quiz.pk])}']")
    assert "3 / 3" in page.inner_text("#left-today")
    page.click("#quiz-start")
    page.wait_for_selector("#quiz-paper")
    _no_sideways_scroll(page)
    attempt = QuizAttempt.objects.get(quiz=quiz, member=member)
    html = page.content()
    for question in Question.objects.filter(pk__in=[e["q"] for e in attempt.paper]):
        assert question.explanation not in html
    clock = page.inner_text("#quiz-clock")
    page.wait_for_timeout(1200)
    assert page.inner_text("#quiz-clock") != clock  # the countdown runs (the deadline itself is the server's)
    for position, shown in k.right_answers(attempt).items():
        for value in shown:
            page.check(f"#quiz-paper input[name=q{position}][value='{value}']")
    page.click("#quiz-submit")
    page.wait_for_selector("#quiz-result")
    _no_sideways_scroll(page)
    assert "5 / 5" in page.inner_text("#quiz-result")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    page.go_back()  # the paper again from the browser's history: not served from a cache, and not open any more
    page.wait_for_selector("#quiz-result")
    page.click("#back-to-quiz")
    assert "5/5" in page.inner_text("#best-score")
    assert "王*芳" in page.inner_text("#board-mine")
    assert "2 / 3" in page.inner_text("#left-today")
    assert QuizResult.objects.get(quiz=quiz, member=member).correct_count == 5
    assert errors == []
