"""Policy keys of ``activities/``: the categories, who counts as a front-line worker, the per-member limit of open
sign-ups and the cancellation deadline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工服务活动")

CATEGORIES = define(
    key="worker_services.activity_categories",
    label=_("服务活动类别"),
    type=PolicyType.STR,
    default="文体活动,普惠服务,亲子活动,婚恋交友,健康讲座,法律讲座,技能培训,志愿服务",
    help=_("以逗号分隔；发布活动时须从中选择。"),
    section=SECTION,
)
FRONTLINE_WORDS = define(
    key="worker_services.frontline_job_words",
    label=_("一线职工岗位关键词"),
    type=PolicyType.STR,
    default="一线,操作,快递,外卖,骑手,环卫,司机,保洁,建筑,装配,车间,护工",
    help=_("以逗号分隔；岗位含其中之一或登记为新就业形态劳动者的会员，可报名面向一线职工的活动。"),
    section=SECTION,
)
OPEN_SIGNUPS_MAX = define(
    key="worker_services.open_signups_max",
    label=_("每名会员同时有效的报名上限"),
    type=PolicyType.INT,
    default=5,
    help=_("尚未开始的活动中，报名成功与候补中的报名合计不超过此数。"),
    section=SECTION,
    min_value=1,
    max_value=100,
)
CANCEL_HOURS = define(
    key="worker_services.cancel_deadline_hours",
    label=_("活动报名取消截止（开始前小时数）"),
    type=PolicyType.INT,
    default=24,
    help=_("活动开始前不足此时数时，会员不能再自行取消报名。"),
    section=SECTION,
    min_value=0,
    max_value=720,
)
