"""Quiz pages and endpoints: the paper page never holds the right answers (nor the explanation, nor question ids),
answers go back as positions, a replayed form is refused; the worker's journey on the portal; the console pages'
and endpoints' authorization matrix; query counts pinned on the lists."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.contests.models import AttemptStatus, Question, QuizAttempt, QuizResult, QuizStatus
from gonghui.contests.permissions import MANAGE_QUIZ, VIEW_QUIZ
from gonghui.contests.quiz import services
from gonghui.contests.quiz.tests import kit as k

pytestmark = pytest.mark.django_db


def _paper_page(client: Client, attempt: QuizAttempt) -> str:
    response = client.get(reverse("contests_portal:quiz_attempt", args=[attempt.pk]))
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")
    return response.content.decode()


def test_the_paper_page_never_says_which_options_are_right(world):
    kit = k.quiz_kit(world.child, members=1, paper_size=6)
    _member, user = kit.members[0]
    client = login(Client(), user)
    response = client.post(reverse("contests_portal:quiz_start", args=[kit.quiz.pk]))
    attempt = QuizAttempt.objects.get(quiz=kit.quiz)
    assert response["Location"] == reverse("contests_portal:quiz_attempt", args=[attempt.pk])
    page = _paper_page(client, attempt)
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[e["q"] for e in attempt.paper])}
    for entry in attempt.paper:
        question = questions[entry["q"]]
        assert question.text in page
        assert question.explanation not in page
    assert "correct" not in page.lower()
    assert "data-answer" not in page
    # Options are sent as their shown positions 0..n-1 only: nothing ties a value to the question's own option.
    values = re.findall(r'name="q(\d+)" value="([^"]+)"', page)
    assert values
    for position, value in values:
        assert int(value) < len(attempt.paper[int(position)]["o"])
    # The shown order is the stored (shuffled) order: option texts appear in the order the paper keeps.
    first = questions[attempt.paper[0]["q"]]
    shown = [first.options[i] for i in attempt.paper[0]["o"]]
    assert [page.index(f". {text}</label>") for text in shown] == sorted(
        page.index(f". {text}</label>") for text in shown
    )


def test_the_worker_submits_through_the_page_once(world):
    kit = k.quiz_kit(world.child, members=1, paper_size=4)
    member, user = kit.members[0]
    client = login(Client(), user)
    client.post(reverse("contests_portal:quiz_start", args=[kit.quiz.pk]))
    attempt = QuizAttempt.objects.get(quiz=kit.quiz)
    form = {f"q{p}": [str(v) for v in shown] for p, shown in k.right_answers(attempt).items()}
    url = reverse("contests_portal:quiz_attempt", args=[attempt.pk])
    assert client.post(url, form)["Location"] == url
    result = client.get(url).content.decode()
    assert 'id="quiz-result"' in result
    assert "4 / 4" in result
    assert "竞赛结束后公布正确答案" in result
    # A replay of the same form, then a worse one: refused, nothing changes.
    client.post(url, form)
    client.post(url, {})
    assert QuizAttempt.objects.get(pk=attempt.pk).correct_count == 4
    assert QuizResult.objects.get(member=member).attempts == 1
    page = client.get(reverse("contests_portal:quiz_mine", args=[kit.quiz.pk])).content.decode()
    assert 'id="best-score"' in page
    assert 'id="board-mine"' in page


def test_a_late_paper_through_the_page_is_refused(world, time_machine):
    kit = k.quiz_kit(world.child, members=1, minutes=1, grace=5)
    _member, user = kit.members[0]
    client = login(Client(), user)
    client.post(reverse("contests_portal:quiz_start", args=[kit.quiz.pk]))
    attempt = QuizAttempt.objects.get(quiz=kit.quiz)
    time_machine.move_to(attempt.deadline.timestamp() + 6, tick=False)
    url = reverse("contests_portal:quiz_attempt", args=[attempt.pk])
    form = {f"q{p}": [str(v) for v in shown] for p, shown in k.right_answers(attempt).items()}
    client.post(url, form)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert 'id="quiz-expired"' in client.get(url).content.decode()


def test_another_workers_attempt_is_404(world):
    kit = k.quiz_kit(world.child, members=2)
    (_m1, owner), (_m2, other) = kit.members
    attempt = services.attempt_start(actor=owner, quiz=kit.quiz)
    client = login(Client(), other)
    url = reverse("contests_portal:quiz_attempt", args=[attempt.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"q0": "0"}).status_code == 404
    assert QuizAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.OPEN


def test_console_pages_matrix(world):
    quiz = k.quiz(world.target, title=f"竞赛{CANARY}")
    k.bank(world.target, n=2, name=f"分类{CANARY}")
    http_matrix(world, VIEW_QUIZ, "get", reverse("contests:quiz_detail", args=[quiz.pk]))
    for url in (reverse("contests:quiz_list"), reverse("contests:quiz_bank")):
        sibling = login(Client(), world.actor("sibling", VIEW_QUIZ)).get(url)
        assert sibling.status_code == 200
        assert CANARY not in sibling.content.decode()  # the sibling's staff list only their own subtree
        assert CANARY in login(Client(), world.actor("ancestor", VIEW_QUIZ)).get(url).content.decode()
        assert login(Client(), world.member).get(url).status_code in (302, 403)
    draft = k.quiz(world.target, status=QuizStatus.DRAFT)
    http_matrix(
        world,
        MANAGE_QUIZ,
        "post",
        reverse("contests:quiz_detail", args=[draft.pk]),
        data={"action": "publish"},
        state=lambda w: type(draft).objects.get(pk=draft.pk).status,
    )


def test_list_pages_and_endpoints_have_pinned_query_counts(world, django_assert_max_num_queries):
    for i in range(6):
        quiz = k.quiz(world.target, title=f"竞赛{i}")
        _m, user = k.member_with_account(world.child)
        attempt = services.attempt_start(actor=user, quiz=quiz)
        services.attempt_submit(actor=user, attempt_id=attempt.pk, answers={})
    staff = login(Client(), world.actor("same_with", VIEW_QUIZ))
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("contests:quiz_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("contests:quiz_bank")).status_code == 200
    with django_assert_max_num_queries(10):
        data = staff.get("/api/v1/contests/quiz-attempts/").json()
    assert len(data["results"]) == 6
    assert "paper" not in data["results"][0]
    assert "answers" not in data["results"][0]
    with django_assert_max_num_queries(10):
        assert len(staff.get("/api/v1/contests/quizzes/").json()["results"]) == 6


def test_api_matrix(world):
    quiz = k.quiz(world.target, title=f"竞赛{CANARY}")
    http_matrix(world, VIEW_QUIZ, "get", f"/api/v1/contests/quizzes/{quiz.pk}/")
