"""Policy keys of the employer allocation (拨缴经费): rate, due day, late charge and the split between levels.

``finance.allocation_rate`` and ``finance.grassroots_share`` were declared by the policy app before this module
existed; they moved here unchanged (same key, same definition), so stored records keep working.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("工会经费")
UPPER_LEVELS = ("county", "city", "province")
# Every level that takes a share above the grassroots, lowest first (the national federation, 中华全国总工会, is
# above every province and never in a province's tree: its share is owed upward, see ``split_plan``).
SHARE_LEVELS = ("county", "city", "province", "national")
# Rank of a federation level (lower is higher up).
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}

ALLOCATION_RATE = define(
    key="finance.allocation_rate",
    label=_("工会经费拨缴比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.02"),
    help=_("用人单位按全部职工工资总额的这一比例拨缴工会经费。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("0.1"),
)
GRASSROOTS_SHARE = define(
    key="finance.grassroots_share",
    label=_("基层工会经费留成比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.60"),
    help=_("拨缴的工会经费中由基层工会留用的比例，其余按规定比例上解各级工会。"),
    section=SECTION,
)


def validate_upper_shares(value: Any) -> None:
    """``{"county": "0.5", "city": "0.3", "province": "0.2"}``: each level once, ratios in [0, 1], summing to 1
    (the national share is its own key, ``finance.allocation_national_share``, a share of the whole amount)."""
    if not isinstance(value, dict) or set(value) != set(UPPER_LEVELS):
        raise ValidationError(
            gettext("须为 county、city、province 三级各自的比例，例如 %(example)s。")
            % {"example": '{"county": "0.5", "city": "0.3", "province": "0.2"}'},
            code="shape",
        )
    total = Decimal(0)
    for level in UPPER_LEVELS:
        try:
            ratio = Decimal(str(value[level]))
        except (InvalidOperation, ValueError):
            raise ValidationError(gettext("“%(level)s”的比例不是数字。") % {"level": level}, code="number") from None
        if isinstance(value[level], float) or not ratio.is_finite() or not Decimal(0) <= ratio <= Decimal(1):
            raise ValidationError(
                gettext("“%(level)s”的比例须为 0 至 1 之间的小数（写成字符串）。") % {"level": level}, code="range"
            )
        total += ratio
    if total != Decimal(1):
        raise ValidationError(gettext("上解各级的比例合计须为 100%%，现为 %(total)s。") % {"total": total}, code="sum")


UPPER_SHARES = define(
    key="finance.allocation_upper_shares",
    label=_("上解部分在各级之间的分配比例"),
    type=PolicyType.JSON,
    default={"county": "0.50", "city": "0.30", "province": "0.20"},
    help=_(
        "基层留成以外的部分按此比例分给县（区）、市、省三级总工会，三者合计须为 100%。"
        "某一级未建账时，其份额记入向上最近的已建账工会。"
    ),
    section=SECTION,
    validator=validate_upper_shares,
)
DUE_DAY = define(
    key="finance.allocation_due_day",
    label=_("拨缴经费缴纳截止日"),
    type=PolicyType.INT,
    default=15,
    unit=_("日"),
    help=_("每月工资总额对应的经费应在次月的这一天前缴纳（当月无此日时取月末）。"),
    section=SECTION,
    min_value=1,
    max_value=31,
)
DUE_SHIFT = define(
    key="finance.allocation_due_shift",
    label=_("截止日遇节假日"),
    type=PolicyType.CHOICE,
    default="next_working_day",
    choices=(("next_working_day", _("顺延至下一个工作日")), ("none", _("不顺延"))),
    help=_("截止日为周末或法定节假日时是否顺延（以工作日历为准）。"),
    section=SECTION,
)
NATIONAL_SHARE = define(
    key="finance.allocation_national_share",
    label=_("上解全国总工会的比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0"),
    help=_(
        "拨缴经费总额中上解中华全国总工会的比例（占全部拨缴经费），从上解部分中先行划出，"
        "其余再按县（区）、市、省三级比例分配；由省总工会按规定设置。"
    ),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("0.4"),
)
LATE_RATE = define(
    key="finance.allocation_late_rate",
    label=_("拨缴经费滞纳金日费率"),
    type=PolicyType.PERCENT,
    default=Decimal("0.0005"),
    help=_("逾期未缴的经费按每日这一比例计算滞纳金（如万分之五即 0.05%）。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("0.01"),
)
LATE_ROUNDING = define(
    key="finance.allocation_late_rounding",
    label=_("滞纳金舍入方式"),
    type=PolicyType.CHOICE,
    default="fen_half_up",
    choices=(
        ("fen_half_up", _("四舍五入到分")),
        ("fen_down", _("舍去分以下")),
        ("yuan_half_up", _("四舍五入到元")),
    ),
    section=SECTION,
)
