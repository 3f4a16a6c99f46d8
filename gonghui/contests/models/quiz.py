"""Online knowledge quizzes (职工知识竞赛): a question bank and quizzes drawn from it.

- ``QuestionCategory``: a category of a union's question bank (e.g. 工会法, 安全生产).
- ``Question``: a single-choice, multiple-choice or true/false question; ``correct`` holds the indexes of the right
  options and never leaves the server before an attempt is submitted.
- ``Quiz``: a quiz of a union for the members of its subtree, open between two dates, with the paper size, the time
  limit, the attempts per day and the categories the paper is drawn from.
- ``QuizAttempt``: one sitting: the random paper (question order and each question's option order) stored on the
  server, the server's start and deadline, the answers submitted once and the score. At most one attempt of a
  member per quiz is open (a partial unique constraint).
- ``QuizResult``: a member's best attempt of a quiz (most correct answers, then the shortest time): the leaderboard.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AttemptStatus",
    "Question",
    "QuestionCategory",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "QuizResult",
    "QuizStatus",
]


class QuestionCategory(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("分类"), max_length=40)

    class Meta:
        verbose_name = _("题目分类")
        verbose_name_plural = _("题目分类")
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="contests_category_once")]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")


class Question(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("工会"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("题干"), max_length=500)
    options = models.JSONField(_("选项"), default=list)  # ["选项A", "选项B", ...]
    correct = models.JSONField(_("正确选项"), default=list)  # indexes into ``options``, sorted
    explanation = models.CharField(_("解析"), max_length=500, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["category", "active"], name="contests_question_cat_idx")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def answer_letters(self) -> str:
        """The right options as letters (``AC``), for the bank's staff pages only."""
        return "".join("ABCDEF"[i] for i in self.correct)


class QuizStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class Quiz(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("竞赛名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    paper_size = models.PositiveSmallIntegerField(_("每卷题数"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("答题时限（分钟）"))
    attempts_per_day = models.PositiveSmallIntegerField(_("每日答题次数"))
    grace_seconds = models.PositiveSmallIntegerField(_("交卷宽限（秒）"))
    categories = models.ManyToManyField(QuestionCategory, verbose_name=_("出题分类"), related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=QuizStatus.choices, default=QuizStatus.DRAFT)
    policy_record_ids = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("知识竞赛")
        verbose_name_plural = _("知识竞赛")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contests_quiz_dates"),
            models.CheckConstraint(condition=Q(paper_size__gte=1), name="contests_quiz_paper_size"),
        ]

    def __str__(self) -> str:
        return self.title


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("答题中")
    SUBMITTED = "submitted", _("已交卷")
    EXPIRED = "expired", _("超时未交卷")


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )  # the member's union when the attempt started: the leaderboard's union
    day = models.DateField(_("答题日期"))
    number = models.PositiveSmallIntegerField(_("当日第几次"))
    paper = models.JSONField(default=list)  # [{"q": question id, "o": [option index shown 1st, 2nd, ...]}, ...]
    answers = models.JSONField(default=list)  # per paper position: the chosen option indexes (the question's own)
    status = models.CharField(_("状态"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(_("答对题数"), default=0)
    total = models.PositiveSmallIntegerField(_("题数"), default=0)
    seconds = models.PositiveIntegerField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("答题记录")
        verbose_name_plural = _("答题记录")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "member"], condition=Q(status="open"), name="contests_attempt_one_open"
            ),
            models.UniqueConstraint(fields=["quiz", "member", "day", "number"], name="contests_attempt_number_once"),
        ]
        indexes = [models.Index(fields=["quiz", "status"], name="contests_attempt_status_idx")]

    def __str__(self) -> str:
        return f"{self.quiz_id}:{self.member_id}:{self.day}#{self.number}"


class QuizResult(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="results")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    best_attempt = models.ForeignKey(QuizAttempt, on_delete=models.PROTECT, related_name="+")
    correct_count = models.PositiveSmallIntegerField(_("最好成绩（答对题数）"))
    total = models.PositiveSmallIntegerField(_("题数"))
    seconds = models.PositiveIntegerField(_("用时（秒）"))
    attempts = models.PositiveIntegerField(_("交卷次数"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("竞赛成绩")
        verbose_name_plural = _("竞赛成绩")
        ordering = ["-correct_count", "seconds", "pk"]
        constraints = [models.UniqueConstraint(fields=["quiz", "member"], name="contests_result_once")]
        indexes = [models.Index(fields=["quiz", "unit", "-correct_count", "seconds"], name="contests_result_rank_idx")]

    def __str__(self) -> str:
        return f"{self.quiz_id}:{self.member_id}"
