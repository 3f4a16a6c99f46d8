"""Needs surveys (问需于职工): questionnaires a union sends to the members of its subtree.

- ``Survey``: a union's questionnaire, its audience (the subtree, optionally narrowed to some sub-unions and/or to
  gig workers), dates, anonymity and status (draft → open → closed → published results), with ``SurveyEvent`` rows.
- ``SurveyQuestion``: an ordered question: single choice, multiple choice (with a maximum), free text, a 1–5 scale.
- ``SurveyParticipation``: that a member answered, unique per (survey, member): the one-answer rule.
- ``SurveyResponse``: the answers. Its key is a random UUID and it carries no time, so that for an anonymous survey
  nothing orders or joins it to a participation; ``member`` is set only for a named survey, ``group`` is the child
  union of the survey's union the respondent belongs to (the breakdown, shown only for groups of a policy minimum).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Survey",
    "SurveyEvent",
    "SurveyParticipation",
    "SurveyQuestion",
    "SurveyQuestionKind",
    "SurveyResponse",
    "SurveyStatus",
]


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已公布结果")


class Survey(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("发起工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("问卷标题"), max_length=120)
    intro = models.TextField(_("问卷说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    anonymous = models.BooleanField(_("匿名问卷"), default=True)
    gig_only = models.BooleanField(_("仅新就业形态劳动者"), default=False)
    units = models.ManyToManyField(
        "orgs.OrgUnit", verbose_name=_("限定下级工会"), blank=True, related_name="+"
    )  # empty: the whole subtree of ``unit``
    status = models.CharField(_("状态"), max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    audience_size = models.PositiveIntegerField(_("应答人数"), default=0)  # counted when the survey opens
    min_group = models.PositiveSmallIntegerField(_("分组最少答卷数"), default=5)  # policy, kept when it opens
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("需求调查问卷")
        verbose_name_plural = _("需求调查问卷")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="ws_survey_dates"),
        ]
        indexes = [models.Index(fields=["status", "closes_on"], name="ws_survey_status_idx")]

    def __str__(self) -> str:
        return self.title


class SurveyQuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TEXT = "text", _("填空题")
    SCALE = "scale", _("打分题（1–5 分）")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("题型"), max_length=10, choices=SurveyQuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    options = models.JSONField(_("选项"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("最多选几项"), null=True, blank=True)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = _("问卷题目")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class SurveyEvent(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问卷状态记录")
        verbose_name_plural = _("问卷状态记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"


class SurveyParticipation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问卷参与记录")
        verbose_name_plural = _("问卷参与记录")
        ordering = ["survey", "member"]
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="ws_survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.member_id}"


class SurveyResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # named surveys only
    group = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("分组工会"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(default=dict)  # {"<question id>": [option indexes] | 1..5 | "text"}

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        return str(self.id)
