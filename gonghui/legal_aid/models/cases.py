"""Models of ``cases/``: legal aid (法律援助) for workers in labour disputes.

- ``Lawyer``: a union's roster of lawyers (name, firm, licence number, phone, specialties, active).
- ``LegalAidCase``: a worker's request (from the portal, or a 12351 call or a visit recorded by staff): the
  dispute, the employer, the documents (private attachments); eligibility checked with a stored trace; the decision
  within the policy's working days; a lawyer assigned within the policy's working days; the progress through
  consultation, mediation, arbitration (its 45-day limit in calendar days from acceptance) and litigation; the
  outcome and the amount recovered; the worker's rating. Each missed deadline is stamped once by a daily job.
- ``CaseProgress``: one step of the case's progress (stage, date, note).
- ``CaseEvent``: every step of the workflow.

The dispute's details and the worker's ID number are encrypted; the ID number is kept masked for display and never
shown in full. Lawyers' fees are payment requests in finance (source ``legal_aid.case:<pk>``), never stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.policy.trace import Trace

__all__ = [
    "CaseEvent",
    "CaseOutcome",
    "CaseProgress",
    "CaseStage",
    "CaseStatus",
    "Channel",
    "DisputeKind",
    "FeeKind",
    "Lawyer",
    "LegalAidCase",
    "Rating",
]


class DisputeKind(models.TextChoices):
    WAGES = "wages", _("拖欠工资")
    DISMISSAL = "dismissal", _("解除劳动关系与经济补偿")
    CONTRACT = "contract", _("劳动合同订立与履行")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    INJURY = "injury", _("工伤待遇")
    HOURS = "hours", _("加班与休息休假")
    OTHER = "other", _("其他劳动争议")


class Channel(models.TextChoices):
    PORTAL = "portal", _("网上申请")
    HOTLINE = "hotline", _("12351 热线")
    VISIT = "visit", _("来访")


class CaseStatus(models.TextChoices):
    APPLIED = "applied", _("待审查")
    ACCEPTED = "accepted", _("已受理待指派律师")
    ASSIGNED = "assigned", _("承办中")
    CLOSED = "closed", _("已结案")
    REJECTED = "rejected", _("不予援助")
    WITHDRAWN = "withdrawn", _("已撤回")


class CaseStage(models.TextChoices):
    CONSULTATION = "consultation", _("法律咨询")
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("劳动仲裁")
    LITIGATION = "litigation", _("诉讼")


class CaseOutcome(models.TextChoices):
    SUPPORTED = "supported", _("仲裁或判决支持")
    PARTLY = "partly", _("部分支持")
    SETTLED = "settled", _("调解或和解结案")
    NOT_SUPPORTED = "not_supported", _("未获支持")
    DROPPED = "dropped", _("职工撤回或终止")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class FeeKind(models.TextChoices):
    AGENCY = "agency", _("律师代理费")
    EXPENSES = "expenses", _("办案差旅与杂费")


class Lawyer(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=40)
    firm = models.CharField(_("律师事务所"), max_length=120)
    licence_no = models.CharField(_("执业证号"), max_length=17)
    phone = models.CharField(_("联系电话"), max_length=20)
    specialties = models.JSONField(_("擅长领域"), default=list, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("援助律师")
        verbose_name_plural = _("援助律师")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "licence_no"], name="legal_aid_lawyer_licence_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"


class LegalAidCase(models.Model):
    number = models.CharField(_("案件编号"), max_length=24, blank=True)
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("受理工会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    applicant_name = models.CharField(_("申请人"), max_length=64)
    applicant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_cipher = models.TextField(blank=True)
    id_masked = models.CharField(_("证件号码"), max_length=32, blank=True)
    employer_name = models.CharField(_("用人单位"), max_length=120)
    dispute_kind = models.CharField(_("争议类型"), max_length=20, choices=DisputeKind.choices)
    claim_amount = models.DecimalField(_("诉求金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    facts_cipher = models.TextField(_("争议事实（密文）"))
    status = models.CharField(_("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.APPLIED)
    stage = models.CharField(_("办理阶段"), max_length=14, choices=CaseStage.choices, blank=True)
    applied_on = models.DateField(_("申请日期"))
    decision_due_on = models.DateField(_("审查期限"))
    eligible = models.BooleanField(_("符合援助条件"), default=False)
    trace = models.JSONField(default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("审查意见"), blank=True)
    assign_due_on = models.DateField(_("指派期限"), null=True, blank=True)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("承办律师"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    assigned_on = models.DateField(_("指派日期"), null=True, blank=True)
    arbitration_accepted_on = models.DateField(_("仲裁受理日期"), null=True, blank=True)
    arbitration_due_on = models.DateField(_("仲裁审理期限"), null=True, blank=True)
    outcome = models.CharField(_("结案结果"), max_length=14, choices=CaseOutcome.choices, blank=True)
    amount_recovered = models.DecimalField(_("挽回金额（元）"), max_digits=12, decimal_places=2, default=0)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closing_note = models.TextField(_("结案说明"), blank=True)
    rating = models.CharField(_("职工评价"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    decision_escalated_at = models.DateTimeField(_("审查逾期督办时间"), null=True, blank=True)
    assign_escalated_at = models.DateTimeField(_("指派逾期督办时间"), null=True, blank=True)
    arbitration_escalated_at = models.DateTimeField(_("仲裁超期提示时间"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="legal_aid_case_unit_status"),
            models.Index(fields=["status", "decision_due_on"], name="legal_aid_case_decision_due"),
            models.Index(fields=["status", "assign_due_on"], name="legal_aid_case_assign_due"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def trace_obj(self) -> Trace:
        return Trace.from_json(self.trace)

    @property
    def source(self) -> str:
        return f"legal_aid.case:{self.pk}"


class CaseProgress(models.Model):
    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="progress")
    stage = models.CharField(_("办理阶段"), max_length=14, choices=CaseStage.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("进展情况"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案件进展")
        verbose_name_plural = _("案件进展")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.stage}"


class CaseEvent(models.Model):
    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("法律援助办理记录")
        verbose_name_plural = _("法律援助办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
