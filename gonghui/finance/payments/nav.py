"""Console navigation of payment requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import AUDIT_BOOKS, VIEW_BOOKS

SECTION = _("经费")

NAV = [
    NavItem(
        label=_("支付申请"),
        url_name="finance:payment_list",
        perm=VIEW_BOOKS,
        or_perms=(AUDIT_BOOKS,),
        section=SECTION,
        order=51,
    ),
]
