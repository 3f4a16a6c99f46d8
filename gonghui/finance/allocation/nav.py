"""Console navigation of the employer allocation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import VIEW_ALLOCATION

NAV = [
    NavItem(
        label=_("拨缴经费"), url_name="finance:allocation_list", perm=VIEW_ALLOCATION, section=_("工会经费"), order=30
    ),
    NavItem(
        label=_("欠缴经费"),
        url_name="finance:allocation_arrears",
        perm=VIEW_ALLOCATION,
        section=_("工会经费"),
        order=31,
    ),
]
