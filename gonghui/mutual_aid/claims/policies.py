"""Policy keys of mutual-aid claims: how long after a decision the member may appeal it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工医疗互助保障")

APPEAL_DAYS = define(
    key="mutual_aid.appeal_days",
    label=_("互助保障给付申诉期限"),
    type=PolicyType.INT,
    unit=_("天"),
    default=30,
    help=_("会员对给付核定结果有异议的，可在核定后此天数内提出一次申诉，由上一级工会复核。"),
    section=SECTION,
    min_value=1,
    max_value=365,
)
