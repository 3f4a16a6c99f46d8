"""Policy keys of nomination campaigns and benefits: the craftsman's years in the trade, the most places a campaign
may have, the hardship allowance's cap, how long after the award a benefit year is planned."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("劳模工匠")

CRAFTSMAN_MIN_YEARS = define(
    key="honors.craftsman_min_years",
    label=_("工匠评选从业年限要求"),
    type=PolicyType.INT,
    unit=_("年"),
    default=10,
    help=_("工匠评选的被推荐人须在本行业（工种）连续从业不少于此年数；评选建立时读取并记入评选。"),
    section=SECTION,
    min_value=0,
    max_value=50,
)
MAX_PLACES = define(
    key="honors.campaign_max_places",
    label=_("一次评选的名额上限"),
    type=PolicyType.INT,
    unit=_("名"),
    default=2000,
    help=_("一次评选（含逐级下拨）的名额总数不超过此数。"),
    section=SECTION,
    min_value=1,
    max_value=100000,
)
ALLOWANCE_CAP = define(
    key="honors.hardship_allowance_cap",
    label=_("困难劳模帮扶补助每人每年上限"),
    type=PolicyType.DECIMAL,
    unit=_("元"),
    default=Decimal("5000.00"),
    help=_("生活困难的劳模每人每年帮扶补助不超过此金额，经财务支付。"),
    section=SECTION,
    min_value=Decimal("0.01"),
    max_value=Decimal("100000.00"),
)
