"""Workers' congresses (职工代表大会), their terms and representatives.

- ``Congress``: the congress of one employer, run by the employer's union (``unit``).
- ``CongressTerm``: a term (届) with its headcount, the representatives' quota computed from it by the policy formula
  (``quota_trace`` explains it, with the policy records used) and its period.
- ``CongressSection``: an electoral section (选区 / 代表团) of a term.
- ``Representative``: a member elected by a section for a term, with the category that the composition rules count
  (front-line workers the majority, managers at most a share). A substitution ends one representative and records
  who replaced them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Congress",
    "CongressSection",
    "CongressTerm",
    "RepCategory",
    "RepStatus",
    "Representative",
]


class Congress(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name=_("企事业单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=120)
    active = models.BooleanField(_("在用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职工代表大会")
        verbose_name_plural = _("职工代表大会")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(active=True), name="congress_one_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class CongressTerm(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"))
    headcount = models.PositiveIntegerField(_("职工人数"))
    quota = models.PositiveIntegerField(_("代表名额"))
    quota_trace = models.JSONField(_("名额计算"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职代会届次")
        verbose_name_plural = _("职代会届次")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="congress_term_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="congress_term_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.congress} 第{self.number}届"


class CongressSection(models.Model):
    term = models.ForeignKey(CongressTerm, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(_("选区"), max_length=80)
    seats = models.PositiveIntegerField(_("名额"), default=0)

    class Meta:
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        ordering = ["term", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="congress_section_once")]

    def __str__(self) -> str:
        return self.name


class RepCategory(models.TextChoices):
    FRONT_LINE = "front_line", _("一线职工")
    TECHNICAL = "technical", _("专业技术人员")
    MANAGER = "manager", _("中层以上管理人员")
    OTHER = "other", _("其他")


class RepStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    REPLACED = "replaced", _("已补选替换")
    ENDED = "ended", _("已终止")


class Representative(models.Model):
    term = models.ForeignKey(CongressTerm, on_delete=models.CASCADE, related_name="representatives")
    section = models.ForeignKey(
        CongressSection, verbose_name=_("选区"), on_delete=models.PROTECT, related_name="representatives"
    )
    member = models.ForeignKey("members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("代表类别"), max_length=12, choices=RepCategory.choices)
    woman = models.BooleanField(_("女职工代表"), default=False)
    elected_on = models.DateField(_("当选日期"))
    status = models.CharField(_("状态"), max_length=12, choices=RepStatus.choices, default=RepStatus.ACTIVE)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name=_("替补")
    )

    class Meta:
        verbose_name = _("职工代表")
        verbose_name_plural = _("职工代表")
        ordering = ["term", "section", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "member"], condition=Q(status="active"), name="congress_rep_once_per_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.term_id}"
