"""Console menu entry of the statistics of democratic management."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    NavItem(label=_("民主管理统计"), url_name="congress:stats", perm=VIEW_CONGRESS, section=_("民主管理"), order=90),
]
