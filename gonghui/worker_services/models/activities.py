"""Models of ``activities/``: services and activities (普惠服务, 活动) published by a union, and members' sign-ups.

- ``Activity``: what a union offers its subtree's members: category (a policy list), audience, places (``None``:
  unlimited; ``reserved`` kept back by the union), sign-up window, dates, place, cost and the member benefit. Its
  ``signup_seq`` and ``booked`` columns are the counters of the kernel's rush (``gonghui.common.rush``).
- ``SignUp``: one member on one activity: confirmed, waiting (``wait_seq``), cancelled, checked in, and after the
  activity completed or no-show. One live sign-up per member and activity; one request key per sign-up.
- ``ActivityEvent``: every status change of an activity or a sign-up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Activity",
    "ActivityAudience",
    "ActivityEvent",
    "ActivityStatus",
    "LIVE_SIGNUP_STATUSES",
    "SignUp",
    "SignUpStatus",
]


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    CLOSED = "closed", _("报名截止")
    CANCELLED = "cancelled", _("已取消")
    FINISHED = "finished", _("已结束")


class ActivityAudience(models.TextChoices):
    ALL = "all", _("全体会员")
    GIG = "gig", _("新就业形态劳动者")
    FRONTLINE = "frontline", _("一线职工")


class Activity(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发布工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=32)
    description = models.TextField(_("内容介绍"), blank=True)
    audience = models.CharField(
        _("参加对象"), max_length=12, choices=ActivityAudience.choices, default=ActivityAudience.ALL
    )
    places = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    reserved = models.PositiveIntegerField(_("预留名额"), default=0)
    booked = models.PositiveIntegerField(_("已报名"), default=0)
    signup_seq = models.BigIntegerField(default=0)
    signup_opens_at = models.DateTimeField(_("报名开始"))
    signup_closes_at = models.DateTimeField(_("报名截止"))
    starts_at = models.DateTimeField(_("活动开始"))
    ends_at = models.DateTimeField(_("活动结束"))
    place = models.CharField(_("地点"), max_length=200)
    cost = models.DecimalField(_("费用"), max_digits=12, decimal_places=2, default=0)
    member_price = models.DecimalField(_("会员价"), max_digits=12, decimal_places=2, null=True, blank=True)
    benefit = models.CharField(_("会员优惠"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("服务活动")
        verbose_name_plural = _("服务活动")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "starts_at"], name="ws_activity_unit"),
            models.Index(fields=["status", "signup_closes_at"], name="ws_activity_open"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def free(self) -> int | None:
        """Places left (``None``: unlimited)."""
        if self.places is None:
            return None
        return max(self.places - self.reserved - self.booked, 0)


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("报名成功")
    WAITING = "waiting", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已签到")
    COMPLETED = "completed", _("已参加")
    NO_SHOW = "no_show", _("未到场")


LIVE_SIGNUP_STATUSES = (
    SignUpStatus.CONFIRMED,
    SignUpStatus.WAITING,
    SignUpStatus.CHECKED_IN,
    SignUpStatus.COMPLETED,
)


class SignUp(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="signups")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=SignUpStatus.choices)
    seq = models.BigIntegerField(_("报名顺序"))
    wait_seq = models.BigIntegerField(_("候补顺序"), null=True, blank=True)
    request_key = models.CharField(max_length=120, unique=True)
    trace = models.JSONField(_("资格核验"), default=dict, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    check_in_method = models.CharField(_("签到方式"), max_length=8, blank=True)  # "qr" or "list"
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["activity", "seq"]
        indexes = [
            models.Index(fields=["activity", "status", "seq"], name="ws_signup_activity"),
            models.Index(fields=["member", "status"], name="ws_signup_member"),
            models.Index(fields=["unit", "status"], name="ws_signup_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(status__in=["confirmed", "waiting", "checked_in", "completed"]),
                name="ws_signup_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}#{self.seq}"


class ActivityEvent(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")
    signup = models.ForeignKey(SignUp, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("活动办理记录")
        verbose_name_plural = _("活动办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
