"""Console menu entries of service points."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.worker_services.permissions import VIEW_POINTS

SECTION = _("职工服务")

NAV: list[NavItem] = [
    NavItem(label=_("服务阵地"), url_name="worker_services:point_list", perm=VIEW_POINTS, section=SECTION, order=30),
    NavItem(
        label=_("阵地问题反映"),
        url_name="worker_services:point_report_list",
        perm=VIEW_POINTS,
        section=SECTION,
        order=31,
    ),
]
