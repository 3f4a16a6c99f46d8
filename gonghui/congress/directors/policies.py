"""Policy key of employee directors and supervisors: how many days before a seat's term ends its union is
reminded."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SEAT_REMINDER_DAYS = define(
    key="congress.seat_reminder_days",
    label=_("职工董事监事任期届满提醒天数"),
    type=PolicyType.INT,
    unit=_("天"),
    default=60,
    help=_("职工董事、职工监事任期结束前多少天提醒工会筹备补选或连选。"),
    section=_("民主管理"),
    min_value=1,
    max_value=365,
)
