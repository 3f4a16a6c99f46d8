"""Policy keys of ``condolences/``: the amount of a condolence payment per reason and the cap per member and
calendar year."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("退休职工")


ILLNESS_AMOUNT = define(
    key="retirees.condolence_illness",
    label=_("生病住院慰问金"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("500.00"),
    help=_("退休职工生病住院，每次慰问的金额。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("100000"),
)
DEATH_AMOUNT = define(
    key="retirees.condolence_death",
    label=_("病故慰问金"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("2000.00"),
    help=_("退休职工病故，向家属发放的慰问金。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("100000"),
)
HARDSHIP_AMOUNT = define(
    key="retirees.condolence_hardship",
    label=_("重大困难慰问金"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("1000.00"),
    help=_("退休职工遭遇重大困难，每次慰问的金额。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("100000"),
)
YEARLY_CAP = define(
    key="retirees.condolence_yearly_cap",
    label=_("每人每年慰问金上限"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("3000.00"),
    help=_("同一退休职工一个自然年内各项慰问金合计不超过此金额；超出部分不再发放。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
AMOUNT_BY_REASON = {"illness": ILLNESS_AMOUNT, "death": DEATH_AMOUNT, "hardship": HARDSHIP_AMOUNT}
