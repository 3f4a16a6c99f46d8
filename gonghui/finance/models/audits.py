"""Funds audit (经审): a level's audit committee audits the unions below it.

``FundsAudit`` (审计项目) is planned by the committee of ``planning_unit`` for ``audited_unit`` (strictly below it):
``planned → fieldwork → reported → closed`` (or ``cancelled`` before the report). Fieldwork papers
(``AuditPaper``, text with private attachments) are the committee's own. ``AuditFinding``\\ s carry a severity and the
amount involved; a ``Rectification`` (整改通知) orders the audited union to correct a finding by a deadline counted in
working days: ``issued → replied → accepted``, or ``replied → returned → replied ...``. An order still open after its
deadline is overdue and escalates to ``escalates_to`` (the level above the auditing level). Every status change is a
``FundsAuditEvent`` row (append-only) and an audit-chain event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.common.models import AppendOnlyModel
from gonghui.finance.models.ledger import ZERO, money_field


class AuditKind(models.TextChoices):
    ANNUAL_BUDGET = "annual_budget", _("年度预算执行审计")
    FINAL_ACCOUNTS = "final_accounts", _("年度决算审计")
    SPECIAL_FUNDS = "special_funds", _("专项资金审计")
    ASSETS = "assets", _("资产审计")
    TERM_END = "term_end", _("主席任期经济责任审计")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("已立项")
    FIELDWORK = "fieldwork", _("现场审计")
    REPORTED = "reported", _("已出具报告")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已撤销立项")


class FundsAudit(models.Model):
    planning_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("审计组织")
    )
    audited_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="funds_audits", verbose_name=_("被审计工会")
    )
    escalates_to = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("逾期上报组织")
    )
    kind = models.CharField(_("审计类型"), max_length=16, choices=AuditKind.choices)
    year = models.PositiveSmallIntegerField(_("审计年度"))
    title = models.CharField(_("项目名称"), max_length=200)
    scope_note = models.TextField(_("审计范围与重点"), blank=True)
    planned_start = models.DateField(_("计划开始日期"))
    planned_end = models.DateField(_("计划结束日期"))
    status = models.CharField(_("状态"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.PLANNED)
    report_summary = models.TextField(_("审计结论"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("经审项目")
        verbose_name_plural = _("经审项目")
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["status", "year"], name="finance_audit_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("finance:audit_detail", kwargs={"audit_id": self.pk})


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    MAJOR = "major", _("较重")
    SEVERE = "severe", _("严重")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    CLOSED = "closed", _("已整改")


class AuditFinding(models.Model):
    audit = models.ForeignKey(FundsAudit, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("问题摘要"), max_length=200)
    description = models.TextField(_("问题描述"))
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    amount = money_field(_("涉及金额（元）"), default=ZERO)
    status = models.CharField(_("状态"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审计发现问题")
        verbose_name_plural = _("审计发现问题")
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="finance_finding_number_uniq"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_finding_amount_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RectificationStatus(models.TextChoices):
    ISSUED = "issued", _("待整改")
    REPLIED = "replied", _("已回复待验收")
    RETURNED = "returned", _("退回重新整改")
    ACCEPTED = "accepted", _("已验收")


OPEN_RECTIFICATION_STATUSES: tuple[str, ...] = (RectificationStatus.ISSUED, RectificationStatus.RETURNED)


class Rectification(models.Model):
    finding = models.ForeignKey(AuditFinding, on_delete=models.PROTECT, related_name="rectifications")
    instructions = models.TextField(_("整改要求"))
    issued_on = models.DateField(_("下达日期"))
    working_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"))
    due_on = models.DateField(_("整改截止日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.ISSUED
    )
    reply = models.TextField(_("整改情况回复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.CharField(_("验收意见"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报时间"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="finance_rect_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.finding} → {self.due_on}"


class AuditPaper(models.Model):
    """A fieldwork working paper (审计工作底稿): the committee's own, never shown to the audited union."""

    audit = models.ForeignKey(FundsAudit, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(_("底稿标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审计工作底稿")
        verbose_name_plural = _("审计工作底稿")
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return self.title


AUDIT_EVENT_ACTIONS = {
    "plan": _("立项"),
    "start": _("开始现场审计"),
    "report": _("出具审计报告"),
    "close": _("办结审计项目"),
    "cancel": _("撤销立项"),
    "paper": _("添加工作底稿"),
    "finding": _("记录问题"),
    "issue": _("下达整改通知"),
    "reply": _("回复整改情况"),
    "accept": _("验收通过"),
    "return": _("退回重新整改"),
    "escalate": _("逾期上报"),
}


class FundsAuditEvent(AppendOnlyModel):
    """One status change of an audit, a finding or a rectification order."""

    audit = models.ForeignKey(FundsAudit, on_delete=models.PROTECT, related_name="events")
    finding = models.ForeignKey(AuditFinding, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    rectification = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField(max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(AUDIT_EVENT_ACTIONS.get(self.action, self.action))

    @property
    def status_label(self) -> str:
        choices: type[models.TextChoices] = AuditStatus
        if self.rectification_id is not None:
            choices = RectificationStatus
        elif self.finding_id is not None:
            choices = FindingStatus
        return str(dict(choices.choices).get(self.to_status, self.to_status))


__all__ = [
    "OPEN_RECTIFICATION_STATUSES",
    "AuditFinding",
    "AuditKind",
    "AuditPaper",
    "AuditStatus",
    "FindingStatus",
    "FundsAudit",
    "FundsAuditEvent",
    "Rectification",
    "RectificationStatus",
    "Severity",
]
