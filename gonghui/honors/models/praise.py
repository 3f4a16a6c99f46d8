"""The praise wall (点赞台).

``PraisePost``: a member's recognition of a colleague or teacher (text, the person's name, an optional photo kept as a
private attachment), in the author's union. It waits for moderation (``pending``), or is held automatically when its
text contains a word of the union's policy list (``held``, the word recorded); a moderator publishes or rejects it
with a reason; a published post can be featured by its union or hidden after reports. ``PraiseLike``: one per post and
member (a unique constraint); ``like_count`` follows with ``F()``. ``PraiseReport``: a report of a post, one per
post and member, in the moderators' queue until resolved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PraiseLike", "PraisePost", "PraiseReport", "PraiseStatus", "PraiseSubject", "ReportStatus"]


class PraiseSubject(models.TextChoices):
    COLLEAGUE = "colleague", _("同事")
    TEACHER = "teacher", _("师傅/老师")


class PraiseStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    HELD = "held", _("含敏感词待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("未通过")
    HIDDEN = "hidden", _("已下架")


class PraisePost(models.Model):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), on_delete=models.PROTECT, related_name="+"
    )
    author_member = models.ForeignKey(
        "members.Member", verbose_name=_("发布会员"), on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(_("点赞对象"), max_length=10, choices=PraiseSubject.choices)
    subject_name = models.CharField(_("被点赞人"), max_length=40)
    text = models.TextField(_("点赞内容"), max_length=1000)
    status = models.CharField(_("状态"), max_length=10, choices=PraiseStatus.choices, default=PraiseStatus.PENDING)
    held_word = models.CharField(_("命中的敏感词"), max_length=40, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("审核意见"), max_length=500, blank=True)
    featured = models.BooleanField(_("精选"), default=False)
    like_count = models.PositiveIntegerField(_("点赞数"), default=0)
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("点赞帖")
        verbose_name_plural = _("点赞台")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "-created_at"], name="honors_praise_wall"),
            models.Index(fields=["author", "-created_at"], name="honors_praise_author"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}"


class PraiseLike(models.Model):
    post = models.ForeignKey(PraisePost, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="honors_praise_like_once")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.user_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("已下架")
    DISMISSED = "dismissed", _("不予处理")


class PraiseReport(models.Model):
    post = models.ForeignKey(PraisePost, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("举报理由"), max_length=500)
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="honors_praise_report_once")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.get_status_display()}"
