"""Console menu entries of proposals."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.congresses.nav import SECTION
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    NavItem(label=_("职代会提案"), url_name="congress:proposal_list", perm=VIEW_CONGRESS, section=SECTION, order=12),
]
