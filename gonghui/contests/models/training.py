"""Skill training (职工技能培训): courses, enrolment, attendance and certificates.

- ``Course``: a union's course with its capacity, enrolment deadline and dates; draft → open (enrolment) →
  finished (certificates) or cancelled.
- ``CourseSession``: one lesson with its time and hours; attendance is signed per session.
- ``TrainingEnrolment``: a member's place on a course (at most one active place per member and course; the
  capacity is held by a row lock on the course).
- ``TrainingAttendance``: a sign-in to a session (the member card's live QR code at the desk, or the list), once.
- ``TrainingCertificate``: the certificate of a finished course, with the hours attended; a public number and a
  random token for its verification page; revocable.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Course",
    "CourseSession",
    "CourseStatus",
    "EnrolmentStatus",
    "TrainingAttendance",
    "TrainingCertificate",
    "TrainingEnrolment",
]


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("报名中")
    FINISHED = "finished", _("已结业")
    CANCELLED = "cancelled", _("已取消")


class Course(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("课程名称"), max_length=120)
    description = models.TextField(_("课程介绍"), blank=True)
    trade = models.CharField(_("工种或技能"), max_length=60, blank=True)
    venue = models.CharField(_("培训地点"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("名额"))
    enrol_until = models.DateField(_("报名截止"))
    starts_on = models.DateField(_("开课日期"))
    ends_on = models.DateField(_("结业日期"))
    status = models.CharField(_("状态"), max_length=12, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    enrolled_count = models.PositiveIntegerField(_("已报名"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contests_course_dates"),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=models.F("capacity")), name="contests_course_capacity"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("课次"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        ordering = ["course", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    CANCELLED = "cancelled", _("已退出")


class TrainingEnrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        ordering = ["course", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "member"], condition=Q(status="enrolled"), name="contests_enrolment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.member_id}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(TrainingEnrolment, on_delete=models.PROTECT, related_name="attendance")
    method = models.CharField(_("签到方式"), max_length=8)  # "qr" | "list"
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("培训签到")
        verbose_name_plural = _("培训签到")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="contests_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.enrolment_id}"


class TrainingCertificate(models.Model):
    enrolment = models.OneToOneField(TrainingEnrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("证书编号"), max_length=24, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hours = models.DecimalField(_("培训学时"), max_digits=6, decimal_places=1)
    issued_on = models.DateField(_("发证日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    policy_record_ids = models.JSONField(default=list, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("培训证书")
        verbose_name_plural = _("培训证书")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number
