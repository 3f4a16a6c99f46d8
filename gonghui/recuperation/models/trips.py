"""Trips (疗休养线路) and their quotas (名额).

- ``Sanatorium``: a sanatorium or hotel that receives groups (register kept by the federation).
- ``Trip``: a federation's published trip: destination, sanatorium, itinerary, dates, places, price per person per
  day, who may go (``audience``), when booking opens. The caps (price per day, cost per year, length) are checked on
  publication against policy; the check's trace and the policy records it used are stored.
- ``TripQuota``: places of a trip allotted to a unit down the tree (province → city → grassroots). ``parent`` is the
  quota it was carved from (null for the trip's own pool at the publishing federation). Places handed back before
  the deadline return to the parent's pool.
- ``TripEvent``: every status change of a trip or a quota.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "Audience",
    "Sanatorium",
    "Trip",
    "TripEvent",
    "TripQuota",
    "TripStatus",
    "money_field",
]


def money_field(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class Sanatorium(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("登记工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact = models.CharField(_("联系人"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    beds = models.PositiveIntegerField(_("床位"), default=0)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("疗休养基地")
        verbose_name_plural = _("疗休养基地")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class Audience(models.TextChoices):
    ALL = "all", _("全体会员")
    FRONT_LINE = "front_line", _("一线职工")
    MODEL_WORKER = "model_worker", _("劳动模范")
    CRAFTSMAN = "craftsman", _("工匠")


class Trip(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("线路编号"), max_length=24, unique=True)
    title = models.CharField(_("线路名称"), max_length=120)
    destination = models.CharField(_("目的地"), max_length=120)
    sanatorium = models.ForeignKey(
        Sanatorium, verbose_name=_("疗休养基地"), null=True, blank=True, on_delete=models.PROTECT, related_name="trips"
    )
    itinerary = models.TextField(_("行程安排"), blank=True)
    starts_on = models.DateField(_("出发日期"))
    ends_on = models.DateField(_("返回日期"))
    places = models.PositiveIntegerField(_("名额"))
    price_per_day = money_field(_("每人每天费用"))
    # Who may go: a list of Audience values (any of them qualifies), and optionally only members of given unions
    # (their subtrees): [unit ids].
    audience = models.JSONField(_("参加对象"), default=list)
    audience_units = models.JSONField(_("限定工会"), default=list, blank=True)
    booking_opens_at = models.DateTimeField(_("开放预订时间"))
    booking_closes_at = models.DateTimeField(_("截止预订时间"), null=True, blank=True)
    handback_deadline = models.DateField(_("名额退回截止日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=TripStatus.choices, default=TripStatus.DRAFT)
    cap_trace = models.JSONField(_("标准核验"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The trip's booking counter: each booking attempt takes the next number with one UPDATE ... RETURNING, which
    # also holds the trip row until the booking commits, so the arrival order is the order of the decisions.
    booking_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("疗休养线路")
        verbose_name_plural = _("疗休养线路")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="recup_trip_unit_status"),
            models.Index(fields=["status", "booking_opens_at"], name="recup_trip_status_opens"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="recup_trip_dates"),
            models.CheckConstraint(condition=Q(price_per_day__gte=0), name="recup_trip_price_pos"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def cost_per_person(self) -> Decimal:
        return self.price_per_day * self.days


class TripQuota(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级名额")
    )
    places = models.PositiveIntegerField(_("分配名额"))  # what this unit holds now (after hand-backs)
    allotted = models.PositiveIntegerField(_("下拨名额"), default=0)  # carved out to children
    booked = models.PositiveIntegerField(_("已预订"), default=0)  # confirmed bookings counted against this quota
    handed_back = models.PositiveIntegerField(_("已退回"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("线路名额")
        verbose_name_plural = _("线路名额")
        ordering = ["trip", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "unit"], name="recup_quota_once"),
            models.CheckConstraint(condition=Q(places__gte=F("allotted") + F("booked")), name="recup_quota_within"),
        ]

    def __str__(self) -> str:
        return f"{self.trip} · {self.unit}"

    @property
    def free(self) -> int:
        return self.places - self.allotted - self.booked


# What each step of a trip's history is called on its page.
TRIP_ACTIONS = {
    "create": pgettext_lazy("trip event", "建立线路"),
    "update": pgettext_lazy("trip event", "修改线路"),
    "publish": pgettext_lazy("trip event", "发布"),
    "allot": pgettext_lazy("trip event", "分配名额"),
    "hand_back": pgettext_lazy("trip event", "退回名额"),
    "cancel": pgettext_lazy("trip event", "取消线路"),
    "close": pgettext_lazy("trip event", "办结"),
}


class TripEvent(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="events")
    quota = models.ForeignKey(TripQuota, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("线路办理记录")
        verbose_name_plural = _("线路办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def action_label(self) -> str:
        return str(TRIP_ACTIONS.get(self.action, self.action))
