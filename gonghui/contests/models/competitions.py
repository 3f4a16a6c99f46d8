"""Skill and teaching contests (职工技能竞赛、教学竞赛): contests with stages, entrants, judges' scores, awards.

- ``Contest``: organised by a union (its ``unit``) at unit, city or province level, of kind skill or teaching, with
  its eligibility rules (age bounds, years in the trade, a required certificate) and its award (title, top N,
  skill-level upgrade).
- ``ContestStage``: preliminary, semi-final or final of a contest; planned → open (judging) → closed (ranked).
- ``ContestEntry``: a member registered by their union, with the eligibility decision and its trace.
- ``StageEntrant``: an entry taking part in a stage; on close it holds the component averages, the total, the rank,
  whether it advances, and the trace of the calculation.
- ``JudgeAssignment``: a user account on a stage's judging panel (a judge need not be staff).
- ``JudgeScore``: one judge's score of one component of one entrant, written once (unique per judge, entrant,
  component) and never changed.
- ``ContestAward``: a title won in a contest, recorded on the member (with a skill-level upgrade where given).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Contest",
    "ContestAward",
    "ContestEntry",
    "ContestKind",
    "ContestLevel",
    "ContestStage",
    "ContestStatus",
    "EntryStatus",
    "JudgeAssignment",
    "JudgeScore",
    "StageEntrant",
    "StageRound",
    "StageStatus",
]


class ContestKind(models.TextChoices):
    SKILL = "skill", _("技能竞赛")
    TEACHING = "teaching", _("教学竞赛")


class ContestLevel(models.TextChoices):
    UNIT = "unit", _("单位级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


class ContestStatus(models.TextChoices):
    REGISTERING = "registering", _("报名中")
    RUNNING = "running", _("比赛中")
    FINISHED = "finished", _("已结束")
    PUBLISHED = "published", _("结果已公布")


class Contest(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("竞赛名称"), max_length=120)
    kind = models.CharField(_("竞赛类型"), max_length=12, choices=ContestKind.choices)
    level = models.CharField(_("竞赛级别"), max_length=12, choices=ContestLevel.choices)
    trade = models.CharField(_("工种或学科"), max_length=60)
    starts_on = models.DateField(_("比赛开始日期"))
    min_age = models.PositiveSmallIntegerField(_("最低年龄"))
    max_age = models.PositiveSmallIntegerField(_("最高年龄"))
    min_years = models.PositiveSmallIntegerField(_("最少从业年限"))
    certificate = models.CharField(_("须持证书"), max_length=60, blank=True)
    award_title = models.CharField(_("授予称号"), max_length=40, blank=True)
    skill_upgrade = models.CharField(_("技能等级晋升"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ContestStatus.choices, default=ContestStatus.REGISTERING
    )
    published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="contests_contest_unit_status")]

    def __str__(self) -> str:
        return self.name


class StageRound(models.TextChoices):
    PRELIMINARY = "preliminary", _("初赛")
    SEMIFINAL = "semifinal", _("复赛")
    FINAL = "final", _("决赛")


ROUND_ORDER = {StageRound.PRELIMINARY: 1, StageRound.SEMIFINAL: 2, StageRound.FINAL: 3}


class StageStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    OPEN = "open", _("评分中")
    CLOSED = "closed", _("已结束")


class ContestStage(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="stages")
    round = models.CharField(_("赛段"), max_length=12, choices=StageRound.choices)
    order = models.PositiveSmallIntegerField(_("顺序"))
    status = models.CharField(_("状态"), max_length=12, choices=StageStatus.choices, default=StageStatus.PLANNED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    advance_count = models.PositiveSmallIntegerField(_("晋级名额"), null=True, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("赛段")
        verbose_name_plural = _("赛段")
        ordering = ["contest", "order"]
        constraints = [models.UniqueConstraint(fields=["contest", "round"], name="contests_stage_once")]

    def __str__(self) -> str:
        return f"{self.contest} · {self.get_round_display()}"

    @property
    def is_final(self) -> bool:
        return self.round == StageRound.FINAL


class EntryStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("符合条件")
    INELIGIBLE = "ineligible", _("不符合条件")


class ContestEntry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("members.Member", verbose_name=_("选手"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="+")
    years_in_trade = models.PositiveSmallIntegerField(_("从业年限"))
    certificates = models.CharField(_("所持证书"), max_length=200, blank=True)
    status = models.CharField(_("资格"), max_length=12, choices=EntryStatus.choices)
    eligibility_trace = models.JSONField(_("资格审查说明"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("参赛报名")
        verbose_name_plural = _("参赛报名")
        ordering = ["contest", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "member"], name="contests_entry_once")]
        indexes = [models.Index(fields=["unit", "contest"], name="contests_entry_unit")]

    def __str__(self) -> str:
        return f"{self.contest_id}:{self.member_id}"


class StageEntrant(models.Model):
    stage = models.ForeignKey(ContestStage, on_delete=models.CASCADE, related_name="entrants")
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="stage_rows")
    number = models.PositiveSmallIntegerField(_("参赛编号"))
    time_seconds = models.PositiveIntegerField(_("用时（秒）"), null=True, blank=True)
    components = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    advanced = models.BooleanField(_("晋级"), default=False)
    trace = models.JSONField(_("计分说明"), default=dict, blank=True)

    class Meta:
        verbose_name = _("赛段选手")
        verbose_name_plural = _("赛段选手")
        ordering = ["stage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "entry"], name="contests_stage_entrant_once"),
            models.UniqueConstraint(fields=["stage", "number"], name="contests_stage_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.stage_id}#{self.number}"


class JudgeAssignment(models.Model):
    stage = models.ForeignKey(ContestStage, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评委"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        ordering = ["stage", "id"]
        constraints = [models.UniqueConstraint(fields=["stage", "user"], name="contests_judge_once")]

    def __str__(self) -> str:
        return f"{self.stage_id}:{self.user_id}"


class JudgeScore(models.Model):
    entrant = models.ForeignKey(StageEntrant, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    component = models.CharField(_("评分项"), max_length=16)
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评委评分")
        verbose_name_plural = _("评委评分")
        constraints = [
            models.UniqueConstraint(fields=["entrant", "judge", "component"], name="contests_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entrant_id}:{self.judge_id}:{self.component}"


class ContestAward(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="awards")
    entry = models.OneToOneField(ContestEntry, on_delete=models.PROTECT, related_name="award")
    member = models.ForeignKey("members.Member", verbose_name=_("获奖人"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("名次"))
    title = models.CharField(_("称号"), max_length=40, blank=True)
    skill_upgrade = models.CharField(_("技能等级晋升"), max_length=60, blank=True)
    awarded_on = models.DateField(_("授予日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("竞赛获奖")
        verbose_name_plural = _("竞赛获奖")
        ordering = ["contest", "rank"]
        indexes = [models.Index(fields=["member"], name="contests_award_member")]

    def __str__(self) -> str:
        return f"{self.contest_id}:{self.rank}"
