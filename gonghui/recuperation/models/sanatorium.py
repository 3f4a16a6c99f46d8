"""The sanatorium side of a trip: check-in, the daily roster, incidents and the feedback survey.

- ``CheckIn``: a booking's arrival, by scanning the member card's QR code or from the list.
- ``DailyRoll``: who was present on each day of a trip.
- ``Incident``: something that happened during a trip (illness, accident, complaint, other) and how it was handled.
- ``Feedback``: a participant's survey after the trip (scores 1-5 per aspect, a comment), one per booking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["CheckIn", "CheckInMethod", "DailyRoll", "Feedback", "Incident", "IncidentKind"]


class CheckInMethod(models.TextChoices):
    QR = "qr", _("扫会员卡二维码")
    LIST = "list", _("名单核对")


class CheckIn(models.Model):
    booking = models.OneToOneField("recuperation.Booking", on_delete=models.CASCADE, related_name="check_in")
    method = models.CharField(_("报到方式"), max_length=8, choices=CheckInMethod.choices)
    at = models.DateTimeField(_("报到时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("报到")
        verbose_name_plural = _("报到")

    def __str__(self) -> str:
        return f"{self.booking_id}"


class DailyRoll(models.Model):
    booking = models.ForeignKey("recuperation.Booking", on_delete=models.CASCADE, related_name="roll")
    day = models.DateField(_("日期"))
    present = models.BooleanField(_("在岗"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("每日点名")
        verbose_name_plural = _("每日点名")
        constraints = [models.UniqueConstraint(fields=["booking", "day"], name="recup_roll_once")]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.day}"


class IncidentKind(models.TextChoices):
    ILLNESS = "illness", _("身体不适")
    ACCIDENT = "accident", _("意外")
    COMPLAINT = "complaint", _("投诉")
    OTHER = "other", _("其他")


class Incident(models.Model):
    trip = models.ForeignKey("recuperation.Trip", on_delete=models.CASCADE, related_name="incidents")
    booking = models.ForeignKey(
        "recuperation.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=IncidentKind.choices)
    happened_at = models.DateTimeField(_("发生时间"))
    description = models.TextField(_("经过"))
    handling = models.TextField(_("处置情况"), blank=True)
    closed = models.BooleanField(_("已处置完毕"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("突发情况")
        verbose_name_plural = _("突发情况")
        ordering = ["-happened_at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Feedback(models.Model):
    booking = models.OneToOneField("recuperation.Booking", on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(_("总体满意度"))
    lodging = models.PositiveSmallIntegerField(_("食宿"))
    programme = models.PositiveSmallIntegerField(_("活动安排"))
    service = models.PositiveSmallIntegerField(_("服务"))
    comment = models.TextField(_("意见建议"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(lodging__gte=1, lodging__lte=5)
                & Q(programme__gte=1, programme__lte=5)
                & Q(service__gte=1, service__lte=5),
                name="recup_feedback_scores",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.overall}"
