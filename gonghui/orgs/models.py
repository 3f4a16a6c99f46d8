"""The org tree: federations, industry and joint unions, grassroots unions, sub-unions and groups."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gonghui.orgs.codes import validate_industry_code, validate_region_code, validate_uscc


class UnitKind(models.TextChoices):
    FEDERATION = "federation", _("总工会")
    INDUSTRY = "industry", _("产业工会")
    JOINT = "joint", _("联合工会")
    GRASSROOTS = "grassroots", _("基层工会")
    SUB_UNION = "sub_union", _("分工会")
    GROUP = "group", _("工会小组")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    DISSOLVED = "dissolved", _("已撤销")


class OrgUnit(MP_Node):
    """One union organisation. ``path`` (materialized path) drives every scope check."""

    # 4 characters per level over 0-9A-Z: 1.6 million children per parent, 63 levels.
    steplen = 4
    node_order_by: ClassVar[list[str]] = []

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices)
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code])
    industry_code = models.CharField(
        _("行业（GB/T 4754）"), max_length=2, blank=True, validators=[validate_industry_code]
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    legal_cert_no = models.CharField(_("法人资格证书号"), max_length=40, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    term_start = models.DateField(_("本届委员会任期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届委员会任期结束"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        indexes = [
            models.Index(fields=["kind"], name="orgs_unit_kind_idx"),
            models.Index(fields=["region_code"], name="orgs_unit_region_idx"),
            models.Index(fields=["status"], name="orgs_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and all its ancestors, root first, computed without a query."""
        return [self.path[: i * self.steplen] for i in range(1, len(self.path) // self.steplen + 1)]


class Employer(models.Model):
    """An employer (企业/单位) attached to a union."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="employers")
    name = models.CharField(_("单位名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    industry_code = models.CharField(
        _("行业（GB/T 4754）"), max_length=2, blank=True, validators=[validate_industry_code]
    )
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code])
    staff_count = models.PositiveIntegerField(_("职工人数"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code="") & models.Q(is_active=True),
                name="orgs_employer_active_credit_code_uniq",
            )
        ]
        indexes = [models.Index(fields=["name"], name="orgs_employer_name_idx")]

    def __str__(self) -> str:
        return self.name
