"""Skill training: courses, enrolment with a capacity, attendance by sign-in, certificates.

- A course is drafted with its sessions (lessons with hours), opened for enrolment, then finished (certificates are
  issued) or cancelled.
- **Enrolment** is open to members of the course union's subtree until the enrolment deadline, while places are
  left. The place is taken under a row lock on the course (``select_for_update``): the count of enrolled members
  and the capacity are read and written in one transaction, so a rush of workers never overfills it; a partial
  unique constraint keeps one active place per member and course (a double click or a second device returns the
  place already held). A member may withdraw before the course starts; the place is freed.
- **Attendance**: per session, the desk scans the member card's live QR code (the card's signed, short-lived token,
  verified by ``members.cards``) or ticks the trainee on the list; once per session and trainee.
- **Certificates**: when the course is finished, every trainee whose attended hours reach the policy share
  (``contests.training_min_attendance``, default 80%) of the course's hours gets a certificate with the hours
  attended, a public number and a random token; the verification page shows the masked name, the course, the hours
  and the date, and whether it was revoked.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
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
from gonghui.contests.quiz.services import clean_text
from gonghui.members.cards.selectors import card_member_for_token
from gonghui.members.models import Member
from gonghui.members.roster.selectors import HOLDING, my_member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get

CERTIFICATE_SALT = "contests.training.certificate"


def require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_TRAINING, perm=MANAGE_TRAINING, unit=unit)


def _stale(message: str) -> ValidationError:
    return ValidationError(message, code="stale")


def _lock(course: Course) -> Course:
    return Course.objects.select_for_update(of=("self",)).select_related("unit").get(pk=course.pk)


# --- courses -------------------------------------------------------------------------------------------------------


def course_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    capacity: int,
    enrol_until: date,
    starts_on: date,
    ends_on: date,
    description: str = "",
    trade: str = "",
    venue: str = "",
) -> Course:
    require_manage(actor, unit)
    user = access.require_user(actor)
    title = clean_text(title, field="title", label=_("课程名称"), limit=120, required=True)
    trade = clean_text(trade, field="trade", label=_("工种或技能"), limit=60)
    venue = clean_text(venue, field="venue", label=_("培训地点"), limit=120)
    description = (description or "").replace("\x00", "").strip()[:4000]
    if not 1 <= capacity <= 10000:
        raise ValidationError({"capacity": _("名额须在 1 至 10000 之间。")}, code="capacity")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("结业日期不能早于开课日期。")}, code="dates")
    if enrol_until > starts_on:
        raise ValidationError({"enrol_until": _("报名截止不能晚于开课日期。")}, code="dates")
    with transaction.atomic():
        course = Course.objects.create(
            unit=unit,
            title=title,
            description=description,
            trade=trade,
            venue=venue,
            capacity=capacity,
            enrol_until=enrol_until,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=user,
        )
        audit_record(
            actor=actor,
            action="contests.course_create",
            target=course,
            target_repr=title,
            unit=unit,
            data={"capacity": capacity, "starts_on": starts_on.isoformat()},
        )
    return course


def session_add(*, actor: Actor, course: Course, title: str, starts_at: datetime, hours: Decimal) -> CourseSession:
    require_manage(actor, course.unit)
    title = clean_text(title, field="title", label=_("课次"), limit=120, required=True)
    if not Decimal("0.5") <= hours <= Decimal("24"):
        raise ValidationError({"hours": _("学时须在 0.5 至 24 之间。")}, code="hours")
    if not course.starts_on <= timezone.localdate(starts_at) <= course.ends_on:
        raise ValidationError({"starts_at": _("课次须在开课日期和结业日期之间。")}, code="dates")
    with transaction.atomic():
        locked = _lock(course)
        if locked.status in (CourseStatus.FINISHED, CourseStatus.CANCELLED):
            raise _stale(_("课程已结业或取消，不能再增加课次。"))
        session = CourseSession.objects.create(course=locked, title=title, starts_at=starts_at, hours=hours)
        audit_record(
            actor=actor,
            action="contests.course_session_add",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"session": session.pk, "hours": str(hours)},
        )
    return session


def course_open(*, actor: Actor, course: Course) -> Course:
    require_manage(actor, course.unit)
    with transaction.atomic():
        locked = _lock(course)
        if locked.status != CourseStatus.DRAFT:
            raise _stale(_("只有草稿状态的课程可以开放报名。"))
        if not CourseSession.objects.filter(course=locked).exists():
            raise ValidationError(_("请先添加课次。"), code="sessions")
        locked.status = CourseStatus.OPEN
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor, action="contests.course_open", target=locked, target_repr=locked.title, unit=locked.unit
        )
    return locked


def course_cancel(*, actor: Actor, course: Course, reason: str) -> Course:
    require_manage(actor, course.unit)
    reason = clean_text(reason, field="reason", label=_("取消原因"), limit=200, required=True)
    with transaction.atomic():
        locked = _lock(course)
        if locked.status not in (CourseStatus.DRAFT, CourseStatus.OPEN):
            raise _stale(_("课程已结业或已取消。"))
        locked.status = CourseStatus.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contests.course_cancel",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"reason": reason},
        )
    return locked


# --- enrolment -----------------------------------------------------------------------------------------------------


def _take_place(actor: Actor, course: Course, member: Member, *, today: date) -> TrainingEnrolment:
    user = access.require_user(actor)
    if member.status not in HOLDING or not member.unit.path.startswith(course.unit.path):
        raise ValidationError(_("只有本工会及下属工会的会员可以报名。"), code="scope")
    with transaction.atomic():
        locked = _lock(course)
        held = TrainingEnrolment.objects.filter(course=locked, member=member, status=EnrolmentStatus.ENROLLED).first()
        if held is not None:
            return held
        if locked.status != CourseStatus.OPEN or today > locked.enrol_until:
            raise ValidationError(_("课程不在报名期内。"), code="closed")
        if locked.enrolled_count >= locked.capacity:
            raise ValidationError(_("名额已满。"), code="full")
        enrolment = TrainingEnrolment.objects.create(course=locked, member=member, by=user)
        Course.objects.filter(pk=locked.pk).update(enrolled_count=F("enrolled_count") + 1)
        audit_record(
            actor=actor,
            action="contests.course_enrol",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"member": member.pk},
        )
    return enrolment


def enrol_self(*, actor: Actor, course: Course, today: date | None = None) -> TrainingEnrolment:
    """The signed-in member takes a place on ``course`` (idempotent: a second request returns the same place)."""
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    course = Course.objects.select_related("unit").get(pk=course.pk)
    if course.status == CourseStatus.DRAFT or not member.unit.path.startswith(course.unit.path):
        raise access.NotVisible
    try:
        return _take_place(actor, course, member, today=today or timezone.localdate())
    except IntegrityError:
        held = TrainingEnrolment.objects.filter(course=course, member=member, status=EnrolmentStatus.ENROLLED).first()
        if held is None:
            raise
        return held


def enrol_member(*, actor: Actor, course: Course, member: Member, today: date | None = None) -> TrainingEnrolment:
    """The union enrols a member on ``course`` (the same capacity and deadline as a worker's own enrolment)."""
    require_manage(actor, course.unit)
    return _take_place(actor, course, member, today=today or timezone.localdate())


def enrol_cancel(*, actor: Actor, enrolment: TrainingEnrolment, today: date | None = None) -> TrainingEnrolment:
    """The trainee withdraws (or the union withdraws them) before the course starts; the place is freed."""
    course = enrolment.course
    member = my_member(actor=actor)
    own = member is not None and member.pk == enrolment.member_id
    if not own:
        require_manage(actor, course.unit)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(course)
        row = TrainingEnrolment.objects.select_for_update().get(pk=enrolment.pk)
        if row.status != EnrolmentStatus.ENROLLED:
            return row
        if locked.status != CourseStatus.OPEN or today >= locked.starts_on:
            raise ValidationError(_("课程已开课，不能退出。"), code="started")
        row.status, row.cancelled_at = EnrolmentStatus.CANCELLED, timezone.now()
        row.save(update_fields=["status", "cancelled_at"])
        Course.objects.filter(pk=locked.pk).update(enrolled_count=F("enrolled_count") - 1)
        audit_record(
            actor=actor,
            action="contests.course_enrol_cancel",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"member": row.member_id, "self": own},
        )
    return row


# --- attendance ----------------------------------------------------------------------------------------------------


def _sign(actor: Actor, session: CourseSession, enrolment: TrainingEnrolment, method: str) -> TrainingAttendance:
    user = access.require_user(actor)
    course = session.course
    with transaction.atomic():
        locked = _lock(course)
        if locked.status != CourseStatus.OPEN:
            raise _stale(_("只有进行中的课程可以签到。"))
        if enrolment.course_id != locked.pk or enrolment.status != EnrolmentStatus.ENROLLED:
            raise ValidationError(_("不是本课程的学员。"), code="not_enrolled")
        existing = TrainingAttendance.objects.filter(session=session, enrolment=enrolment).first()
        if existing is not None:
            return existing
        attendance = TrainingAttendance.objects.create(session=session, enrolment=enrolment, method=method, by=user)
        audit_record(
            actor=actor,
            action="contests.training_attendance_sign",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"session": session.pk, "member": enrolment.member_id, "method": method},
        )
    return attendance


def attendance_sign(*, actor: Actor, session: CourseSession, enrolment: TrainingEnrolment) -> TrainingAttendance:
    """Ticked on the list by the desk (idempotent)."""
    require_manage(actor, session.course.unit)
    return _sign(actor, session, enrolment, "list")


def attendance_by_code(*, actor: Actor, session: CourseSession, code: str) -> TrainingAttendance:
    """Signed in by the member card's live QR code (scanned or pasted: the code or its verification address)."""
    require_manage(actor, session.course.unit)
    token = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    member = card_member_for_token(token=token)
    if member is None:
        raise ValidationError({"code": _("会员证二维码无效、已过期或已作废，请刷新后重新出示。")}, code="card")
    enrolment = TrainingEnrolment.objects.filter(
        course_id=session.course_id, member=member, status=EnrolmentStatus.ENROLLED
    ).first()
    if enrolment is None:
        raise ValidationError({"code": _("持证人没有报名本课程。")}, code="not_enrolled")
    return _sign(actor, session, enrolment, "qr")


def attended_hours(enrolment: TrainingEnrolment) -> Decimal:
    total = TrainingAttendance.objects.filter(enrolment=enrolment).aggregate(h=Sum("session__hours"))["h"]
    return Decimal(total or 0)


def course_hours(course: Course) -> Decimal:
    return Decimal(CourseSession.objects.filter(course=course).aggregate(h=Sum("hours"))["h"] or 0)


def qualifies(attended: Decimal, total: Decimal, share: Decimal) -> bool:
    """Whether ``attended`` hours reach ``share`` of ``total`` (a course without hours gives nobody a certificate)."""
    return total > 0 and attended >= total * share


# --- certificates --------------------------------------------------------------------------------------------------


def _number(year: int) -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"PX{year}-" + "".join(secrets.choice(alphabet) for _i in range(8))


def course_finish(*, actor: Actor, course: Course, today: date | None = None) -> list[TrainingCertificate]:
    """The course ends: certificates for every trainee whose attended hours reach the policy share of the course's
    hours (the share and its record are kept on each certificate)."""
    require_manage(actor, course.unit)
    user = access.require_user(actor)
    today = today or timezone.localdate()
    issued: list[TrainingCertificate] = []
    with transaction.atomic():
        locked = _lock(course)
        if locked.status != CourseStatus.OPEN:
            raise _stale(_("只有进行中的课程可以结业。"))
        if today < locked.ends_on:
            raise ValidationError(_("结业日期之后方可结业发证。"), code="early")
        share = policy_get("contests.training_min_attendance", locked.unit, on=today)
        total = course_hours(locked)
        rows = (
            TrainingEnrolment.objects.filter(course=locked, status=EnrolmentStatus.ENROLLED)
            .annotate(h=Sum("attendance__session__hours"))
            .order_by("pk")
        )
        for enrolment in rows:
            hours = Decimal(enrolment.h or 0)
            if not qualifies(hours, total, Decimal(share.value)):
                continue
            issued.append(
                TrainingCertificate.objects.create(
                    enrolment=enrolment,
                    number=_number(today.year),
                    hours=hours,
                    issued_on=today,
                    issued_by=user,
                    policy_record_ids=[share.record.pk] if share.record is not None else [],
                )
            )
        locked.status = CourseStatus.FINISHED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contests.course_finish",
            target=locked,
            target_repr=locked.title,
            unit=locked.unit,
            data={"certificates": len(issued), "hours": str(total), "share": str(share.value)},
        )
    return issued


def certificate_revoke(*, actor: Actor, certificate: TrainingCertificate, reason: str) -> TrainingCertificate:
    course = certificate.enrolment.course
    require_manage(actor, course.unit)
    reason = clean_text(reason, field="reason", label=_("作废原因"), limit=200, required=True)
    with transaction.atomic():
        locked = TrainingCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at, locked.revoked_reason = timezone.now(), reason
        locked.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            action="contests.certificate_revoke",
            target=locked,
            target_repr=locked.number,
            unit=course.unit,
            data={"reason": reason},
        )
    return locked


def certificate_token(certificate: TrainingCertificate) -> str:
    """The signed token of the certificate's verification address (Django's signing: HMAC with the site key)."""
    return signing.dumps(certificate.token.hex, salt=CERTIFICATE_SALT)


def certificate_for_token(token: str) -> TrainingCertificate | None:
    try:
        value = signing.loads((token or "")[:200], salt=CERTIFICATE_SALT)
    except signing.BadSignature:
        return None
    import uuid

    try:
        key = uuid.UUID(hex=str(value))
    except ValueError:
        return None
    return (
        TrainingCertificate.objects.select_related("enrolment__member", "enrolment__course__unit")
        .filter(token=key)
        .first()
    )
