"""Models of ``condolences/``: condolence payments (慰问金) to retirees or their families.

One ``Condolence`` per member, reason and event date (unique: a double click decides once). The amount is decided
from the policy in force (the records used kept in ``policy_record_ids``, the reckoning in ``explanation``) and paid
only through finance's ``payment_request``: the payment's state is read back from finance by ``source``, never
stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Condolence", "CondolenceReason"]


class CondolenceReason(models.TextChoices):
    ILLNESS = "illness", _("生病住院")
    DEATH = "death", _("病故（慰问家属）")
    HARDSHIP = "hardship", _("重大困难")


class Condolence(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("决定工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("退休职工"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("事由"), max_length=10, choices=CondolenceReason.choices)
    event_on = models.DateField(_("事件日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    payee_name = models.CharField(_("收款人"), max_length=64)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    explanation = models.CharField(_("金额说明"), max_length=300)
    policy_record_ids = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("慰问金")
        verbose_name_plural = _("慰问金")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["member", "year"], name="retirees_condolence_member_yr")]
        constraints = [
            models.UniqueConstraint(fields=["member", "reason", "event_on"], name="retirees_condolence_once_per_event"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="retirees_condolence_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.amount}"

    @property
    def source(self) -> str:
        return f"retirees.condolence:{self.pk}"
