"""Openness of affairs (厂务公开): items published to an employer's workers; workers ask questions, answered within a
policy period (default 30 days), overdue ones escalate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DisclosureCategory", "DisclosureItem", "DisclosureQuestion"]


class DisclosureCategory(models.TextChoices):
    OPERATIONS = "operations", _("生产经营")
    WAGES = "wages", _("工资福利")
    SAFETY = "safety", _("劳动安全")
    PERSONNEL = "personnel", _("人事管理")
    INTEGRITY = "integrity", _("廉洁自律")
    OTHER = "other", _("其他")


class DisclosureItem(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("公开工会"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("公开类别"), max_length=12, choices=DisclosureCategory.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    period = models.CharField(_("所属期间"), max_length=40, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤下日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("厂务公开事项")
        verbose_name_plural = _("厂务公开事项")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class DisclosureQuestion(models.Model):
    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="questions")
    member = models.ForeignKey("members.Member", verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("问题"))
    asked_on = models.DateField(_("提问日期"))
    due_on = models.DateField(_("答复期限"))
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("厂务公开问询")
        verbose_name_plural = _("厂务公开问询")
        ordering = ["-asked_on", "-id"]

    def __str__(self) -> str:
        return self.question[:20]
