"""Console menu entry of needs surveys."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.worker_services.permissions import VIEW_SURVEYS

SECTION = _("职工服务")

NAV: list[NavItem] = [
    NavItem(label=_("需求调查"), url_name="worker_services:survey_list", perm=VIEW_SURVEYS, section=SECTION, order=40),
]
