"""Bookings (预订) of recuperation trips.

- ``Booking``: one member on one trip: confirmed against a quota, or waiting (``wait_seq``: arrival order on the
  waiting list), cancelled, checked in, completed or a no-show. ``seq`` is the arrival order given by the booking
  path (first come, first served among eligible members). One live booking per member and trip (a constraint), and
  one request key per booking (``request_key``: a double click, a retry or a second device finds the same booking).
  The eligibility decision (rule by rule) is stored with it.
- ``BookingEvent``: every status change of a booking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Booking", "BookingEvent", "BookingStatus", "LIVE_BOOKING_STATUSES"]


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认")
    WAITING = "waiting", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已报到")
    COMPLETED = "completed", _("已完成")
    NO_SHOW = "no_show", _("未报到")


LIVE_BOOKING_STATUSES = (
    BookingStatus.CONFIRMED,
    BookingStatus.WAITING,
    BookingStatus.CHECKED_IN,
    BookingStatus.COMPLETED,
)


class Booking(models.Model):
    trip = models.ForeignKey("recuperation.Trip", on_delete=models.PROTECT, related_name="bookings")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    quota = models.ForeignKey(
        "recuperation.TripQuota", null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(_("状态"), max_length=12, choices=BookingStatus.choices)
    seq = models.BigIntegerField(_("到达顺序"))
    wait_seq = models.BigIntegerField(_("候补顺序"), null=True, blank=True)
    request_key = models.CharField(max_length=120, unique=True)
    priority = models.JSONField(_("优先条件"), default=list, blank=True)
    leader = models.BooleanField(_("领导人员"), default=False)
    eligibility = models.JSONField(_("资格核验"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(_("工会代订"), default=False)
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("疗休养预订")
        verbose_name_plural = _("疗休养预订")
        ordering = ["trip", "seq"]
        indexes = [
            models.Index(fields=["trip", "status", "seq"], name="recup_booking_trip_seq"),
            models.Index(fields=["member", "status"], name="recup_booking_member"),
            models.Index(fields=["unit", "status"], name="recup_booking_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "member"],
                condition=Q(status__in=["confirmed", "waiting", "checked_in", "completed"]),
                name="recup_booking_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}#{self.seq}"


class BookingEvent(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("预订办理记录")
        verbose_name_plural = _("预订办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
