"""Console menu entries of rational suggestions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

SECTION = _("民主管理")

NAV: list[NavItem] = [
    NavItem(label=_("合理化建议"), url_name="congress:suggestion_list", perm=VIEW_CONGRESS, section=SECTION, order=40),
    NavItem(
        label=_("合理化建议排名"), url_name="congress:suggestion_ranking", perm=VIEW_CONGRESS, section=SECTION, order=41
    ),
]
