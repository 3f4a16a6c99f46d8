"""Policy keys of innovation studios: the yearly grant of each grade and the expense account it is booked to."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("劳模工匠")

GRANT_PROVINCIAL = define(
    key="honors.studio_grant_provincial",
    label=_("省级创新工作室年度补助"),
    type=PolicyType.DECIMAL,
    unit=_("元"),
    default=Decimal("50000.00"),
    help=_("命名为省级的劳模和工匠人才创新工作室，命名当年及此后每个考核合格年度的补助金额。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("10000000"),
    places=2,
)
GRANT_CITY = define(
    key="honors.studio_grant_city",
    label=_("市级创新工作室年度补助"),
    type=PolicyType.DECIMAL,
    unit=_("元"),
    default=Decimal("30000.00"),
    help=_("命名为市级的劳模和工匠人才创新工作室，命名当年及此后每个考核合格年度的补助金额。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("10000000"),
    places=2,
)
GRANT_ACCOUNT = define(
    key="honors.studio_grant_account",
    label=_("创新工作室补助列支科目"),
    type=PolicyType.STR,
    default="5101",
    help=_("命名单位账套中列支创新工作室补助的支出科目代码（默认“职工服务支出”）。"),
    section=SECTION,
    max_length=20,
)

GRANT_BY_GRADE = {"provincial": GRANT_PROVINCIAL, "city": GRANT_CITY}
