"""Innovation studios (劳模和工匠人才创新工作室).

``Studio``: a studio led by a model worker or craftsman of the register (``Honoree``) in a union. It is applied for
by the union, reviewed level by level (the review kernel: ``honors.studio_city`` or ``honors.studio_provincial`` by
the grade asked for), named with that grade, evaluated every year (pass, or fail and revoked) and revoked with a
reason. ``StudioEvent`` is its history. ``StudioEvaluation``: one per studio and year. ``StudioGrant``: the yearly
grant decided by the grade's policy amount, paid through the finance ledger (the amount is read back from the
payment request; the grant keeps the policy record it used). ``StudioResult``: patents, savings (yuan) and other
results. ``Apprenticeship``: a 名师带徒 pair (mentor, apprentice, goal) and its ``ApprenticeProgress`` records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ApprenticeProgress",
    "Apprenticeship",
    "ApprenticeshipStatus",
    "EvaluationResult",
    "ResultKind",
    "Studio",
    "StudioEvaluation",
    "StudioEvent",
    "StudioGrade",
    "StudioGrant",
    "StudioResult",
    "StudioStatus",
]


class StudioGrade(models.TextChoices):
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


class StudioStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    NAMED = "named", _("已命名")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销命名")


class Studio(models.Model):
    name = models.CharField(_("工作室名称"), max_length=100)
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        "honors.Honoree", verbose_name=_("领衔人"), on_delete=models.PROTECT, related_name="studios"
    )
    field = models.CharField(_("专业领域"), max_length=100)
    description = models.TextField(_("简介与创新方向"), max_length=2000)
    grade = models.CharField(_("等级"), max_length=12, choices=StudioGrade.choices)
    status = models.CharField(_("状态"), max_length=12, choices=StudioStatus.choices, default=StudioStatus.IN_REVIEW)
    named_on = models.DateField(_("命名日期"), null=True, blank=True)
    named_by = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("命名单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=500, blank=True)
    review_comment = models.CharField(_("审核意见"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="honors_studio_unit_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["leader"],
                condition=models.Q(status__in=["in_review", "returned", "named"]),
                name="honors_studio_one_per_leader",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StudioEvent(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("说明"), max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.studio_id} {self.action}"


class EvaluationResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class StudioEvaluation(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    result = models.CharField(_("考核结果"), max_length=8, choices=EvaluationResult.choices)
    comment = models.CharField(_("考核意见"), max_length=1000, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="honors_studio_evaluation_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class StudioGrant(models.Model):
    """The grant of one studio for one year: the grade and the policy record that set the amount; the payment
    request in finance holds the amount and its state."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="grants")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("等级"), max_length=12, choices=StudioGrade.choices)
    policy_record_id = models.BigIntegerField(_("依据的政策版本"), null=True, blank=True)
    payment = models.ForeignKey(
        "finance.PaymentRequest", verbose_name=_("支付申请"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["studio", "year"], name="honors_studio_grant_once")]

    def __str__(self) -> str:
        return f"{self.studio_id} {self.year}"


class ResultKind(models.TextChoices):
    PATENT = "patent", _("专利")
    SAVING = "saving", _("技术革新（节约创效）")
    OTHER = "other", _("其他成果")


class StudioResult(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(_("成果类型"), max_length=8, choices=ResultKind.choices)
    title = models.CharField(_("成果名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    patent_no = models.CharField(_("专利号"), max_length=40, blank=True)
    savings = models.DecimalField(_("节约或创造价值（元）"), max_digits=14, decimal_places=2, default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class ApprenticeshipStatus(models.TextChoices):
    ACTIVE = "active", _("带徒中")
    COMPLETED = "completed", _("已出师")
    ENDED = "ended", _("已终止")


class Apprenticeship(models.Model):
    """A 名师带徒 pair of a studio: the mentor (the leader or a member of the studio's union) and the apprentice."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="apprenticeships")
    mentor = models.ForeignKey("members.Member", verbose_name=_("师傅"), on_delete=models.PROTECT, related_name="+")
    apprentice = models.ForeignKey("members.Member", verbose_name=_("徒弟"), on_delete=models.PROTECT, related_name="+")
    goal = models.CharField(_("带徒目标"), max_length=500)
    started_on = models.DateField(_("结对日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ApprenticeshipStatus.choices, default=ApprenticeshipStatus.ACTIVE
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "apprentice"],
                condition=models.Q(status="active"),
                name="honors_apprenticeship_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.apprentice_id}"


class ApprenticeProgress(models.Model):
    apprenticeship = models.ForeignKey(Apprenticeship, on_delete=models.PROTECT, related_name="progress")
    on = models.DateField(_("日期"))
    note = models.CharField(_("进展"), max_length=1000)
    percent = models.PositiveSmallIntegerField(_("完成度（%）"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on} {self.percent}%"
