"""On PostgreSQL: a member's answer submitted from two devices at once is recorded once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.worker_services.models import SurveyParticipation, SurveyResponse
from gonghui.worker_services.surveys import services
from gonghui.worker_services.surveys.tests import kit as k


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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serializes them anyway")
    survey = k.survey(world.child)
    _member, user = k.member_with_account(world.child)
    outcomes = race(
        *(
            lambda s=s: services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, single=s))
            for s in (0, 1, 2, 0)
        )
    )
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["answered", "answered", "answered"]
    assert SurveyParticipation.objects.filter(survey=survey).count() == 1
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
