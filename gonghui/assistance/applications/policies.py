"""Policy keys of hardship assistance (困难职工帮扶): the minimum living standard (低保) per city or county, the
multiples and shares that set the categories, and the periods and caps of the household file's support."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("困难职工帮扶")

DIBAO = define(
    key="assistance.dibao",
    label=_("最低生活保障标准（低保，每人每月）"),
    type=PolicyType.DECIMAL,
    default=Decimal("1240.00"),
    places=2,
    unit=_("元"),
    help=_("当地城乡居民最低生活保障标准。由市或县（市、区）总工会按当地民政部门公布的标准设置，并注明生效日期。"),
    section=SECTION,
    min_value=Decimal("1.00"),
    max_value=Decimal("100000.00"),
)
RELATIVE_MULTIPLE = define(
    key="assistance.relative_multiple",
    label=_("相对困难认定倍数（低保的倍数）"),
    type=PolicyType.DECIMAL,
    default=Decimal("2.00"),
    places=2,
    unit=_("倍"),
    help=_("家庭人均月收入（扣除刚性支出后）低于低保标准的这一倍数，认定为相对困难。"),
    section=SECTION,
    min_value=Decimal("1.00"),
    max_value=Decimal("10.00"),
)
ACCIDENT_SHARE = define(
    key="assistance.accident_share",
    label=_("意外致困刚性支出占收入比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.8"),
    help=_("因突发事件，家庭刚性支出超过家庭收入的这一比例，认定为意外致困。"),
    section=SECTION,
    min_value=Decimal("0.1"),
    max_value=Decimal("5"),
)
LEAVE_AFTER_MONTHS = define(
    key="assistance.leave_after_months",
    label=_("收入持续高于标准后退出档案的月数"),
    type=PolicyType.INT,
    default=6,
    unit=_("个月"),
    help=_("年审发现家庭收入高于困难标准，持续这么多个月后，档案可以退出（须记录原因）。"),
    section=SECTION,
    min_value=1,
    max_value=36,
)
SCHOOLING_CAP = define(
    key="assistance.schooling_cap",
    label=_("助学金每名子女每年上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("3000.00"),
    places=2,
    unit=_("元"),
    help=_("困难职工家庭子女助学金，每名子女每学年不超过此金额。"),
    section=SECTION,
    min_value=Decimal("0.00"),
    max_value=Decimal("100000.00"),
)
SUPPORT_CAP = define(
    key="assistance.support_cap",
    label=_("单笔生活、医疗救助或节日慰问金上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("10000.00"),
    places=2,
    unit=_("元"),
    help=_("一户一项一期发放的生活救助、医疗救助或送温暖慰问金不超过此金额。"),
    section=SECTION,
    min_value=Decimal("0.00"),
    max_value=Decimal("1000000.00"),
)
REVIEW_DUE_DAYS = define(
    key="assistance.annual_review_days",
    label=_("年审办理期限（天）"),
    type=PolicyType.INT,
    default=30,
    unit=_("天"),
    help=_("年审开启后，所在工会应在这么多天内完成入户核查和收入复核。"),
    section=SECTION,
    min_value=1,
    max_value=365,
)
EXPENSE_ACCOUNT = define(
    key="assistance.expense_account",
    label=_("帮扶资金支出科目代码"),
    type=PolicyType.STR,
    default="520101",
    help=_("帮扶款项在付款工会账套中记入的支出明细科目代码（工会会计制度：困难职工帮扶费）。"),
    section=SECTION,
    max_length=20,
)
