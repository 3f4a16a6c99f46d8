from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT, REPLY_RECTIFICATION

NAV = [
    NavItem(
        label=_("经费审查"),
        url_name="finance:audit_list",
        perm=MANAGE_AUDIT,
        or_perms=(AUDIT_BOOKS, REPLY_RECTIFICATION),
        section=_("经费与经审"),
        order=550,
    ),
    NavItem(
        label=_("经审整改督办"),
        url_name="finance:audit_dashboard",
        perm=MANAGE_AUDIT,
        or_perms=(AUDIT_BOOKS, REPLY_RECTIFICATION),
        section=_("经费与经审"),
        order=551,
    ),
]
