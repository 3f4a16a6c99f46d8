"""Policy keys of model workers' health check-ups: the follow-up period after abnormal results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("劳模体检")

FOLLOW_UP_DAYS = define(
    key="recuperation.follow_up_days",
    label=_("体检异常复查期限"),
    type=PolicyType.INT,
    unit=_("天"),
    default=30,
    help=_("体检结果有异常指标的，自体检日起在此天数内复查；逾期未登记复查情况的，提醒经办人和本人。"),
    section=SECTION,
    min_value=1,
    max_value=365,
)
