"""Yearly budgets (年度预算) of a union, approved by the level above through the shared review mechanism.

- ``Budget``: one version of a union's budget for a year. Prepared by the union's finance staff (``draft``), submitted
  into the ``finance.budget`` review process (``in_review``), returned for changes (``returned``), rejected
  (``rejected``) or approved (``approved``). An approved budget is locked: a revision is a new version (``revises``)
  that goes through approval again; when it is approved the previous version becomes ``superseded``.
- ``BudgetLine``: the amount of one income or expenditure account of the ledger's chart; its category is the
  top-level account (会费收入, 职工活动支出, ...). A line on a parent account covers its sub-accounts.
- ``BudgetEvent``: every status change, append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.common.models import AppendOnlyModel
from gonghui.finance.models.ledger import money_field


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("编制中")
    IN_REVIEW = "in_review", _("待上级审批")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已批复")
    REJECTED = "rejected", _("未批准")
    SUPERSEDED = "superseded", _("已被调整版本取代")


EDITABLE_BUDGET_STATUSES: tuple[str, ...] = (BudgetStatus.DRAFT, BudgetStatus.RETURNED)


class Budget(models.Model):
    ledger = models.ForeignKey("finance.Ledger", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("预算年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    revises = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("调整自")
    )
    status = models.CharField(_("状态"), max_length=12, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    note = models.CharField(_("编制说明"), max_length=500, blank=True)
    review_case = models.ForeignKey(
        "review.ReviewCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.CharField(_("审批意见"), max_length=2000, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度预算")
        verbose_name_plural = _("年度预算")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "year", "version"], name="finance_budget_version_uniq"),
            models.UniqueConstraint(
                fields=["ledger", "year"], condition=Q(status="approved"), name="finance_budget_one_approved"
            ),
            models.UniqueConstraint(
                fields=["ledger", "year"],
                condition=Q(status__in=["draft", "in_review", "returned"]),
                name="finance_budget_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} 年度预算（第 {self.version} 版）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("finance:budget_detail", kwargs={"budget_id": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_BUDGET_STATUSES


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey("finance.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("科目"))
    amount = money_field(_("预算金额（元）"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["budget", "account__code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "account"], name="finance_budget_line_uniq"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_budget_line_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount}"


BUDGET_ACTIONS = {
    "create": _("创建"),
    "submit": _("提交上级审批"),
    "resubmit": _("重新提交"),
    "approve": _("批复"),
    "return": _("退回修改"),
    "reject": _("不予批准"),
    "withdraw": _("撤回"),
    "revise": _("调整预算"),
    "supersede": _("被调整版本取代"),
}


class BudgetEvent(AppendOnlyModel):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField(max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "id"]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(BUDGET_ACTIONS.get(self.action, self.action))

    @property
    def status_label(self) -> str:
        return str(BudgetStatus(self.to_status).label) if self.to_status in BudgetStatus.values else self.to_status


__all__ = ["EDITABLE_BUDGET_STATUSES", "Budget", "BudgetEvent", "BudgetLine", "BudgetStatus"]
