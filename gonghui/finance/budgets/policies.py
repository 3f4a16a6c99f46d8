"""Policy keys of budgets: how spending is checked against the approved budget."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

BUDGET_CONTROL = define(
    key="finance.budget_control",
    label=_("预算控制方式"),
    type=PolicyType.CHOICE,
    default="warn",
    choices=(("off", _("不控制")), ("warn", _("超预算提醒")), ("block", _("超预算禁止"))),
    help=_("提交含支出的凭证或提出支付申请时，按已批复年度预算的剩余额度检查：不控制、超出时提醒并记录、超出时禁止。"),
    section=_("工会经费"),
)
