"""The demo's skill training: a finished course with certificates (the demo worker holds one), a running course
with sign-ins, an upcoming course open for enrolment; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.contests.models import Course, CourseStatus, TrainingAttendance, TrainingCertificate
from gonghui.contests.training import demo
from gonghui.contests.training.selectors import certificate_check
from gonghui.contests.training.services import certificate_token
from gonghui.demo import data
from gonghui.demo.seed import world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_courses_at_every_state():
    finished = Course.objects.get(title=demo.FINISHED)
    assert finished.status == CourseStatus.FINISHED
    certs = TrainingCertificate.objects.filter(enrolment__course=finished)
    assert certs.count() == 4  # one of the five attended one lesson of three
    mine = certs.get(enrolment__member__phone=data.DEMO_WORKER_PHONE)
    check = certificate_check(token=certificate_token(mine))
    assert (check.state, check.course) == ("valid", demo.FINISHED)
    running = Course.objects.get(title=demo.RUNNING)
    assert TrainingAttendance.objects.filter(session__course=running).count() == 8
    upcoming = Course.objects.get(title=demo.UPCOMING)
    assert upcoming.status == CourseStatus.OPEN
    assert upcoming.enrolled_count < upcoming.capacity
    count = TrainingAttendance.objects.count()
    demo.seed(world())
    assert TrainingAttendance.objects.count() == count
    assert Course.objects.filter(title=demo.FINISHED).count() == 1
