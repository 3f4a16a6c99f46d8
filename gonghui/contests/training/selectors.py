"""Reads of skill training: courses scoped by ``contests.view_training``; a member's courses, places and
certificates; the public verification of a certificate (masked name, course, hours, date only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.contests.models import (
    Course,
    CourseSession,
    CourseStatus,
    EnrolmentStatus,
    TrainingAttendance,
    TrainingCertificate,
    TrainingEnrolment,
)
from gonghui.contests.permissions import VIEW_TRAINING
from gonghui.contests.training.services import certificate_for_token
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

COURSE_SORTS = {"-starts": "-starts_on", "starts": "starts_on", "title": "title", "-title": "-title"}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def course_list(*, actor: Actor, status: str = "", q: str = "") -> QuerySet[Course]:
    qs = access.scope(Course.objects.all(), actor, VIEW_TRAINING).select_related("unit")
    if status in CourseStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(trade__contains=q))
    return qs.order_by("-starts_on", "-pk")


def course_get(*, actor: Actor, course_id: object) -> Course:
    course = Course.objects.select_related("unit").filter(pk=_pk(course_id)).first()
    if course is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_TRAINING, course.unit)
    return course


def sessions(course: Course) -> list[CourseSession]:
    return list(
        CourseSession.objects.filter(course=course).annotate(present=Count("attendance")).order_by("starts_at", "pk")
    )


def session_get(course: Course, session_id: object) -> CourseSession:
    session = CourseSession.objects.filter(course=course, pk=_pk(session_id)).first()
    if session is None:
        raise access.NotVisible
    session.course = course
    return session


@dataclass(frozen=True)
class Trainee:
    enrolment: TrainingEnrolment
    hours: Decimal
    certificate: TrainingCertificate | None


def trainees(course: Course) -> list[Trainee]:
    rows = (
        TrainingEnrolment.objects.filter(course=course)
        .select_related("member", "member__unit")
        .annotate(h=Sum("attendance__session__hours"))
        .order_by("status", "pk")
    )
    certs = {c.enrolment_id: c for c in TrainingCertificate.objects.filter(enrolment__course=course)}
    return [Trainee(enrolment=e, hours=Decimal(e.h or 0), certificate=certs.get(e.pk)) for e in rows]


def enrolment_get(course: Course, enrolment_id: object) -> TrainingEnrolment:
    enrolment = TrainingEnrolment.objects.select_related("member").filter(course=course, pk=_pk(enrolment_id)).first()
    if enrolment is None:
        raise access.NotVisible
    enrolment.course = course
    return enrolment


def attendance_rows(session: CourseSession) -> list[tuple[TrainingEnrolment, TrainingAttendance | None]]:
    signed = {a.enrolment_id: a for a in TrainingAttendance.objects.filter(session=session)}
    rows = (
        TrainingEnrolment.objects.filter(course_id=session.course_id, status=EnrolmentStatus.ENROLLED)
        .select_related("member")
        .order_by("pk")
    )
    return [(e, signed.get(e.pk)) for e in rows]


def certificate_get(*, actor: Actor, certificate_id: object) -> TrainingCertificate:
    cert = (
        TrainingCertificate.objects.select_related("enrolment__member", "enrolment__course__unit")
        .filter(pk=_pk(certificate_id))
        .first()
    )
    if cert is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_TRAINING, cert.enrolment.course.unit)
    return cert


# --- the member ----------------------------------------------------------------------------------------------------


@dataclass
class MyCourse:
    course: Course
    enrolment: TrainingEnrolment | None
    hours: Decimal
    certificate: TrainingCertificate | None

    @property
    def places_left(self) -> int:
        return max(0, self.course.capacity - self.course.enrolled_count)


def my_courses(*, actor: Actor) -> list[MyCourse]:
    """Courses of the member's union and its ancestors (open, finished), with the member's place, hours attended and
    certificate."""
    member = my_member(actor=actor)
    if member is None:
        return []
    paths = [member.unit.path[:i] for i in range(OrgUnit.steplen, len(member.unit.path) + 1, OrgUnit.steplen)]
    courses = list(
        Course.objects.filter(unit__path__in=paths, status__in=[CourseStatus.OPEN, CourseStatus.FINISHED])
        .select_related("unit")
        .order_by("-starts_on", "-pk")[:50]
    )
    places = {
        e.course_id: e
        for e in TrainingEnrolment.objects.filter(
            course__in=courses, member=member, status=EnrolmentStatus.ENROLLED
        ).annotate(h=Sum("attendance__session__hours"))
    }
    certs = {c.enrolment_id: c for c in TrainingCertificate.objects.filter(enrolment__in=list(places.values()))}
    out = []
    for course in courses:
        place = places.get(course.pk)
        out.append(
            MyCourse(
                course=course,
                enrolment=place,
                hours=Decimal(getattr(place, "h", None) or 0),
                certificate=certs.get(place.pk) if place else None,
            )
        )
    return out


def my_course(*, actor: Actor, course_id: object) -> MyCourse:
    pk = _pk(course_id)
    for found in my_courses(actor=actor):
        if found.course.pk == pk:
            return found
    raise access.NotVisible


def my_hours(*, actor: Actor, year: int) -> Decimal:
    member = my_member(actor=actor)
    if member is None:
        return Decimal("0")
    total = TrainingAttendance.objects.filter(enrolment__member=member, session__starts_at__year=year).aggregate(
        h=Sum("session__hours")
    )["h"]
    return Decimal(total or 0)


@dataclass(frozen=True)
class CertificateCheck:
    state: str  # "valid", "revoked", "invalid"
    number: str = ""
    masked_name: str = ""
    course: str = ""
    union: str = ""
    hours: Decimal = Decimal("0")
    issued_on: date | None = None


def _check(cert: TrainingCertificate | None) -> CertificateCheck:
    if cert is None:
        return CertificateCheck(state="invalid")
    course = cert.enrolment.course
    return CertificateCheck(
        state="revoked" if cert.revoked_at is not None else "valid",
        number=cert.number,
        masked_name=mask_name(cert.enrolment.member.name),
        course=course.title,
        union=course.unit.display_name,
        hours=cert.hours,
        issued_on=cert.issued_on,
    )


def certificate_check(*, token: str) -> CertificateCheck:
    """Public: the certificate behind a signed token (a forged token is just "invalid")."""
    return _check(certificate_for_token(token))


def certificate_check_number(*, number: str) -> CertificateCheck:
    """Public: the certificate with this number (numbers carry a random part, so they cannot be guessed in turn)."""
    text = (number or "").strip().upper()[:24]
    if not text:
        return CertificateCheck(state="invalid")
    cert = (
        TrainingCertificate.objects.select_related("enrolment__member", "enrolment__course__unit")
        .filter(number=text)
        .first()
    )
    return _check(cert)
