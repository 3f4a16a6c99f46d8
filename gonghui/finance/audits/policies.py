"""Policy keys of the funds audit (经审)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

RECTIFICATION_DAYS = define(
    key="finance.rectification_days",
    label=_("经审整改默认期限"),
    type=PolicyType.INT,
    default=20,
    unit=_("个工作日"),
    help=_("下达整改通知时默认给予被审计工会的整改期限；逾期未整改的向上一级经审组织报告。"),
    section=_("经费审查"),
    min_value=1,
    max_value=120,
)
