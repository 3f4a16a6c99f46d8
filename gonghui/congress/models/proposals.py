"""Proposals (职代会提案).

- ``Proposal``: drafted by a representative before or during a session, seconded by other representatives (policy
  minimum), decided by the proposal committee (accepted as a proposal / turned into an opinion / not accepted, with
  a reason), assigned to a department with a deadline (default 3 months, policy), answered with a code (A adopted and
  done, B adopted in progress, C noted for later, D not adoptable, with a reason), rated by the proposer; overdue
  answers escalate.
- ``ProposalSeconder``: one seconder, once.
- ``ProposalEvent``: every step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AnswerCode",
    "Proposal",
    "ProposalEvent",
    "ProposalSeconder",
    "ProposalStatus",
    "Satisfaction",
]


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SECONDING = "seconding", _("征集附议")
    SUBMITTED = "submitted", _("待提案委员会审查")
    ACCEPTED = "accepted", _("立案")
    OPINION = "opinion", _("转为意见建议")
    NOT_ACCEPTED = "not_accepted", _("不予立案")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class AnswerCode(models.TextChoices):
    A = "A", _("A 已采纳并落实")
    B = "B", _("B 已采纳正在落实")
    C = "C", _("C 留作参考")
    D = "D", _("D 不能采纳")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Proposal(models.Model):
    term = models.ForeignKey("congress.CongressTerm", on_delete=models.PROTECT, related_name="proposals")
    session = models.ForeignKey(
        "congress.CongressSession", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.CharField(_("提案编号"), max_length=24, blank=True)
    proposer = models.ForeignKey(
        "congress.Representative", verbose_name=_("提案人"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("案由"), max_length=200)
    body = models.TextField(_("理由与办法"))
    category = models.CharField(_("类别"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=14, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    committee_reason = models.TextField(_("审查意见"), blank=True)
    department = models.CharField(_("承办部门"), max_length=120, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    answer_code = models.CharField(_("办理结果"), max_length=1, choices=AnswerCode.choices, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    satisfaction = models.CharField(_("提案人评价"), max_length=12, choices=Satisfaction.choices, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("职代会提案")
        verbose_name_plural = _("职代会提案")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["term", "status"], name="congress_proposal_term_status")]

    def __str__(self) -> str:
        return self.title


class ProposalSeconder(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="seconders")
    representative = models.ForeignKey("congress.Representative", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附议人")
        verbose_name_plural = _("附议人")
        constraints = [models.UniqueConstraint(fields=["proposal", "representative"], name="congress_seconder_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.representative_id}"


class ProposalEvent(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("提案办理记录")
        verbose_name_plural = _("提案办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
