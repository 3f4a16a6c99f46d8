"""Console menu entry of employee directors and supervisors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    NavItem(
        label=_("职工董事监事"), url_name="congress:seat_list", perm=VIEW_CONGRESS, section=_("民主管理"), order=50
    ),
]
