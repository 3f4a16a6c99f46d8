"""Yearly health check-ups (体检) of model workers and craftsmen.

- ``Hospital``: a partner hospital with its yearly capacity.
- ``Checkup``: one honoree's check-up for a year: booked at a hospital on a day, done, results stored as protected
  health data (``results_cipher``: encrypted; ``abnormal`` is the only plain flag, for reminders), follow-up of
  abnormal results with a due date and when it was done. One check-up per honoree and year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Checkup", "CheckupStatus", "Hospital"]


class Hospital(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("签约工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("医院名称"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    daily_capacity = models.PositiveIntegerField(_("每日接待人数"), default=20)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("体检医院")
        verbose_name_plural = _("体检医院")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CheckupStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    DONE = "done", _("已体检")
    MISSED = "missed", _("未到检")
    CANCELLED = "cancelled", _("已取消")


class Checkup(models.Model):
    honoree = models.ForeignKey(
        "honors.Honoree", verbose_name=_("劳模工匠"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    hospital = models.ForeignKey(
        Hospital, verbose_name=_("体检医院"), on_delete=models.PROTECT, related_name="checkups"
    )
    day = models.DateField(_("体检日期"))
    status = models.CharField(_("状态"), max_length=12, choices=CheckupStatus.choices, default=CheckupStatus.BOOKED)
    request_key = models.CharField(max_length=120, unique=True)
    results_cipher = models.TextField(_("体检结果（密文）"), blank=True)
    abnormal = models.BooleanField(_("有异常指标"), default=False)
    follow_up_due = models.DateField(_("复查期限"), null=True, blank=True)
    followed_up_on = models.DateField(_("复查日期"), null=True, blank=True)
    follow_up_cipher = models.TextField(_("复查情况（密文）"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The worker's request to move the day (from the portal), until the clerk reschedules or declines it.
    change_requested_on = models.DateField(_("申请改约日期"), null=True, blank=True)
    change_reason = models.CharField(_("改约原因"), max_length=200, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("劳模体检")
        verbose_name_plural = _("劳模体检")
        ordering = ["-year", "-day", "-id"]
        indexes = [
            models.Index(fields=["unit", "year"], name="recup_checkup_unit_year"),
            models.Index(fields=["hospital", "day"], name="recup_checkup_hospital_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["honoree", "year"], condition=~Q(status="cancelled"), name="recup_checkup_once_a_year"
            ),
            # One check-up per person a year, whatever number of titles they hold.
            models.UniqueConstraint(
                fields=["member", "year"], condition=~Q(status="cancelled"), name="recup_checkup_member_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.honoree_id} {self.year}"
