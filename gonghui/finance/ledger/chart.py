"""The chart of accounts a new ledger starts with (editable per union afterwards), and the reporting chart every
report an upper level or an auditor reads is mapped to.

Categories follow the accounting system for trade unions (《工会会计制度》, 财政部 财会〔2021〕7号, in force
2022-01-01): assets 1xxx, liabilities 2xxx, net assets 3xxx, income by source 4xxx (会费收入, 拨缴经费收入,
上级补助收入, ...), expenditure by purpose 5xxx (职工活动支出, 职工服务支出, 维权支出, 业务支出, 资本性支出,
补助下级支出, ...). A union may add sub-accounts (e.g. ``520101``) and rename or retire accounts it does not use,
so its own codes and names below the first level are its own.

**Reporting chart** (``REPORTING``): each first-level account of the default chart → the 工会会计制度 account it is
reported as (code, name). The final accounts (per union and rolled up) report every account under its first-level
ancestor's reporting code and name, whatever the union renamed or added below it; a first-level account a union
created itself is reported under its own code and name, marked as outside the reporting chart. Books are
append-only: accounts are never renumbered in place. If the reporting codes change (a revision of the system, or
a correction after checking the published table), only this mapping changes and every report follows; books
opened later get the new default chart. See ``docs/finance.md`` ("Chart of accounts").
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.finance.models import AccountKind

A, L, N, I, E = (  # noqa: E741
    AccountKind.ASSET,
    AccountKind.LIABILITY,
    AccountKind.NET_ASSETS,
    AccountKind.INCOME,
    AccountKind.EXPENSE,
)

CASH = "1001"
BANK = "1002"
DUES_INCOME = "4001"
ALLOCATION_INCOME = "4101"
OTHER_INCOME = "4901"
FUND_BALANCE = "3101"  # 工会资金结余: the year-end closing carries income and expenditure here
HARDSHIP_AID = "520101"

DEFAULT_CHART: list[tuple[str, Promise, AccountKind, str | None]] = [
    ("1001", _("库存现金"), A, None),
    ("1002", _("银行存款"), A, None),
    ("1201", _("应收上级经费"), A, None),
    ("1202", _("应收下级经费"), A, None),
    ("1301", _("其他应收款"), A, None),
    ("1401", _("库存物品"), A, None),
    ("1601", _("固定资产"), A, None),
    ("2101", _("应付职工薪酬"), L, None),
    ("2201", _("应付上级经费"), L, None),
    ("2202", _("应付下级经费"), L, None),
    ("2301", _("其他应付款"), L, None),
    ("2401", _("代管经费"), L, None),
    ("3001", _("资产基金"), N, None),
    ("3101", _("工会资金结余"), N, None),
    ("3201", _("专项资金结余"), N, None),
    ("4001", _("会费收入"), I, None),
    ("4101", _("拨缴经费收入"), I, None),
    ("4201", _("上级补助收入"), I, None),
    ("4301", _("政府补助收入"), I, None),
    ("4401", _("附属单位上缴收入"), I, None),
    ("4501", _("事业收入"), I, None),
    ("4601", _("投资收益"), I, None),
    ("4901", _("其他收入"), I, None),
    ("5001", _("职工活动支出"), E, None),
    ("5101", _("职工服务支出"), E, None),
    ("5201", _("维权支出"), E, None),
    ("520101", _("困难职工帮扶支出"), E, "5201"),
    ("520102", _("送温暖支出"), E, "5201"),
    ("520103", _("劳动保护支出"), E, "5201"),
    ("5301", _("业务支出"), E, None),
    ("5401", _("资本性支出"), E, None),
    ("5501", _("补助下级支出"), E, None),
    ("5601", _("对附属单位的支出"), E, None),
    ("5901", _("其他支出"), E, None),
]

# First-level default account → (工会会计制度 code, its name). Identity today: the default chart's first-level codes
# and names are the reporting chart's (see docs/finance.md for the source and what is still to be checked).
REPORTING: dict[str, tuple[str, Promise]] = {
    code: (code, name) for code, name, _kind, parent in DEFAULT_CHART if parent is None
}


def reporting_code(code: str) -> str:
    """The reporting chart's first-level code an account code reports under: a default first-level code that
    prefixes it (a sub-account's code starts with its parent's, and a union's own first-level code may not start
    with a reporting code: ``account_create``), otherwise the code itself."""
    for length in range(4, len(code)):
        if code[:length] in REPORTING:
            return REPORTING[code[:length]][0]
    return REPORTING[code][0] if code in REPORTING else code
