"""Models of ``visits/``: visits to retirees (birthday, illness/hospital, festival, other).

A visit is planned (by staff, or by the birthday job for a milestone birthday), then done (date, visitors, notes,
photos, an optional gift value) or cancelled; every move writes a ``VisitEvent``. The birthday job plans at most one
birthday visit per member and year (a conditional unique constraint: two runs at once still plan one).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Visit", "VisitEvent", "VisitReason", "VisitStatus"]


class VisitReason(models.TextChoices):
    BIRTHDAY = "birthday", _("生日")
    ILLNESS = "illness", _("生病住院")
    FESTIVAL = "festival", _("节日")
    OTHER = "other", _("其他")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    DONE = "done", _("已走访")
    CANCELLED = "cancelled", _("已取消")


class Visit(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("退休职工"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("事由"), max_length=10, choices=VisitReason.choices)
    status = models.CharField(_("状态"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    planned_on = models.DateField(_("计划日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    milestone_age = models.PositiveSmallIntegerField(_("寿辰岁数"), null=True, blank=True)
    note = models.CharField(_("安排说明"), max_length=300, blank=True)
    done_on = models.DateField(_("走访日期"), null=True, blank=True)
    visitors = models.CharField(_("走访人员"), max_length=200, blank=True)
    notes = models.TextField(_("走访情况"), blank=True)
    gift_value = models.DecimalField(_("慰问品价值（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["planned_on", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "planned_on"], name="retirees_visit_unit_status"),
            models.Index(fields=["member", "status"], name="retirees_visit_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=models.Q(reason="birthday"),
                name="retirees_birthday_visit_once_a_year",
            ),
            models.CheckConstraint(
                condition=models.Q(gift_value__isnull=True) | models.Q(gift_value__gte=0),
                name="retirees_visit_gift_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.planned_on}"


class VisitEvent(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=12)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
