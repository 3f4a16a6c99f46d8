"""Console menu entries of bargaining cases."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.console.nav import NavItem

SECTION = _("平等协商")

NAV: list[NavItem] = [
    NavItem(label=_("协商案件"), url_name="bargaining:case_list", perm=VIEW_BARGAINING, section=SECTION, order=10),
]
