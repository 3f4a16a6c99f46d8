"""URL sweep resolvers of knowledge quizzes: a published quiz of ``world.child`` (CANARY in its title) with one
submitted attempt of a member there (portal pages are the member's own; staff are sent to the console page)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _quiz(world: World) -> int:
    from gonghui.contests.models import Quiz
    from gonghui.contests.quiz.tests import kit

    found = Quiz.objects.filter(unit=world.child, title__startswith="扫描竞赛").first()
    if found is not None:
        return found.pk
    return kit.quiz(world.child, title=f"扫描竞赛{CANARY}", paper_size=3).pk


def _attempt(world: World) -> int:
    from gonghui.contests.models import Quiz, QuizAttempt
    from gonghui.contests.quiz import services
    from gonghui.contests.quiz.tests import kit

    quiz = Quiz.objects.get(pk=_quiz(world))
    found = QuizAttempt.objects.filter(quiz=quiz).first()
    if found is not None:
        return found.pk
    _member, user = kit.member_with_account(world.child)
    attempt = services.attempt_start(actor=user, quiz=quiz)
    services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=kit.right_answers(attempt))
    return attempt.pk


RESOLVERS: dict[str, Any] = {
    "contests:quiz_detail:quiz_id": _quiz,
    "contests_portal:quiz_mine:quiz_id": _quiz,
    "contests_portal:quiz_start:quiz_id": _quiz,
    "contests_portal:quiz_attempt:attempt_id": _attempt,
    "v1:contests-quizzes-detail:pk": _quiz,
    "v1:contests-quiz-attempts-detail:pk": _attempt,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"contests_portal:quiz_home"}
LOCAL_ONLY: set[str] = set()
