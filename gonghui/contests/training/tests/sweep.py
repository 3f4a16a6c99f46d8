"""URL sweep resolvers of skill training: an open course of ``world.child`` (CANARY in its title) with a session;
the public verification pages get a certificate of a finished course of the city (whose page shows no CANARY: the
public sees a masked name, the course and the issuing union only)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _course(world: World) -> int:
    from gonghui.contests.models import Course
    from gonghui.contests.training.tests import kit

    found = Course.objects.filter(unit=world.child, title__startswith="扫描课程").first()
    if found is not None:
        return found.pk
    return kit.course(world.child, title=f"扫描课程{CANARY}").pk


def _session(world: World) -> int:
    from gonghui.contests.models import CourseSession

    return CourseSession.objects.filter(course_id=_course(world)).order_by("pk").values_list("pk", flat=True)[0]


def _token(world: World) -> str:
    from gonghui.contests.models import EnrolmentStatus, TrainingCertificate, TrainingEnrolment
    from gonghui.contests.training import services
    from gonghui.contests.training.tests import kit

    cert = TrainingCertificate.objects.filter(enrolment__course__unit=world.city).first()
    if cert is None:
        course = kit.course(world.city, title="扫描结业课程", sessions=1)
        member, user = kit.member_with_account(world.city)
        enrolment = TrainingEnrolment.objects.create(
            course=course, member=member, by=user, status=EnrolmentStatus.ENROLLED
        )
        cert = TrainingCertificate.objects.create(
            enrolment=enrolment, number="PX2026-SWEEP001", hours=2, issued_on=course.ends_on, issued_by=user
        )
    return services.certificate_token(cert)


RESOLVERS: dict[str, Any] = {
    "contests:course_detail:course_id": _course,
    "contests:course_sign_in:course_id": _course,
    "contests:course_sign_in:session_id": _session,
    "contests_portal:course_mine:course_id": _course,
    "contests_portal:certificate_mine:course_id": _course,
    "contests_portal:certificate_verify:token": _token,
    "v1:contests-courses-detail:pk": _course,
}
PUBLIC: set[str] = {"contests_portal:certificate_lookup", "contests_portal:certificate_verify"}
SIGNED_IN: set[str] = {"contests_portal:course_home"}
LOCAL_ONLY: set[str] = set()
