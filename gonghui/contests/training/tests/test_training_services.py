"""Training services: courses and sessions, enrolment within capacity and deadline (idempotent, withdraw frees the
place), sign-in by the member card's QR code or the list, certificates for the trainees who attended the policy
share of the hours, the public verification by signed token or number, and the authorization matrix."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.contests.models import (
    Course,
    CourseSession,
    CourseStatus,
    EnrolmentStatus,
    TrainingAttendance,
    TrainingCertificate,
    TrainingEnrolment,
)
from gonghui.contests.permissions import MANAGE_TRAINING, VIEW_TRAINING
from gonghui.contests.training import selectors, services
from gonghui.contests.training.tests import kit as k

pytestmark = pytest.mark.django_db


def clerk(world, unit=None):
    return world.staff("tc", unit or world.target, [VIEW_TRAINING, MANAGE_TRAINING])


def test_course_from_draft_to_certificates(world):
    staff = clerk(world)
    today = timezone.localdate()
    course = services.course_create(
        actor=staff,
        unit=world.target,
        title="焊工技能提升班",
        capacity=3,
        enrol_until=today,
        starts_on=today,
        ends_on=today,
        trade="焊工",
    )
    with pytest.raises(ValidationError) as error:
        services.course_open(actor=staff, course=course)
    assert error.value.code == "sessions"
    now = timezone.now()
    first = services.session_add(actor=staff, course=course, title="理论", starts_at=now, hours=Decimal("4"))
    second = services.session_add(actor=staff, course=course, title="实操", starts_at=now, hours=Decimal("4"))
    services.course_open(actor=staff, course=course)
    trainees = [k.member_with_account(world.child) for _i in range(3)]
    enrolments = [services.enrol_self(actor=user, course=course) for _m, user in trainees]
    assert services.enrol_self(actor=trainees[0][1], course=course).pk == enrolments[0].pk  # a second tap: same place
    assert Course.objects.get(pk=course.pk).enrolled_count == 3
    for enrolment in enrolments:
        services.attendance_sign(actor=staff, session=first, enrolment=enrolment)
    services.attendance_sign(actor=staff, session=second, enrolment=enrolments[0])
    services.attendance_sign(actor=staff, session=second, enrolment=enrolments[0])  # a second tick: nothing new
    assert TrainingAttendance.objects.count() == 4
    issued = services.course_finish(actor=staff, course=course)
    # 8 hours; 80% is 6.4: only the trainee who attended both sessions qualifies
    assert [(c.enrolment_id, c.hours) for c in issued] == [(enrolments[0].pk, Decimal("8.0"))]
    assert Course.objects.get(pk=course.pk).status == CourseStatus.FINISHED
    cert = issued[0]
    check = selectors.certificate_check(token=services.certificate_token(cert))
    assert (check.state, check.course, check.hours) == ("valid", "焊工技能提升班", Decimal("8.0"))
    assert "*" in check.masked_name
    assert selectors.certificate_check_number(number=cert.number.lower()).state == "valid"
    services.certificate_revoke(actor=staff, certificate=cert, reason="信息有误")
    assert selectors.certificate_check(token=services.certificate_token(cert)).state == "revoked"


def test_forged_or_unknown_certificates_are_invalid(world):
    assert selectors.certificate_check(token="forged").state == "invalid"
    assert selectors.certificate_check(token="").state == "invalid"
    assert selectors.certificate_check_number(number="PX2026-NOPE").state == "invalid"
    from django.core import signing

    other = signing.dumps("0" * 32, salt="another.purpose")
    assert selectors.certificate_check(token=other).state == "invalid"


def test_capacity_deadline_and_scope(world):
    course = k.course(world.target, capacity=2)
    (_a, ua), (_b, ub), (_c, uc) = (k.member_with_account(world.child) for _i in range(3))
    services.enrol_self(actor=ua, course=course)
    services.enrol_self(actor=ub, course=course)
    with pytest.raises(ValidationError) as error:
        services.enrol_self(actor=uc, course=course)
    assert error.value.code == "full"
    place = TrainingEnrolment.objects.get(course=course, member__user=ub)
    services.enrol_cancel(actor=ub, enrolment=place)
    assert services.enrol_self(actor=uc, course=course).status == EnrolmentStatus.ENROLLED
    assert Course.objects.get(pk=course.pk).enrolled_count == 2
    late = timezone.localdate() + timedelta(days=5)
    _d, ud = k.member_with_account(world.child)
    with pytest.raises(ValidationError) as error:
        services.enrol_self(actor=ud, course=k.course(world.target), today=late)
    assert error.value.code == "closed"
    _e, outsider = k.member_with_account(world.sibling)
    with pytest.raises(access.NotVisible):
        services.enrol_self(actor=outsider, course=course)
    with pytest.raises(access.NotVisible):
        services.enrol_self(actor=world.member, course=course)


def test_withdrawing_after_the_start_is_refused(world):
    course = k.course(world.target, starts_in=0)
    _m, user = k.member_with_account(world.child)
    place = services.enrol_self(actor=user, course=course)
    with pytest.raises(ValidationError) as error:
        services.enrol_cancel(actor=user, enrolment=place)
    assert error.value.code == "started"


def test_sign_in_by_the_member_card_qr_code(world):
    from gonghui.members.cards.selectors import card_qr_token
    from gonghui.members.cards.services import card_issue_for

    staff = clerk(world)
    course = k.course(world.target)
    member, user = k.member_with_account(world.child)
    services.enrol_self(actor=user, course=course)
    session = CourseSession.objects.filter(course=course).first()
    assert session is not None
    token = card_qr_token(card=card_issue_for(member, actor=None))
    attendance = services.attendance_by_code(actor=staff, session=session, code=f"https://example.org/verify/{token}/")
    assert attendance.method == "qr"
    with pytest.raises(ValidationError):
        services.attendance_by_code(actor=staff, session=session, code="forged")
    stranger, _u = k.member_with_account(world.child)
    other = card_qr_token(card=card_issue_for(stranger, actor=None))
    with pytest.raises(ValidationError) as error:
        services.attendance_by_code(actor=staff, session=session, code=other)
    assert "没有报名" in str(error.value)


def test_training_hours_per_person(world):
    staff = clerk(world)
    course = k.course(world.target, sessions=3, hours="1.5")
    member, user = k.member_with_account(world.child)
    place = services.enrol_self(actor=user, course=course)
    for session in CourseSession.objects.filter(course=course)[:2]:
        services.attendance_sign(actor=staff, session=session, enrolment=place)
    assert services.attended_hours(place) == Decimal("3.0")
    year = CourseSession.objects.filter(course=course).earliest("starts_at").starts_at.year
    assert selectors.my_hours(actor=user, year=year) == Decimal("3.0")
    assert selectors.my_course(actor=user, course_id=course.pk).hours == Decimal("3.0")


@given(
    st.lists(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("8"), places=1), min_size=1, max_size=6),
    st.data(),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=2),
)
def test_certificate_share_rule(hours, data, share):
    attended = [h for h in hours if data.draw(st.booleans())]
    total, got = sum(hours, Decimal("0")), sum(attended, Decimal("0"))
    # Reference: the attended hours are at least ``share`` of all the hours (``share`` 0 → everyone qualifies).
    assert services.qualifies(got, total, share) is (got * 1 >= total * share)


def test_course_finish_before_the_end_is_refused(world):
    staff = clerk(world)
    course = k.course(world.target, starts_in=3)
    with pytest.raises(ValidationError) as error:
        services.course_finish(actor=staff, course=course)
    assert error.value.code == "early"
    assert not TrainingCertificate.objects.exists()


# --- the authorization matrix --------------------------------------------------------------------------------------


def test_course_create_matrix(world):
    today = timezone.localdate()
    service_matrix(
        world,
        MANAGE_TRAINING,
        act=lambda actor, w: services.course_create(
            actor=actor, unit=w.target, title="矩阵课程", capacity=5, enrol_until=today, starts_on=today, ends_on=today
        ),
        state=lambda w: Course.objects.count(),
        view_perm=VIEW_TRAINING,
    )


def test_course_actions_matrix(world):
    course = k.course(world.target, status=CourseStatus.DRAFT)
    service_matrix(
        world,
        MANAGE_TRAINING,
        act=lambda actor, w: services.course_open(actor=actor, course=course),
        state=lambda w: Course.objects.get(pk=course.pk).status,
        view_perm=VIEW_TRAINING,
    )
    service_matrix(
        world,
        MANAGE_TRAINING,
        act=lambda actor, w: services.session_add(
            actor=actor, course=course, title="加课", starts_at=timezone.now() + timedelta(days=3), hours=Decimal("2")
        ),
        state=lambda w: CourseSession.objects.count(),
        view_perm=VIEW_TRAINING,
    )
    open_course = k.course(world.target)
    member, _user = k.member_with_account(world.child)
    service_matrix(
        world,
        MANAGE_TRAINING,
        act=lambda actor, w: services.enrol_member(actor=actor, course=open_course, member=member),
        state=lambda w: TrainingEnrolment.objects.count(),
        view_perm=VIEW_TRAINING,
    )
    place = services.enrol_member(actor=clerk(world), course=open_course, member=member)
    session = CourseSession.objects.filter(course=open_course).earliest("starts_at")
    service_matrix(
        world,
        MANAGE_TRAINING,
        act=lambda actor, w: services.attendance_sign(actor=actor, session=session, enrolment=place),
        state=lambda w: TrainingAttendance.objects.count(),
        view_perm=VIEW_TRAINING,
    )
    events = AuditEvent.objects.count()
    assert events > 0
