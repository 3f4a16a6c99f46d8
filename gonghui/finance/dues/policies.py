"""Policy keys of members' dues (会费): the rate and how a month's dues are rounded.

``finance.dues_rate`` was declared by the policy app before this module existed; it moved here unchanged.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("工会经费")

DUES_RATE = define(
    key="finance.dues_rate",
    label=_("会费交纳比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.005"),
    help=_("会员按本人每月基本工资的这一比例交纳会费，交给所在基层工会。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("0.05"),
)
DUES_ROUNDING = define(
    key="finance.dues_rounding",
    label=_("会费舍入方式"),
    type=PolicyType.CHOICE,
    default="jiao_half_up",
    choices=(
        ("jiao_half_up", _("四舍五入到角")),
        ("jiao_up", _("角以下进位")),
        ("fen_half_up", _("四舍五入到分")),
        ("yuan_half_up", _("四舍五入到元")),
    ),
    help=_("每月会费按比例计算后的舍入方式（常见为四舍五入到角）。"),
    section=SECTION,
)
