"""Console menu entries of services and activities."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.worker_services.permissions import VIEW_ACTIVITIES

SECTION = _("职工服务")

NAV: list[NavItem] = [
    NavItem(
        label=_("服务活动"), url_name="worker_services:activity_list", perm=VIEW_ACTIVITIES, section=SECTION, order=10
    ),
]
