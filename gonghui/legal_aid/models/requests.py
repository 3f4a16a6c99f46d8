"""Workers' requests (职工诉求).

- ``RequestCategory``: policy data: a category's name, its response deadline in working days and whether it is
  sensitive (harassment, safety: visible only to staff designated for sensitive requests).
- ``WorkerRequest``: a request, complaint or need filed from the portal by any signed-in worker (a member or not),
  routed to the responsible union (and why), answered by a deadline, transferred between unions with a reason,
  rated by the worker; a poor rating reopens it once. The requester may ask to stay anonymous: their identity is
  kept (``requester``) but shown only to the staff who act on the request.
- ``RequestEvent``: every step (the requester's own steps carry no actor: ``by_requester``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "RequestCategory",
    "RequestEvent",
    "RequestRoute",
    "RequestStatus",
    "WorkerRequest",
]


class RequestCategory(models.Model):
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("类别名称"), max_length=40)
    deadline_days = models.PositiveSmallIntegerField(_("答复期限（工作日）"), default=5)
    sensitive = models.BooleanField(_("敏感类别"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待答复")
    ANSWERED = "answered", _("已答复待评价")
    REOPENED = "reopened", _("重新办理")
    CLOSED = "closed", _("已办结")


class RequestRoute(models.TextChoices):
    MEMBER_UNIT = "member_unit", _("会员所在工会")
    EMPLOYER = "employer", _("所选单位的工会")
    REGION = "region", _("所选地区的县级总工会")


class WorkerRequest(models.Model):
    number = models.CharField(_("诉求编号"), max_length=24, unique=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("诉求人"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    anonymous = models.BooleanField(_("匿名"), default=False)
    category = models.ForeignKey(RequestCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+")
    # The category's rules when filed: a later change of the category does not change this request.
    sensitive = models.BooleanField(_("敏感"), default=False)
    deadline_days = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    description = models.TextField(_("诉求内容"))
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("责任工会"), on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("分派依据"), max_length=12, choices=RequestRoute.choices)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("所在地区"), max_length=6, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    due_on = models.DateField(_("答复期限"))
    escalated_at = models.DateTimeField(_("逾期督办时间"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    first_answer_on_time = models.BooleanField(_("首次答复按期"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价说明"), max_length=500, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    # The policy records the deadline and the rating threshold were read from.
    policy_record_ids = models.JSONField(default=list, blank=True)
    # The filing form's one-time key: a double click, a retry or a second device files one request.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("职工诉求")
        verbose_name_plural = _("职工诉求")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="legal_aid_request_unit"),
            models.Index(fields=["status", "due_on"], name="legal_aid_request_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="legal_aid_request_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class RequestEvent(models.Model):
    request = models.ForeignKey(WorkerRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    by_requester = models.BooleanField(default=False)
    from_unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
