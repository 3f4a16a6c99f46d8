"""Congress sessions (职代会会议): agenda, attendance, votes.

- ``CongressSession``: a session of a term; it may vote only with a quorum (two thirds of all representatives
  present, policy).
- ``AgendaItem``: an item; a resolution passes with more than half of **all** representatives of the term (not of
  those present). Secret ballot for elections and major matters, open vote otherwise.
- ``Attendance``: a representative's sign-in (member-card QR or the list), once per session.
- ``OpenVote``: how a representative voted on an open item (once per item).
- ``BallotReceipt``: that a representative voted on a secret item (once per item), never how.
- ``SealedBallot``: a secret ballot's choice with a random key and no link to the voter, no timestamp and no ordered
  id: the tally can be recounted from the sealed ballots, and nothing ties a ballot to its voter.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "AgendaStatus",
    "Attendance",
    "BallotReceipt",
    "Choice",
    "CongressSession",
    "OpenVote",
    "SealedBallot",
    "SessionStatus",
]


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    OPEN = "open", _("会议进行中")
    CLOSED = "closed", _("已闭会")


class CongressSession(models.Model):
    term = models.ForeignKey("congress.CongressTerm", on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("次数"))
    title = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("会议日期"))
    venue = models.CharField(_("会议地点"), max_length=120, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    minutes = models.TextField(_("会议纪要"), blank=True)
    published_at = models.DateTimeField(_("决议公布时间"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("职代会会议")
        verbose_name_plural = _("职代会会议")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="congress_session_once")]

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    REPORT = "report", _("报告审议")
    RESOLUTION = "resolution", _("决议事项")
    MAJOR = "major", _("重大事项")
    ELECTION = "election", _("选举")


class AgendaStatus(models.TextChoices):
    PENDING = "pending", _("待表决")
    VOTING = "voting", _("表决中")
    CLOSED = "closed", _("已计票")


class Choice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


class AgendaItem(models.Model):
    session = models.ForeignKey(CongressSession, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=AgendaKind.choices)
    secret = models.BooleanField(_("无记名投票"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.PENDING)
    votes_for = models.PositiveIntegerField(_("赞成"), default=0)
    votes_against = models.PositiveIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveIntegerField(_("弃权"), default=0)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    tally_trace = models.JSONField(_("计票说明"), default=dict, blank=True)
    policy_record_ids = models.JSONField(default=list, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="congress_item_order_once")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(CongressSession, on_delete=models.CASCADE, related_name="attendance")
    representative = models.ForeignKey("congress.Representative", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("签到方式"), max_length=8)  # "qr" | "list"
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        constraints = [models.UniqueConstraint(fields=["session", "representative"], name="congress_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.representative_id}"


class OpenVote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="open_votes")
    representative = models.ForeignKey("congress.Representative", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("表决意见"), max_length=8, choices=Choice.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("举手表决")
        verbose_name_plural = _("举手表决")
        constraints = [models.UniqueConstraint(fields=["item", "representative"], name="congress_open_vote_once")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.representative_id}"


class BallotReceipt(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="receipts")
    representative = models.ForeignKey("congress.Representative", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["item", "representative"], name="congress_receipt_once")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.representative_id}"


class SealedBallot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("表决意见"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("密封选票")
        verbose_name_plural = _("密封选票")
        constraints = [
            models.CheckConstraint(condition=Q(choice__in=["for", "against", "abstain"]), name="congress_ballot_choice")
        ]

    def __str__(self) -> str:
        return str(self.id)
