"""Console menu entry of worker services statistics."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.worker_services.activities.nav import SECTION
from gonghui.worker_services.permissions import VIEW_SERVICE_STATS

NAV: list[NavItem] = [
    NavItem(
        label=_("职工服务统计"), url_name="worker_services:stats", perm=VIEW_SERVICE_STATS, section=SECTION, order=90
    ),
]
