"""Employee directors and supervisors (职工董事、职工监事): elected by the congress, with terms and reports to each
session; reminders before a term ends."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = ["BoardRole", "BoardSeat", "BoardSeatReport"]


class BoardRole(models.TextChoices):
    DIRECTOR = "director", _("职工董事")
    SUPERVISOR = "supervisor", _("职工监事")


class BoardSeat(models.Model):
    congress = models.ForeignKey("congress.Congress", on_delete=models.PROTECT, related_name="board_seats")
    member = models.ForeignKey("members.Member", verbose_name=_("当选人"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职务"), max_length=12, choices=BoardRole.choices)
    elected_at = models.ForeignKey(
        "congress.CongressSession",
        verbose_name=_("选举会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"))
    ended_early_on = models.DateField(_("提前终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("职工董事监事")
        verbose_name_plural = _("职工董事监事")
        ordering = ["congress", "role", "-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="congress_seat_dates")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.member_id}"


class BoardSeatReport(models.Model):
    seat = models.ForeignKey(BoardSeat, on_delete=models.CASCADE, related_name="reports")
    session = models.ForeignKey("congress.CongressSession", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("述职报告"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("董事监事述职")
        verbose_name_plural = _("董事监事述职")
        constraints = [models.UniqueConstraint(fields=["seat", "session"], name="congress_seat_report_once")]

    def __str__(self) -> str:
        return f"{self.seat_id}@{self.session_id}"
