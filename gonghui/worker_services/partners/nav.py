"""Console menu entries of benefits partners."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.worker_services.activities.nav import SECTION
from gonghui.worker_services.permissions import VIEW_PARTNERS

NAV: list[NavItem] = [
    NavItem(
        label=_("优惠商户"), url_name="worker_services:partner_list", perm=VIEW_PARTNERS, section=SECTION, order=20
    ),
]
