from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import APPROVE_BUDGET, AUDIT_BOOKS, PREPARE_BUDGET, VIEW_BOOKS

NAV = [
    NavItem(
        label=_("年度预算"),
        url_name="finance:budget_list",
        perm=PREPARE_BUDGET,
        or_perms=(VIEW_BOOKS, AUDIT_BOOKS, APPROVE_BUDGET),
        section=_("经费与经审"),
        order=540,
    ),
]
