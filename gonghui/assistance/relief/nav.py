"""Console menu entries of critical-illness relief."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.permissions import VIEW_RELIEF
from gonghui.console.nav import NavItem

SECTION = _("困难帮扶")

NAV = [
    NavItem(label=_("大病救助"), url_name="assistance:relief_list", perm=VIEW_RELIEF, section=SECTION, order=60),
    NavItem(label=_("大病救助统计"), url_name="assistance:relief_stats", perm=VIEW_RELIEF, section=SECTION, order=61),
]
