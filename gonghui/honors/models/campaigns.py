"""Nomination campaigns (劳模、工匠、五一劳动奖章评选) and model workers' benefits.

- ``Campaign``: a federation's campaign for one title at one level in one year: the total places, the nomination
  window, the eligibility rule in force (for craftsmen, the years in the trade, from policy), the certificate number
  prefix. Its places are carved into ``CampaignQuota`` rows down the tree (province → city → grassroots), like
  recuperation's trip quotas: ``parent`` is the quota a row was carved from (null for the campaign's own pool).
- ``Nomination``: one union's nomination of one member against the quota it holds: the deeds, attachments (private
  files), then the review case (unit publicity, level-by-level review, final publicity); an approved nomination is
  awarded by the campaign's federation, which writes the ``Honoree`` of the register.
- ``Benefit``: one benefit of one honoree in one year (check-up, visit, hardship allowance, recuperation priority),
  planned or done; an allowance is paid through finance (``payment_request``), read back by its key.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.honors.models.register import HonorLevel, HonorTitle

__all__ = [
    "LIVE_NOMINATION",
    "Benefit",
    "BenefitKind",
    "BenefitStatus",
    "Campaign",
    "CampaignQuota",
    "CampaignStatus",
    "Nomination",
    "NominationEvent",
    "NominationStatus",
]


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("评选中")
    AWARDED = "awarded", _("已表彰")
    CANCELLED = "cancelled", _("已取消")


class Campaign(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("评选名称"), max_length=120)
    title = models.CharField(_("荣誉称号"), max_length=16, choices=HonorTitle.choices)
    level = models.CharField(_("级别"), max_length=12, choices=HonorLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    places = models.PositiveIntegerField(_("名额总数"), validators=[MinValueValidator(1)])
    nominate_from = models.DateField(_("推荐开始日期"))
    nominate_until = models.DateField(_("推荐截止日期"))
    min_years_in_trade = models.PositiveSmallIntegerField(_("从业年限要求（年）"), default=0)
    rule_trace = models.JSONField(_("资格规则依据"), default=dict, blank=True)
    certificate_prefix = models.CharField(_("证书编号前缀"), max_length=20)
    conferred_by = models.CharField(_("授予机关"), max_length=120)
    status = models.CharField(_("状态"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    awarded_on = models.DateField(_("表彰日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title", "level", "year"], name="honors_campaign_once"),
            models.CheckConstraint(condition=Q(nominate_until__gte=F("nominate_from")), name="honors_campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignQuota(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级名额")
    )
    places = models.PositiveIntegerField(_("名额"))  # what this unit holds now (after hand-backs)
    allotted = models.PositiveIntegerField(_("下拨名额"), default=0)  # carved out to units below
    used = models.PositiveIntegerField(_("已推荐"), default=0)  # live nominations of this unit
    handed_back = models.PositiveIntegerField(_("已退回"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="honors_quota_once"),
            models.CheckConstraint(condition=Q(places__gte=F("allotted") + F("used")), name="honors_quota_within"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"

    @property
    def free(self) -> int:
        return self.places - self.allotted - self.used


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("公示与审核中")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("拟表彰")
    AWARDED = "awarded", _("已授予")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# A nomination in one of these holds a place of its union's quota (and blocks a second one of the same member).
LIVE_NOMINATION = (
    NominationStatus.DRAFT,
    NominationStatus.IN_REVIEW,
    NominationStatus.RETURNED,
    NominationStatus.APPROVED,
    NominationStatus.AWARDED,
)


class Nomination(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    quota = models.ForeignKey(CampaignQuota, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("推荐工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("被推荐人"), on_delete=models.PROTECT, related_name="+")
    deeds = models.TextField(_("主要事迹"))
    years_in_trade = models.PositiveSmallIntegerField(_("从业年限（年）"), default=0)
    status = models.CharField(
        _("状态"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    review_case = models.ForeignKey(
        "review.ReviewCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    honoree = models.ForeignKey("honors.Honoree", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_note = models.TextField(_("审核意见"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("推荐对象")
        verbose_name_plural = _("推荐对象")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "status"], name="honors_nomination_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(status__in=["draft", "in_review", "returned", "approved", "awarded"]),
                name="honors_nomination_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.member_id}"

    @property
    def source(self) -> str:
        return f"honors.nomination:{self.pk}"


NOMINATION_ACTIONS = {
    "create": _("推荐"),
    "submit": _("提交"),
    "approve": _("审核通过"),
    "return": _("退回修改"),
    "reject": _("未通过"),
    "withdraw": _("撤回"),
    "award": _("授予荣誉"),
}


class NominationEvent(models.Model):
    """Every step of a nomination's own history (the review's steps are the review case's events)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("推荐办理记录")
        verbose_name_plural = _("推荐办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def action_label(self) -> str:
        return str(NOMINATION_ACTIONS.get(self.action, self.action))


class BenefitKind(models.TextChoices):
    CHECKUP = "checkup", _("年度体检")
    VISIT = "visit", _("走访慰问")
    ALLOWANCE = "allowance", _("困难劳模帮扶补助")
    RECUPERATION = "recuperation", _("疗休养优先")


class BenefitStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    DONE = "done", _("已落实")
    CANCELLED = "cancelled", _("已取消")


class Benefit(models.Model):
    honoree = models.ForeignKey("honors.Honoree", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("待遇项目"), max_length=16, choices=BenefitKind.choices)
    status = models.CharField(_("状态"), max_length=12, choices=BenefitStatus.choices, default=BenefitStatus.PLANNED)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    amount_rule = models.JSONField(_("金额依据"), default=dict, blank=True)
    done_on = models.DateField(_("落实日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    payment_key = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("劳模待遇")
        verbose_name_plural = _("劳模待遇")
        ordering = ["-year", "honoree_id", "kind"]
        indexes = [models.Index(fields=["year", "kind", "status"], name="honors_benefit_year_kind")]
        constraints = [
            models.UniqueConstraint(fields=["honoree", "year", "kind"], name="honors_benefit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

    @property
    def source(self) -> str:
        return f"honors.benefit:{self.pk}"
