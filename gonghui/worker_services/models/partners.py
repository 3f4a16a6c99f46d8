"""Models of ``partners/``: benefits partners (优惠商户: cinemas, gyms, restaurants...) registered by a union, the
accounts that verify member cards at a partner's counter, and every verification (redemption).

- ``Partner``: the union whose members the discount is for (its subtree), what the discount is, where, how long.
- ``PartnerVerifier``: a portal account (signing in by SMS) linked to a partner; removed, never deleted.
- ``Redemption``: one card checked at a partner: the card's state (valid / expired / revoked / invalid), the
  member when the card was genuine, who checked, when. Append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Partner", "PartnerKind", "PartnerVerifier", "Redemption"]


class PartnerKind(models.TextChoices):
    CINEMA = "cinema", _("影院")
    GYM = "gym", _("健身场馆")
    RESTAURANT = "restaurant", _("餐饮")
    SHOP = "shop", _("商超")
    OTHER = "other", _("其他")


class Partner(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("签约工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("商户名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=12, choices=PartnerKind.choices, default=PartnerKind.OTHER)
    discount = models.CharField(_("会员优惠"), max_length=200)
    address = models.CharField(_("地址"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    active = models.BooleanField(_("合作中"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("优惠商户")
        verbose_name_plural = _("优惠商户")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["unit", "active"], name="ws_partner_unit")]

    def __str__(self) -> str:
        return self.name


class PartnerVerifier(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="verifiers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("商户核验员")
        verbose_name_plural = _("商户核验员")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user"], condition=Q(removed_at__isnull=True), name="ws_verifier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.user_id}"


class Redemption(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="redemptions")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")  # the partner's union
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("核验结果"), max_length=12)  # valid / expired / revoked / invalid
    valid = models.BooleanField(_("有效"), default=False)
    masked_name = models.CharField(_("姓名"), max_length=64, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("核验时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("优惠核验记录")
        verbose_name_plural = _("优惠核验记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["partner", "at"], name="ws_redemption_partner"),
            models.Index(fields=["unit", "at"], name="ws_redemption_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}@{self.at:%Y-%m-%d}"
