"""On PostgreSQL: two devices starting the same quiz at once get one open attempt (the partial unique constraint),
and a paper handed in from two devices at once is scored once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.contests.models import AttemptStatus, QuizAttempt, QuizResult
from gonghui.contests.quiz import services
from gonghui.contests.quiz.tests import kit as k


def race(*calls: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result: object = call()
        except ValidationError as exc:
            result = exc.code or "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serializes them anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_starting_at_once_on_two_devices_opens_one_attempt(world):
    skip_unless_postgres()
    kit = k.quiz_kit(world.child, members=1)
    _member, user = kit.members[0]
    outcomes = race(*(lambda: services.attempt_start(actor=user, quiz=kit.quiz) for _i in range(4)))
    ids = {getattr(o, "pk", o) for o in outcomes}
    assert len(ids) == 1
    assert QuizAttempt.objects.filter(quiz=kit.quiz).count() == 1
    assert QuizAttempt.objects.get(quiz=kit.quiz).status == AttemptStatus.OPEN


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_handing_in_at_once_scores_once(world):
    skip_unless_postgres()
    kit = k.quiz_kit(world.child, members=1)
    member, user = kit.members[0]
    attempt = services.attempt_start(actor=user, quiz=kit.quiz)
    right, wrong = k.right_answers(attempt), k.wrong_answers(attempt)
    outcomes = race(
        *(
            lambda a=a: services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=a)
            for a in (right, wrong, right, wrong)
        )
    )
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["submitted", "submitted", "submitted"]
    assert sum(1 for o in outcomes if isinstance(o, QuizAttempt)) == 1
    result = QuizResult.objects.get(quiz=kit.quiz, member=member)
    assert result.attempts == 1
