"""The register of model workers and craftsmen (劳模工匠名录).

``Honoree``: one title held by one person: the title (model worker, craftsman, May-Day labour medal), its level
(national, provincial, city), the year it was conferred, the union that holds the record. A person is linked to
their member record when they are a member (most are; retired model workers keep their titles). Recuperation reads
the register for priority and for the yearly health check-ups; the honours work (nominations, studios) extends it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Honoree", "HonorLevel", "HonorTitle"]


class HonorTitle(models.TextChoices):
    MODEL_WORKER = "model_worker", _("劳动模范")
    ADVANCED_WORKER = "advanced", _("先进工作者")
    CRAFTSMAN = "craftsman", _("工匠")
    MAY_DAY_MEDAL = "may_day_medal", _("五一劳动奖章")


class HonorLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


class Honoree(models.Model):
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("荣誉称号"), max_length=16, choices=HonorTitle.choices)
    level = models.CharField(_("级别"), max_length=12, choices=HonorLevel.choices)
    year = models.PositiveSmallIntegerField(_("授予年度"))
    conferred_by = models.CharField(_("授予机关"), max_length=120, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("劳模工匠")
        verbose_name_plural = _("劳模工匠名录")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["unit", "title"], name="honors_honoree_unit_title"),
            models.Index(fields=["member"], name="honors_honoree_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "title", "level", "year"],
                condition=Q(revoked_on__isnull=True),
                name="honors_honoree_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_title_display()}"
