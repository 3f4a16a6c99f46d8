"""Console navigation of the books: shown to a union's finance staff and to audit committees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_ACCOUNTS, VIEW_BOOKS

SECTION = _("经费")

NAV = [
    NavItem(
        label=_("账务"),
        url_name="finance:ledger_home",
        perm=VIEW_BOOKS,
        or_perms=(AUDIT_BOOKS, MANAGE_ACCOUNTS),
        section=SECTION,
        order=50,
    ),
]
