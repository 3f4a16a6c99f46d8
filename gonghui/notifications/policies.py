"""Policy key of the notification centre: how long read messages are kept."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

RETENTION_DAYS = define(
    key="notifications.read_retention_days",
    label=_("已读消息保留天数"),
    type=PolicyType.INT,
    unit=_("天"),
    default=180,
    help=_("职工已读的消息保留这么多天后删除；未读消息不删除。按全国（根组织）的设置执行。"),
    section=_("消息通知"),
    min_value=7,
    max_value=3650,
)
