"""Quiz and training statistics: participation and scores, places, certificates and hours per person, for the
actor's subtree only; the page and the audited .xlsx with masked names."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, login
from gonghui.contests.models import CourseSession
from gonghui.contests.permissions import MANAGE_TRAINING, VIEW_QUIZ, VIEW_TRAINING
from gonghui.contests.quiz import services as quiz_services
from gonghui.contests.quiz.tests import kit as qk
from gonghui.contests.stats import selectors
from gonghui.contests.training import services as training_services
from gonghui.contests.training.tests import kit as tk

pytestmark = pytest.mark.django_db


def _data(world):
    quiz = qk.quiz(world.target, paper_size=4, title=f"统计竞赛{CANARY}")
    for answers in (qk.right_answers, qk.wrong_answers):
        _m, user = qk.member_with_account(world.child)
        attempt = quiz_services.attempt_start(actor=user, quiz=quiz)
        quiz_services.attempt_submit(actor=user, attempt_id=attempt.pk, answers=answers(attempt))
    course = tk.course(world.target, sessions=2, hours="3")
    staff = world.staff("st", world.target, [VIEW_TRAINING, MANAGE_TRAINING])
    member, user = tk.member_with_account(world.child, name=f"李{CANARY}")
    place = training_services.enrol_self(actor=user, course=course)
    for session in CourseSession.objects.filter(course=course):
        training_services.attendance_sign(actor=staff, session=session, enrolment=place)
    return quiz, course, member


def test_figures_for_the_subtree(world):
    quiz, course, member = _data(world)
    year = timezone.localdate().year
    mine = selectors.contest_stats(actor=world.actor("same_with", VIEW_QUIZ), year=year)
    [line] = mine.quizzes
    assert (line.participants, line.attempts, line.full_marks, line.average) == (2, 2, 1, Decimal("50.0"))
    session_year = CourseSession.objects.filter(course=course).earliest("starts_at").starts_at.year
    training = selectors.contest_stats(actor=world.actor("same_with", VIEW_QUIZ), year=session_year)
    assert (training.places, training.trainees, training.hours) == (1, 1, Decimal("6.0"))
    assert training.people[0].member_no == member.member_no
    assert "*" in training.people[0].name
    sibling = selectors.contest_stats(actor=world.actor("sibling", VIEW_QUIZ), year=year)
    assert sibling.quizzes == []
    assert sibling.hours == Decimal("0")


def test_page_and_audited_export(world):
    _data(world)
    staff = login(Client(), world.actor("same_with", VIEW_QUIZ))
    assert staff.get(reverse("contests:stats")).status_code == 200
    response = staff.get(reverse("contests:stats_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert f"李{CANARY}" not in text
    assert AuditEvent.objects.filter(action="contests.stats_export").count() == 1
    assert login(Client(), world.member).get(reverse("contests:stats")).status_code in (302, 403)
    sibling = login(Client(), world.actor("sibling", VIEW_QUIZ)).get(reverse("contests:stats"))
    assert CANARY not in sibling.content.decode()
