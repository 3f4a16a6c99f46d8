"""Platform policy keys with their defaults from the domain rules.

The review keys belong to the shared review mechanism that the kernel provides. The members and finance
keys are declared here so that staff can configure them before those modules exist; when a module
is built it moves its keys into its own ``gonghui/<app>/policies.py`` (same key, same definition) and deletes
them from this file, so that each key is defined exactly once. Records already stored keep working because
they are identified by the key name only.
"""

from __future__ import annotations

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
