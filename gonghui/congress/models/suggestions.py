"""Rational suggestions (合理化建议): any worker, any time.

``Suggestion``: submitted from the portal (with attachments), reviewed, adopted or not, implemented, the value it
created (money and hours saved, as numbers), a reward paid through the finance ledger (``payment_key``); the filing
form's ``request_key`` makes a double click file one suggestion.
``SuggestionEvent``: every step.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["SUGGESTION_CATEGORIES", "Suggestion", "SuggestionEvent", "SuggestionStatus"]

# The categories a suggestion is filed under: stored as written here, shown by their (translated) label.
SUGGESTION_CATEGORIES = {
    "安全生产": _("安全生产"),
    "节能降耗": _("节能降耗"),
    "技术改进": _("技术改进"),
    "质量提升": _("质量提升"),
    "管理优化": _("管理优化"),
    "职工生活": _("职工生活"),
    "其他": _("其他"),
}


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    IN_REVIEW = "in_review", _("评审中")
    ADOPTED = "adopted", _("已采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    IMPLEMENTED = "implemented", _("已实施")
    REWARDED = "rewarded", _("已奖励")
    WITHDRAWN = "withdrawn", _("已撤回")


class Suggestion(models.Model):
    number = models.CharField(_("建议编号"), max_length=24, unique=True)
    member = models.ForeignKey("members.Member", verbose_name=_("建议人"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("建议名称"), max_length=200)
    body = models.TextField(_("现状与建议内容"))
    category = models.CharField(_("类别"), max_length=40, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.SUBMITTED
    )
    review_comment = models.TextField(_("评审意见"), blank=True)
    money_saved = models.DecimalField(
        _("节约或创造价值（元/年）"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    hours_saved = models.DecimalField(_("节约工时（小时/年）"), max_digits=12, decimal_places=1, default=Decimal("0.0"))
    implemented_on = models.DateField(_("实施日期"), null=True, blank=True)
    reward = models.DecimalField(_("奖励金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    payment_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    # The filing form's one-time key: a double click, a retry or a second device finds the same suggestion.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # The policy records the reward's bound was read from (``congress.suggestion_reward_max``).
    policy_record_ids = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("合理化建议")
        verbose_name_plural = _("合理化建议")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="congress_suggestion_unit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(money_saved__gte=0) & Q(hours_saved__gte=0), name="congress_sugg_value_pos"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        return str(SUGGESTION_CATEGORIES.get(self.category, self.category))

    @property
    def source(self) -> str:
        """The payment source of this suggestion's reward (``congress.suggestion:<pk>``)."""
        return f"congress.suggestion:{self.pk}"


class SuggestionEvent(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("建议办理记录")
        verbose_name_plural = _("建议办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
