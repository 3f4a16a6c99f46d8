"""Models of ``negotiations/``: a collective bargaining case (平等协商) from the written request to the signed
agreement, and the agreement's life after signing (filing, effect, publication, expiry or renewal).

- ``BargainingCase``: one case and, once signed, the agreement itself; an explicit status pipeline
  (requested → replied/refused → negotiating → draft → voted → signed → filed → in force → published →
  expired/renewed), every move an event.
- ``CaseDeadline``: each statutory deadline of the case, computed when its period starts and stored with the
  policy record it used; overdue ones are escalated once.
- ``Negotiator``: the negotiators each side names (at least the policy minimum, one chief per side).
- ``BargainingSession``: a minuted session (the signed minutes are attachments of the session).
- ``CaseSubject``: the subjects bargained (wages with the agreed increase, hours, rest, ...).
- ``CaseEvent``: every step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AgreementKind",
    "BargainingCase",
    "BargainingLevel",
    "BargainingSession",
    "CaseDeadline",
    "CaseEvent",
    "CaseStatus",
    "CaseSubject",
    "DeadlineKind",
    "Negotiator",
    "Side",
    "Subject",
    "VoteMethod",
]


class BargainingLevel(models.TextChoices):
    EMPLOYER = "employer", _("企业集体合同")
    REGIONAL = "regional", _("区域性集体合同")
    INDUSTRY = "industry", _("行业性集体合同")


class AgreementKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合性集体合同")
    WAGE = "wage", _("工资专项集体合同")
    SPECIAL = "special", _("其他专项集体合同")


class Side(models.TextChoices):
    UNION = "union", _("职工方")
    EMPLOYER = "employer", _("企业方")


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", _("已提出协商要约")
    REPLIED = "replied", _("已回应同意协商")
    REFUSED = "refused", _("拒绝协商")
    NEGOTIATING = "negotiating", _("协商中")
    DRAFT = "draft", _("草案待审议")
    VOTED = "voted", _("草案已通过")
    SIGNED = "signed", _("已签订")
    FILED = "filed", _("已报送审查")
    IN_FORCE = "in_force", _("已生效")
    PUBLISHED = "published", _("已公布")
    EXPIRED = "expired", _("已到期")
    RENEWED = "renewed", _("已续签")


class Subject(models.TextChoices):
    WAGES = "wages", _("劳动报酬")
    HOURS = "hours", _("工作时间")
    REST = "rest", _("休息休假")
    SAFETY = "safety", _("劳动安全卫生")
    INSURANCE = "insurance", _("保险福利")
    WOMEN = "women", _("女职工特殊保护")
    TRAINING = "training", _("职业技能培训")
    OTHER = "other", _("其他")


class VoteMethod(models.TextChoices):
    CONGRESS = "congress", _("职工代表大会表决")
    ALL_STAFF = "all_staff", _("全体职工表决")


class DeadlineKind(models.TextChoices):
    REPLY = "reply", _("书面回应要约")
    VOTE = "vote", _("草案提交职代会或全体职工审议")
    FILING = "filing", _("报送劳动保障行政部门审查")
    OBJECTION = "objection", _("审查异议期")
    PUBLISH = "publish", _("向全体职工公布")
    RENEWAL = "renewal", _("到期续签")


class BargainingCase(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("协商层级"), max_length=10, choices=BargainingLevel.choices)
    kind = models.CharField(_("合同类型"), max_length=14, choices=AgreementKind.choices)
    employer = models.ForeignKey(
        "orgs.Employer",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_party = models.CharField(_("企业方（或企业代表组织）"), max_length=120)
    title = models.CharField(_("名称"), max_length=160)
    initiated_by = models.CharField(_("要约方"), max_length=10, choices=Side.choices)
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.REQUESTED)
    requested_on = models.DateField(_("要约日期"))
    request_text = models.TextField(_("要约内容"), blank=True)
    replied_on = models.DateField(_("回应日期"), null=True, blank=True)
    reply_text = models.TextField(_("回应内容"), blank=True)
    draft_on = models.DateField(_("草案形成日期"), null=True, blank=True)
    vote_method = models.CharField(_("审议方式"), max_length=10, choices=VoteMethod.choices, blank=True)
    congress_item = models.ForeignKey(
        "congress.AgendaItem",
        verbose_name=_("职代会议程"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vote_total = models.PositiveIntegerField(_("应表决人数"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    vote_passed = models.BooleanField(_("表决通过"), null=True, blank=True)
    voted_on = models.DateField(_("表决日期"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"), null=True, blank=True)
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    filed_on = models.DateField(_("报送日期"), null=True, blank=True)
    labour_department = models.CharField(_("受理的劳动保障行政部门"), max_length=120, blank=True)
    in_force_on = models.DateField(_("生效日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    renews = models.ForeignKey(
        "self", verbose_name=_("续签自"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("平等协商")
        verbose_name_plural = _("平等协商")
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["status", "ends_on"], name="bargaining_case_status_ends"),
            models.Index(fields=["unit", "status"], name="bargaining_case_unit_status"),
        ]

    def __str__(self) -> str:
        return self.title


class CaseDeadline(models.Model):
    """A deadline of a case: counted from ``starts_on`` by ``amount`` days of ``day_unit`` (``working`` days on the
    calendar, or ``calendar`` days whose last day moves to the next working day), by the policy record it used."""

    case = models.ForeignKey(BargainingCase, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("期限"), max_length=10, choices=DeadlineKind.choices)
    starts_on = models.DateField(_("起算日"))
    due_on = models.DateField(_("截止日"))
    amount = models.PositiveSmallIntegerField(_("期限长度"))
    day_unit = models.CharField(_("计日方式"), max_length=10)  # "working" | "calendar"
    policy_key = models.CharField(max_length=80)
    policy = models.JSONField(_("依据的政策"), default=dict)
    escalates = models.BooleanField(default=True)
    met_on = models.DateField(_("完成日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协商期限")
        verbose_name_plural = _("协商期限")
        ordering = ["starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="bargaining_deadline_once")]
        indexes = [models.Index(fields=["met_on", "due_on"], name="bargaining_deadline_open")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"


class Negotiator(models.Model):
    case = models.ForeignKey(BargainingCase, on_delete=models.CASCADE, related_name="negotiators")
    side = models.CharField(_("所属方"), max_length=10, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=40)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    is_chief = models.BooleanField(_("首席代表"), default=False)

    class Meta:
        verbose_name = _("协商代表")
        verbose_name_plural = _("协商代表")
        ordering = ["side", "-is_chief", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "side"], condition=models.Q(is_chief=True), name="bargaining_one_chief_per_side"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BargainingSession(models.Model):
    case = models.ForeignKey(BargainingCase, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("轮次"))
    held_on = models.DateField(_("协商日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    minutes = models.TextField(_("会议纪要"))
    signed = models.BooleanField(_("双方首席代表已签字"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("协商会议")
        verbose_name_plural = _("协商会议")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="bargaining_session_once")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.number}"


class CaseSubject(models.Model):
    case = models.ForeignKey(BargainingCase, on_delete=models.CASCADE, related_name="subjects")
    subject = models.CharField(_("协商事项"), max_length=10, choices=Subject.choices)
    content = models.TextField(_("约定内容"))
    wage_increase = models.DecimalField(_("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("协商事项")
        verbose_name_plural = _("协商事项")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "subject"], name="bargaining_subject_once")]

    def __str__(self) -> str:
        return self.subject


class CaseEvent(models.Model):
    case = models.ForeignKey(BargainingCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("协商记录")
        verbose_name_plural = _("协商记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
