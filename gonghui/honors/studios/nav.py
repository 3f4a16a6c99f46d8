"""Console menu entry of innovation studios."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.honors.permissions import VIEW_STUDIOS
from gonghui.honors.register.nav import SECTION

NAV: list[NavItem] = [
    NavItem(label=_("创新工作室"), url_name="honors:studio_list", perm=VIEW_STUDIOS, section=SECTION, order=30)
]
