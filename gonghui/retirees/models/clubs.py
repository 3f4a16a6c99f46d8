"""Models of ``clubs/``: retirees' clubs (老年书画社, 合唱团, 太极队 ...), their members and activities.

- ``Club``: a club of a union, open to the retired members of that union's subtree, with a leader (one of them).
- ``ClubMember``: a retiree's membership of a club; leaving keeps the row (``left_at``), joining again reopens it.
- ``ClubActivity``: a dated activity of a club (place, optional capacity), planned → done (attendance recorded) or
  cancelled.
- ``ActivitySignup``: one row per activity and member (unique): signing up twice is the same row; cancelling keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ActivitySignup",
    "ActivityStatus",
    "Club",
    "ClubActivity",
    "ClubKind",
    "ClubMember",
    "SignupStatus",
]


class ClubKind(models.TextChoices):
    CALLIGRAPHY = "calligraphy", _("书画")
    CHOIR = "choir", _("合唱")
    TAICHI = "taichi", _("太极")
    PHOTOGRAPHY = "photography", _("摄影")
    GATEBALL = "gateball", _("门球")
    COLLEGE = "college", _("老年大学班级")
    OTHER = "other", _("其他")


class Club(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("社团名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=16, choices=ClubKind.choices)
    description = models.TextField(_("简介"), blank=True)
    leader = models.ForeignKey(
        "members.Member", verbose_name=_("负责人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    open_to_join = models.BooleanField(_("接受退休职工在线加入"), default=True)
    is_active = models.BooleanField(_("活跃"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("退休职工社团")
        verbose_name_plural = _("退休职工社团")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="retirees_club_unit_name_uniq")]

    def __str__(self) -> str:
        return self.name


class ClubMember(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("加入日期"))
    by_self = models.BooleanField(_("本人在门户加入"), default=False)
    left_at = models.DateTimeField(_("退出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("社团成员")
        verbose_name_plural = _("社团成员")
        constraints = [models.UniqueConstraint(fields=["club", "member"], name="retirees_club_member_uniq")]
        indexes = [models.Index(fields=["member", "left_at"], name="retirees_clubmember_member")]

    def __str__(self) -> str:
        return f"{self.club_id}:{self.member_id}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("待举办")
    DONE = "done", _("已举办")
    CANCELLED = "cancelled", _("已取消")


class ClubActivity(models.Model):
    club = models.ForeignKey(Club, verbose_name=_("社团"), on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("活动名称"), max_length=80)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=120)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    attendance_count = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("社团活动")
        verbose_name_plural = _("社团活动")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["club", "starts_at"], name="retirees_activity_club_start")]

    def __str__(self) -> str:
        return self.title


class SignupStatus(models.TextChoices):
    SIGNED = "signed", _("已报名")
    CANCELLED = "cancelled", _("已取消")


class ActivitySignup(models.Model):
    activity = models.ForeignKey(ClubActivity, on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.SIGNED)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    signed_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="retirees_signup_uniq")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.member_id}"
