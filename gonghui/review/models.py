"""Level-by-level review (逐级审核) as data.

A :class:`ProcessType` (e.g. ``members.join``) is an ordered list of :class:`ProcessStep`; each step names
the level of the org tree that acts (the case's own unit, its parent, or its ancestor at the county, city or
province depth), the permission needed there, a deadline in working days, and whether it is a review or a
publicity (公示) step. A :class:`ReviewCase` attaches any object of any module (generic relation) to a
process; every transition appends a :class:`ReviewEvent`. All writes go through
:mod:`gonghui.review.services`; the allowed transitions are the table in :mod:`gonghui.review.transitions`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.common.datanames import dataname
from gonghui.common.masking import mask_name, mask_phone
from gonghui.common.models import AppendOnlyModel

PROCESS_CODE_RE = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"


class ProcessType(models.Model):
    code = models.CharField(
        _("代码"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(PROCESS_CODE_RE, _("代码形如 members.join：小写字母、数字、下划线，用点分隔。"))],
    )
    name = models.CharField(_("名称"), max_length=80)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("审核流程")
        verbose_name_plural = _("审核流程")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (``common.datanames``)."""
        return dataname(self.name)

    @property
    def display_description(self) -> str:
        return dataname(self.description)


class StepLevel(models.TextChoices):
    SUBJECT = "subject", _("事项所属组织")
    PARENT = "parent", _("上一级组织")
    COUNTY = "county", _("县级（第 3 层）")
    CITY = "city", _("市级（第 2 层）")
    PROVINCE = "province", _("省级（第 1 层）")


# Depth in the org tree of the depth-based levels (1 = the root, a province federation).
LEVEL_DEPTH: dict[str, int] = {StepLevel.PROVINCE: 1, StepLevel.CITY: 2, StepLevel.COUNTY: 3}


class StepKind(models.TextChoices):
    REVIEW = "review", _("审核")
    PUBLICITY = "publicity", _("公示")


class ProcessStep(models.Model):
    process = models.ForeignKey(ProcessType, verbose_name=_("流程"), on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("名称"), max_length=40)
    level = models.CharField(_("办理层级"), max_length=16, choices=StepLevel.choices)
    permission = models.CharField(_("所需权限"), max_length=80, default="review.act_case")
    deadline_working_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    kind = models.CharField(_("类型"), max_length=16, choices=StepKind.choices, default=StepKind.REVIEW)
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("审核步骤")
        verbose_name_plural = _("审核步骤")
        ordering = ["process", "order"]
        constraints = [models.UniqueConstraint(fields=["process", "order"], name="review_step_process_order_uniq")]

    def __str__(self) -> str:
        return f"{self.order}. {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language (``common.datanames``)."""
        return dataname(self.name)

    @property
    def is_publicity(self) -> bool:
        return self.kind == StepKind.PUBLICITY


class CaseStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("审核中")
    IN_PUBLICITY = "in_publicity", _("公示中")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES: tuple[str, ...] = (CaseStatus.IN_REVIEW, CaseStatus.IN_PUBLICITY, CaseStatus.RETURNED)
ACTIVE_STATUSES: tuple[str, ...] = (CaseStatus.IN_REVIEW, CaseStatus.IN_PUBLICITY)  # a unit must act now
FINAL_STATUSES: tuple[str, ...] = (CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


class ReviewCase(models.Model):
    process = models.ForeignKey(ProcessType, verbose_name=_("流程"), on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="review_cases"
    )
    subject_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.IN_REVIEW)
    current_step = models.ForeignKey(
        ProcessStep, verbose_name=_("当前步骤"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("当前办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step_started_on = models.DateField(_("本步骤开始日期"), null=True, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("审核事项")
        verbose_name_plural = _("审核事项")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "current_unit"], name="review_case_status_unit_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="review_case_subject_idx"),
            models.Index(fields=["status", "due_on"], name="review_case_status_due_idx"),
            models.Index(fields=["submitted_by", "-submitted_at"], name="review_case_submitter_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "subject_type", "subject_id"],
                condition=models.Q(status__in=["in_review", "in_publicity", "returned"]),
                name="review_case_one_open_per_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(self.status in ACTIVE_STATUSES and self.due_on and self.due_on < timezone.localdate())


class EventAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("驳回")
    RESUBMIT = "resubmit", _("重新提交")
    WITHDRAW = "withdraw", _("撤回")
    PUBLICITY_START = "publicity_start", _("开始公示")
    PUBLICITY_CLOSE = "publicity_close", _("结束公示")
    OBJECTION = "objection", _("收到异议")
    OBJECTION_RESOLVE = "objection_resolve", _("处理异议")


class ReviewEvent(AppendOnlyModel):
    """One step of a case's history. Append-only: written by ``review.transitions.apply`` only."""

    case = models.ForeignKey(ReviewCase, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="events")
    step = models.ForeignKey(
        ProcessStep, verbose_name=_("步骤"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("办理单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=24, choices=EventAction.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CaseStatus.choices)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="review_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection raised during a publicity period (公示异议)."""

    case = models.ForeignKey(ReviewCase, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="objections")
    step = models.ForeignKey(ProcessStep, verbose_name=_("公示步骤"), on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=11)
    content = models.TextField(_("异议内容"))
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["case", "status"], name="review_objection_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {mask_name(self.contact_name)}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)
