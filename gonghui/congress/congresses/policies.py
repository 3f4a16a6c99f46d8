"""Policy keys of workers' congresses: the representatives' quota by headcount, the managers' share and how often a
congress must meet. Defaults follow the Zhejiang rules (see ``docs/congress.md``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工代表大会")

# Below the first band: all staff up to ``small_minimum`` representatives (a union of fewer staff holds an assembly of
# all of them). In a band: ``base`` + ``add`` for every FULL ``per`` staff above the band's ``from``. ``max`` caps it.
DEFAULT_QUOTA_BANDS: dict[str, Any] = {
    "small_minimum": 30,
    "bands": [
        {"from": 100, "base": 40, "per": 100, "add": 7},
        {"from": 1000, "base": 100, "per": 1000, "add": 20},
        {"from": 5000, "base": 180, "per": 1000, "add": 10},
    ],
    "max": 300,
}


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(gettext("名额规则中的数字须为 %(low)d 至 %(high)d 的整数。") % {"low": low, "high": high})
    return value


def parse_quota_bands(value: Any) -> tuple[int, list[tuple[int, int, int, int]], int]:
    """The quota rule checked: ``(small_minimum, [(from, base, per, add), ...], max)``, bands ascending."""
    if not isinstance(value, dict) or set(value) != {"small_minimum", "bands", "max"}:
        raise ValidationError(gettext("名额规则须包含 small_minimum、bands 和 max。"), code="quota_bands")
    small = _int(value["small_minimum"], 1, 10000)
    top = _int(value["max"], 1, 100000)
    raw = value["bands"]
    if not isinstance(raw, list) or len(raw) > 12:
        raise ValidationError(gettext("名额分段须为不超过 12 段的列表。"), code="quota_bands")
    bands: list[tuple[int, int, int, int]] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"from", "base", "per", "add"}:
            raise ValidationError(gettext("每一段须写明 from、base、per 和 add。"), code="quota_bands")
        band = (
            _int(item["from"], 1, 10**7),
            _int(item["base"], 1, 100000),
            _int(item["per"], 1, 10**7),
            _int(item["add"], 0, 100000),
        )
        if bands and band[0] <= bands[-1][0]:
            raise ValidationError(gettext("名额分段的起点须从低到高排列。"), code="quota_bands")
        bands.append(band)
    return small, bands, top


def _bands_valid(value: Any) -> None:
    parse_quota_bands(value)


QUOTA_BANDS = define(
    key="congress.quota_bands",
    label=_("职工代表名额计算规则"),
    type=PolicyType.JSON,
    default=DEFAULT_QUOTA_BANDS,
    help=_(
        "按职工人数计算代表名额：每段写起点人数（from）、基数（base）、每增加的整人数（per）和增加的名额（add）；"
        "不足第一段起点的单位，代表名额为全体职工，最多 small_minimum 人；名额最多 max 人，且不超过职工人数。"
    ),
    section=SECTION,
    validator=_bands_valid,
)
MANAGER_SHARE = define(
    key="congress.manager_share",
    label=_("中层以上管理人员代表最高比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.20"),
    help=_("中层以上管理人员代表占全体在任代表的比例不得超过此值；一线职工代表须超过半数。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1"),
)
SESSION_INTERVAL_MONTHS = define(
    key="congress.session_interval_months",
    label=_("职代会召开间隔"),
    type=PolicyType.INT,
    unit=_("个月"),
    default=12,
    help=_("超过此月数未召开职代会的单位在工作台提示。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
