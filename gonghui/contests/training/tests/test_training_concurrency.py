"""On PostgreSQL: a rush of workers on the last places of a course never overfills it (the row lock on the
course), and one worker tapping "enrol" on two devices holds one place."""

from __future__ import annotations

import pytest

from gonghui.contests.models import Course, EnrolmentStatus, TrainingEnrolment
from gonghui.contests.quiz.tests.test_quiz_concurrency import race, skip_unless_postgres
from gonghui.contests.training import services
from gonghui.contests.training.tests import kit as k


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rush_on_the_last_places_never_overfills(world):
    skip_unless_postgres()
    course = k.course(world.target, capacity=2)
    users = [k.member_with_account(world.child)[1] for _i in range(6)]
    outcomes = race(*(lambda u=u: services.enrol_self(actor=u, course=course) for u in users))
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["full"] * 4
    assert TrainingEnrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count() == 2
    assert Course.objects.get(pk=course.pk).enrolled_count == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_devices_one_place(world):
    skip_unless_postgres()
    course = k.course(world.target, capacity=5)
    _m, user = k.member_with_account(world.child)
    outcomes = race(*(lambda: services.enrol_self(actor=user, course=course) for _i in range(3)))
    assert len({getattr(o, "pk", o) for o in outcomes}) == 1
    assert Course.objects.get(pk=course.pk).enrolled_count == 1
