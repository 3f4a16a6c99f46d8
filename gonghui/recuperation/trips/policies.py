"""Policy keys of recuperation trips (疗休养线路): the caps a trip is checked against on publication: the price per
person per day (``recuperation.daily_cap``, e.g. 600 yuan; Shaoxing 400), the cost per person per year
(``recuperation.yearly_cap``, 3,000 yuan; a trip's own cost per person may not exceed it either) and the length
(``recuperation.max_days``, 5 days). A trip is checked by the values in force at the publishing union on the day of
publication. (The keys were declared early in ``gonghui/policy/policies.py`` and moved here under the same names,
so that records already stored keep applying.)"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

RECUPERATION_DAILY_CAP = define(
    key="recuperation.daily_cap",
    label=_("疗休养每人每天费用上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("600.00"),
    places=2,
    unit=_("元"),
    help=_("疗休养线路每人每天的费用不得超过此金额（各市标准不同，如绍兴为 400 元）。"),
    section=_("疗休养"),
    min_value=Decimal("0"),
    max_value=Decimal("100000"),
)
RECUPERATION_YEARLY_CAP = define(
    key="recuperation.yearly_cap",
    label=_("疗休养每人每年费用上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("3000.00"),
    places=2,
    unit=_("元"),
    help=_("同一会员一个自然年内疗休养费用合计不得超过此金额。"),
    section=_("疗休养"),
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
RECUPERATION_MAX_DAYS = define(
    key="recuperation.max_days",
    label=_("疗休养最长天数"),
    type=PolicyType.INT,
    default=5,
    unit=_("天"),
    help=_("一次疗休养的最长天数。"),
    section=_("疗休养"),
    min_value=1,
    max_value=30,
)
