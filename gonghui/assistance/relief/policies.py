"""Policy keys of critical-illness relief (大病救助): the threshold, the cost bands with their rates and the yearly
cap per person. Defaults follow what city unions commonly publish (see ``docs/assistance.md``); a province, city or
county sets its own from a date, and a claim is computed by the values in force on the day it was submitted."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("大病救助")

DEFAULT_BANDS: list[dict[str, str]] = [
    {"from": "10000", "rate": "0.2"},
    {"from": "30000", "rate": "0.3"},
    {"from": "50000", "rate": "0.4"},
]


def parse_bands(value: Any) -> list[tuple[Decimal, Decimal]]:
    """``[{"from": "10000", "rate": "0.2"}, ...]`` → ``[(Decimal("10000"), Decimal("0.2")), ...]``, checked:
    a non-empty list, lower bounds ascending and not negative, rates between 0 and 1."""
    if not isinstance(value, list) or not value or len(value) > 12:
        raise ValidationError(gettext("分段须为 1 至 12 段的列表。"), code="bands")
    bands: list[tuple[Decimal, Decimal]] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"from", "rate"}:
            raise ValidationError(gettext("每一段须写明起点（from）和比例（rate）。"), code="bands")
        try:
            start, rate = Decimal(str(item["from"])), Decimal(str(item["rate"]))
        except (InvalidOperation, ValueError):
            raise ValidationError(gettext("分段的起点和比例须为数字。"), code="bands") from None
        if not start.is_finite() or not rate.is_finite() or start < 0 or start >= Decimal("1e9"):
            raise ValidationError(gettext("分段起点须为不小于 0 的金额。"), code="bands")
        if not Decimal(0) <= rate <= Decimal(1):
            raise ValidationError(gettext("分段比例须在 0 至 1 之间。"), code="bands")
        if bands and start <= bands[-1][0]:
            raise ValidationError(gettext("分段起点须从低到高排列。"), code="bands")
        bands.append((start.quantize(Decimal("0.01")), rate))
    return bands


def _bands_valid(value: Any) -> None:
    parse_bands(value)


RELIEF_THRESHOLD = define(
    key="assistance.relief_threshold",
    label=_("大病救助起付线"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("10000.00"),
    help=_("一次申请中经基本医保报销后个人自付的医疗费用，低于此金额的部分不予救助。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
RELIEF_BANDS = define(
    key="assistance.relief_bands",
    label=_("大病救助分段比例"),
    type=PolicyType.JSON,
    default=DEFAULT_BANDS,
    help=_(
        "个人自付费用按段计算救助：每段写起点金额（from，元）和救助比例（rate），一段止于下一段的起点，"
        "最后一段无上限；起付线以下的部分不计。"
    ),
    section=SECTION,
    validator=_bands_valid,
)
RELIEF_YEARLY_CAP = define(
    key="assistance.relief_yearly_cap",
    label=_("大病救助年度封顶"),
    type=PolicyType.DECIMAL,
    places=2,
    unit=_("元"),
    default=Decimal("20000.00"),
    help=_("同一会员一个自然年内各次大病救助合计不超过此金额。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
