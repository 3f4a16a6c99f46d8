"""Platform policy keys with their defaults from the domain rules.

The review keys belong to the shared review mechanism that the kernel provides. The members, finance and
recuperation keys are declared here so that staff can configure them before those modules exist; when a module
is built it moves its keys into its own ``gonghui/<app>/policies.py`` (same key, same definition) and deletes
them from this file, so that each key is defined exactly once. Records already stored keep working because
they are identified by the key name only.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

REVIEW_DEFAULT_DEADLINE_DAYS = define(
    key="review.default_deadline_days",
    label=_("逐级审核每一级的默认办理时限"),
    type=PolicyType.INT,
    default=5,
    unit=_("个工作日"),
    help=_("流程未单独规定时限时，每一级审核应在这么多个工作日内办结，逾期提醒。"),
    section=_("逐级审核与公示"),
    min_value=1,
    max_value=60,
)
REVIEW_PUBLICITY_DAYS = define(
    key="review.publicity_days",
    label=_("公示期"),
    type=PolicyType.INT,
    default=5,
    unit=_("个工作日"),
    help=_("困难职工建档、评先评优等结果的公示天数（常见为 5 至 7 个工作日），公示期满无异议方可进入下一步。"),
    section=_("逐级审核与公示"),
    min_value=1,
    max_value=30,
)
MEMBERS_INACTIVE_MONTHS = define(
    key="members.inactive_months",
    label=_("无会费无活动视为离会的月数"),
    type=PolicyType.INT,
    default=6,
    unit=_("个月"),
    help=_("会员无正当理由连续这么多个月未交会费、未参加工会活动的，系统标记并经核查后转为离会，不会自动变更。"),
    section=_("会员"),
    min_value=1,
    max_value=24,
)
RECUPERATION_DAILY_CAP = define(
    key="recuperation.daily_cap",
    label=_("疗休养每人每天费用上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("600.00"),
    places=2,
    unit=_("元"),
    help=_("疗休养线路每人每天的费用不得超过此金额（各市标准不同，如绍兴为 400 元）。"),
    section=_("疗休养"),
    min_value=Decimal("0"),
    max_value=Decimal("100000"),
)
RECUPERATION_YEARLY_CAP = define(
    key="recuperation.yearly_cap",
    label=_("疗休养每人每年费用上限"),
    type=PolicyType.DECIMAL,
    default=Decimal("3000.00"),
    places=2,
    unit=_("元"),
    help=_("同一会员一个自然年内疗休养费用合计不得超过此金额。"),
    section=_("疗休养"),
    min_value=Decimal("0"),
    max_value=Decimal("1000000"),
)
RECUPERATION_MAX_DAYS = define(
    key="recuperation.max_days",
    label=_("疗休养最长天数"),
    type=PolicyType.INT,
    default=5,
    unit=_("天"),
    help=_("一次疗休养的最长天数。"),
    section=_("疗休养"),
    min_value=1,
    max_value=30,
)
