"""Training pages: the console course page and sign-in desk (matrix), the worker's enrolment on the portal, the
certificate page with its QR code, and the public verification page that shows only a masked name, the course,
the hours and the date."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.contests.models import CourseSession, TrainingAttendance, TrainingCertificate, TrainingEnrolment
from gonghui.contests.permissions import MANAGE_TRAINING, VIEW_TRAINING
from gonghui.contests.training import services
from gonghui.contests.training.tests import kit as k

pytestmark = pytest.mark.django_db


def test_console_pages_matrix(world):
    course = k.course(world.target, title=f"课程{CANARY}")
    session = CourseSession.objects.filter(course=course).first()
    assert session is not None
    http_matrix(world, VIEW_TRAINING, "get", reverse("contests:course_detail", args=[course.pk]))
    http_matrix(world, VIEW_TRAINING, "get", reverse("contests:course_sign_in", args=[course.pk, session.pk]))
    member, _user = k.member_with_account(world.child)
    http_matrix(
        world,
        MANAGE_TRAINING,
        "post",
        reverse("contests:course_detail", args=[course.pk]),
        data={"action": "enrol", "member_no": member.member_no},
        state=lambda w: TrainingEnrolment.objects.count(),
    )
    sibling = login(Client(), world.actor("sibling", VIEW_TRAINING)).get(reverse("contests:course_list"))
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()


def test_worker_enrols_on_the_portal_and_sees_the_certificate(world, django_assert_max_num_queries):
    course = k.course(world.target, sessions=1)
    member, user = k.member_with_account(world.child, name="王小明")
    client = login(Client(), user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("contests_portal:course_home")).status_code == 200
    url = reverse("contests_portal:course_mine", args=[course.pk])
    client.post(url, {"action": "enrol"})
    client.post(url, {"action": "enrol"})  # a second tap: the same place
    assert TrainingEnrolment.objects.filter(member=member).count() == 1
    assert 'id="enrolled"' in client.get(url).content.decode()
    staff = world.staff("tv", world.target, [VIEW_TRAINING, MANAGE_TRAINING])
    session = CourseSession.objects.get(course=course)
    place = TrainingEnrolment.objects.get(member=member)
    services.attendance_sign(actor=staff, session=session, enrolment=place)
    assert TrainingAttendance.objects.count() == 1
    services.course_finish(actor=staff, course=course, today=course.ends_on)
    cert = TrainingCertificate.objects.get()
    page = client.get(reverse("contests_portal:certificate_mine", args=[course.pk])).content.decode()
    assert cert.number in page
    assert "<svg" in page
    token = services.certificate_token(cert)
    public = Client().get(reverse("contests_portal:certificate_verify", args=[token]))
    text = public.content.decode()
    assert public.status_code == 200
    assert "王*明" in text
    assert "王小明" not in text
    assert member.member_no not in text
    assert str(Decimal("2.0")) in text
    assert Client().get(reverse("contests_portal:certificate_verify", args=["forged"])).status_code == 404
    found = Client().get(reverse("contests_portal:certificate_lookup"), {"number": cert.number}).content.decode()
    assert 'data-state="valid"' in found
    other = login(Client(), k.member_with_account(world.child)[1])
    assert other.get(reverse("contests_portal:certificate_mine", args=[course.pk])).status_code == 404


def test_course_list_and_api_query_counts(world, django_assert_max_num_queries):
    for _i in range(5):
        k.course(world.target)
    staff = login(Client(), world.actor("same_with", VIEW_TRAINING))
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("contests:course_list")).status_code == 200
    with django_assert_max_num_queries(10):
        data = staff.get("/api/v1/contests/courses/").json()
    assert len(data["results"]) == 5
    assert len(data["results"][0]["sessions"]) == 3
    assert timezone.localdate().isoformat() <= data["results"][0]["starts_on"]
