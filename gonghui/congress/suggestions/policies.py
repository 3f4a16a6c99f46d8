"""Policy key of rational suggestions (合理化建议): the most one suggestion's reward may be. A province, city or
county sets its own from a date; a reward is checked against the value in force at the suggestion's union on the
day it is decided, and the suggestion keeps the policy record used."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("合理化建议")

SUGGESTION_REWARD_MAX = define(
    key="congress.suggestion_reward_max",
    label=_("合理化建议单项奖励上限"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("5000.00"),
    help=_("一条被采纳并实施的合理化建议，奖励金额不超过此数。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
