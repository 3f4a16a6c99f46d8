"""The working-day calendar: statutory days off and make-up working days, as data.

A date without a :class:`CalendarDay` row follows the default rule: Monday to Friday are working days,
Saturday and Sunday are not. A row overrides that rule for its date: ``holiday`` (放假) or ``workday``
(调休上班, e.g. a make-up Saturday). Rows are written only by :mod:`gonghui.workdays.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class DaySource(models.TextChoices):
    OFFICIAL = "official", _("国务院办公厅公布")
    PROVISIONAL = "provisional", _("暂定（待核对）")
    STAFF = "staff", _("人工维护")


class CalendarDay(models.Model):
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=DaySource.choices, default=DaySource.STAFF)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("工作日历特殊安排")
        verbose_name_plural = _("工作日历特殊安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()

    @property
    def is_holiday(self) -> bool:
        return self.kind == DayKind.HOLIDAY


class CalendarSeed(models.Model):
    """What the seeder last loaded for a year (source and a digest of the arrangement).

    Re-running the seeder with the same published arrangement changes nothing, so a date that staff
    cleared or edited after seeding stays as staff left it; a new arrangement (e.g. the official notice
    replacing the provisional dates) is applied again, still never touching rows whose source is ``staff``.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=DaySource.choices)
    digest = models.CharField(_("摘要"), max_length=64)
    seeded_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日历导入记录")
        verbose_name_plural = _("工作日历导入记录")

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}"
