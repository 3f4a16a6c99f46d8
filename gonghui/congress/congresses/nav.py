"""Console menu entries of workers' congresses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

SECTION = _("民主管理")

NAV: list[NavItem] = [
    NavItem(label=_("职工代表大会"), url_name="congress:congress_list", perm=VIEW_CONGRESS, section=SECTION, order=10),
]
