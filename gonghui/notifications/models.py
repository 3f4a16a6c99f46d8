"""消息通知 (Notifications): the kernel's models.

:class:`Notification` is one message in a user's inbox (portal 消息); :class:`Preference` is a user's choice of SMS
for one category (the inbox always receives everything).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=64)
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("办理地址"), max_length=300, blank=True)
    # A retry or a job run twice notifies once: unique per recipient (e.g. "review.case:12:34").
    key = models.CharField(_("去重键"), max_length=150)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    sms_sent = models.BooleanField(_("已发短信"), default=False)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notifications_one_per_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created_idx"),
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notif_recipient_unread_idx"
            ),
            models.Index(fields=["read_at"], name="notif_read_at_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=64)
    sms = models.BooleanField(_("短信提醒"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息偏好")
        verbose_name_plural = _("消息偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="notifications_one_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.sms}"
