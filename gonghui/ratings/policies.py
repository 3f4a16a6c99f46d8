"""Policy key of ratings: the score at or below which a rating is poor and goes to the union's return-visit queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

POOR_THRESHOLD = define(
    key="ratings.poor_threshold",
    label=_("差评回访评分线"),
    type=PolicyType.INT,
    unit=_("分"),
    default=2,
    help=_("职工评分（1–5 分）不高于此值视为差评，进入责任工会的回访队列。"),
    section=_("服务评价"),
    min_value=1,
    max_value=4,
)
