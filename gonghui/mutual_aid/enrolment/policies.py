"""Policy keys of whole-unit enrolment: whether a union may leave some active members out (with a reason), and how
many days after the fee's receipt cover starts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工医疗互助保障")

ALLOW_PARTIAL = define(
    key="mutual_aid.allow_partial_enrolment",
    label=_("允许部分参保"),
    type=PolicyType.BOOL,
    default=False,
    help=_("整体参保须为本工会全部在册会员办理；开启后可将个别会员排除在名单之外，并须登记原因。"),
    section=SECTION,
)
COVER_START_DAYS = define(
    key="mutual_aid.cover_start_days",
    label=_("保障生效间隔（天）"),
    type=PolicyType.INT,
    default=1,
    unit=_("天"),
    help=_("会费到账日之后第几天起保障生效（默认到账次日）。"),
    section=SECTION,
    min_value=0,
    max_value=90,
)
