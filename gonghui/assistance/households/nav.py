"""Console navigation of hardship assistance."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.console.nav import NavItem

SECTION = _("困难帮扶")

NAV = [
    NavItem(label=_("帮扶申请"), url_name="assistance:hardship_list", perm=VIEW_HARDSHIP, section=SECTION, order=60),
    NavItem(label=_("困难职工档案"), url_name="assistance:file_list", perm=VIEW_HARDSHIP, section=SECTION, order=61),
    NavItem(label=_("帮扶统计"), url_name="assistance:hardship_stats", perm=VIEW_HARDSHIP, section=SECTION, order=62),
]
