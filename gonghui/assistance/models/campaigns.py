"""Assistance campaigns (帮扶活动): 送温暖 at the festivals, 金秋助学 for members' children at school.

- ``Campaign``: opened by a union for its subtree, with a kind, a form (money or goods), a budget, a period, a
  per-recipient standard and its target groups (``campaigns.groups``).
- ``CampaignAllotment``: how many recipients a union below may add (its amount is the count × the standard).
- ``CampaignRecipient``: one member added by their union, within its allotment; delivered (goods, with the date) or
  paid through the finance ledger (money: one payment request per campaign and recipient, ``payment_key``).
- ``CampaignEvent``: every status change of a campaign or of a recipient.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Campaign",
    "CampaignAction",
    "CampaignAllotment",
    "CampaignEvent",
    "CampaignForm",
    "CampaignKind",
    "CampaignRecipient",
    "CampaignStatus",
    "RecipientStatus",
]


def _money(verbose_name: Any = None, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class CampaignKind(models.TextChoices):
    WARMTH = "warmth", _("送温暖")
    STUDY = "study", _("金秋助学")


class CampaignForm(models.TextChoices):
    MONEY = "money", _("慰问金")
    GOODS = "goods", _("慰问品")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class RecipientStatus(models.TextChoices):
    LISTED = "listed", _("待发放")
    DELIVERED = "delivered", _("已发放")
    PAYMENT = "payment", _("已申请支付")
    REMOVED = "removed", _("已移出")


# A recipient in these statuses counts against the allotment and the budget.
COUNTED = (RecipientStatus.LISTED, RecipientStatus.DELIVERED, RecipientStatus.PAYMENT)


class Campaign(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发起工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=8, choices=CampaignKind.choices)
    form = models.CharField(_("发放形式"), max_length=8, choices=CampaignForm.choices)
    goods = models.CharField(_("慰问品"), max_length=120, blank=True)
    budget = _money(_("预算总额"))
    standard = _money(_("每人标准"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    groups = models.JSONField(_("对象范围"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("帮扶活动")
        verbose_name_plural = _("帮扶活动")
        indexes = [models.Index(fields=["unit", "status"], name="assist_campaign_unit_status")]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0) & Q(standard__gt=0), name="assist_campaign_money_pos"),
            models.CheckConstraint(condition=Q(standard__lte=F("budget")), name="assist_campaign_std_le_budget"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="assist_campaign_period"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self) -> str:
        return f"assistance.campaign:{self.pk}"


class CampaignAllotment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allotments")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("承办工会"), on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("分配名额"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("名额分配")
        verbose_name_plural = _("名额分配")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="assist_allot_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} × {self.quota}"


class CampaignRecipient(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    allotment = models.ForeignKey(CampaignAllotment, on_delete=models.PROTECT, related_name="recipients")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("承办工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    amount = _money(_("标准金额"))
    student_name = models.CharField(_("子女姓名"), max_length=64, blank=True)
    student_school = models.CharField(_("就读学校"), max_length=120, blank=True)
    student_year = models.CharField(_("年级"), max_length=32, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.LISTED)
    delivered_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("活动对象")
        verbose_name_plural = _("活动对象")
        indexes = [models.Index(fields=["campaign", "unit", "status"], name="assist_recip_camp_unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=~Q(status="removed"),
                name="assist_recip_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="assist_recip_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_id}"

    @property
    def source(self) -> str:
        """The business key of this delivery, also the payment's idempotency key."""
        return f"assistance.campaign:{self.campaign_id}:{self.pk}"


class CampaignAction(models.TextChoices):
    CREATE = "create", _("建立活动")
    OPEN = "open", _("启动")
    CLOSE = "close", _("结束")
    CANCEL = "cancel", _("取消")
    ALLOT = "allot", _("分配名额")
    ADD = "add", _("列入对象")
    REMOVE = "remove", _("移出对象")
    DELIVER = "deliver", _("登记发放")
    PAY = "pay", _("申请支付")


class CampaignEvent(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    recipient = models.ForeignKey(
        CampaignRecipient, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=10, choices=CampaignAction.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("帮扶活动办理记录")
        verbose_name_plural = _("帮扶活动办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
