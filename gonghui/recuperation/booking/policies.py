"""Policy keys of recuperation bookings: how often a member may go, the leaders' share of a trip's places, the
cancellation deadline, and how a member's job (岗位) tells a front-line worker or a leader."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("疗休养")

DEFAULT_LEADER_WORDS = [
    "董事长",
    "总经理",
    "副总经理",
    "经理",
    "厂长",
    "书记",
    "主席",
    "局长",
    "处长",
    "科长",
    "总监",
    "负责人",
    "领导",
]
DEFAULT_FRONT_LINE_WORDS = [
    "一线",
    "操作",
    "工人",
    "技工",
    "技师",
    "电工",
    "焊工",
    "车工",
    "钳工",
    "司机",
    "快递",
    "外卖",
    "骑手",
    "保洁",
    "护士",
    "营业员",
    "装配",
    "维修",
    "施工",
    "农民工",
]


def _words_valid(value: Any) -> None:
    if (
        not isinstance(value, list)
        or len(value) > 100
        or not all(isinstance(w, str) and 0 < len(w.strip()) <= 20 for w in value)
    ):
        raise ValidationError(gettext("须为 1 至 20 字的词语列表，最多 100 个。"), code="words")


TRIPS_PER_YEAR = define(
    key="recuperation.trips_per_year",
    label=_("每人每年疗休养次数"),
    type=PolicyType.INT,
    unit=_("次"),
    default=1,
    help=_("一名会员在一个年度（以线路出发日期计）内已确认、已报到或已完成的疗休养不超过此次数。"),
    section=SECTION,
    min_value=0,
    max_value=12,
)
LEADER_SHARE = define(
    key="recuperation.leader_share",
    label=_("领导人员名额比例上限"),
    type=PolicyType.PERCENT,
    default=Decimal("0.1"),
    help=_("一条线路中领导人员（按岗位认定）已确认的名额不超过总名额的此比例（向下取整）。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1"),
)
CANCEL_DEADLINE_DAYS = define(
    key="recuperation.cancel_deadline_days",
    label=_("疗休养取消预订截止天数"),
    type=PolicyType.INT,
    unit=_("天"),
    default=3,
    help=_("出发日期前此天数（含）之前可以取消预订，空出的名额依次给候补的会员。"),
    section=SECTION,
    min_value=0,
    max_value=60,
)
LEADER_WORDS = define(
    key="recuperation.leader_job_words",
    label=_("领导人员岗位关键词"),
    type=PolicyType.JSON,
    default=DEFAULT_LEADER_WORDS,
    help=_("会员的“岗位”含其中任一词语即认定为领导人员（受名额比例限制）。"),
    section=SECTION,
    validator=_words_valid,
)
FRONT_LINE_WORDS = define(
    key="recuperation.front_line_job_words",
    label=_("一线职工岗位关键词"),
    type=PolicyType.JSON,
    default=DEFAULT_FRONT_LINE_WORDS,
    help=_("会员的“岗位”含其中任一词语（且不是领导人员），或登记为新就业形态劳动者，即认定为一线职工。"),
    section=SECTION,
    validator=_words_valid,
)
