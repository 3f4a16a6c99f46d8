"""服务评价 (Ratings): the kernel's models.

- ``Rating``: one worker's score (1–5) and comment on one completed service of any module (``kind`` + ``object_id``),
  stored with the responsible union, once per (kind, record, rater). A poor rating (at or below the policy
  ``ratings.poor_threshold``, whose record is stored) waits for the union's return visit (回访).
- ``RatingEvent``: every step of a rating (rated, followed up).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUp(models.TextChoices):
    NONE = "none", _("无需回访")
    WAITING = "waiting", _("待回访")
    DONE = "done", _("已回访")


class Rating(models.Model):
    kind = models.CharField(_("服务类别"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("业务记录"))
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("责任工会"), on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.CharField(_("评价内容"), max_length=500, blank=True)
    title = models.CharField(_("服务事项"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    follow_up = models.CharField(_("回访"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE)
    poor_threshold = models.PositiveSmallIntegerField(_("差评评分线"), default=2)
    policy_record_ids = models.JSONField(default=list, blank=True)
    visitor = models.CharField(_("回访人"), max_length=50, blank=True)
    visited_on = models.DateField(_("回访日期"), null=True, blank=True)
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    followed_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    follow_up_note = models.TextField(_("回访情况"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Subtree reads join the unit (path prefix) and read its ratings by unit and period.
            models.Index(fields=["unit", "created_at"], name="ratings_unit_created"),
            models.Index(fields=["follow_up", "unit"], name="ratings_follow_up_unit"),
            models.Index(fields=["rater", "created_at"], name="ratings_rater_created"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "rater"], name="ratings_one_per_rater"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="ratings_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.score}"

    @property
    def satisfied(self) -> bool:
        return self.score >= 4


class RatingEvent(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.to_status}"
