"""The demo's knowledge quiz: a bank in three categories, a quiz running now with colleagues on the leaderboard,
the demo worker free to take it; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.contests.models import Question, Quiz, QuizAttempt, QuizResult, QuizStatus
from gonghui.contests.quiz import demo
from gonghui.contests.quiz.selectors import my_quizzes
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.members.models import Member

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_quiz_is_running_with_a_leaderboard():
    quiz = Quiz.objects.get(title=demo.TITLE)
    assert quiz.status == QuizStatus.PUBLISHED
    assert quiz.starts_on <= timezone.localdate() <= quiz.ends_on
    assert Question.objects.filter(category__in=quiz.categories.all()).count() == len(demo.BANK)
    assert QuizResult.objects.filter(quiz=quiz).count() >= 1
    worker = Member.objects.get(phone=data.DEMO_WORKER_PHONE)
    assert not QuizAttempt.objects.filter(quiz=quiz, member=worker).exists()
    assert worker.user is not None
    [mine] = [m for m in my_quizzes(actor=worker.user) if m.quiz.pk == quiz.pk]
    assert mine.running
    assert mine.left_today == 3
    count = QuizAttempt.objects.count()
    demo.seed(world())
    assert QuizAttempt.objects.count() == count
    assert Quiz.objects.filter(title=demo.TITLE).count() == 1
