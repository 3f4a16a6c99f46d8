"""Console menu entry of the statistics of honours."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.honors.permissions import VIEW_HONOREES
from gonghui.honors.register.nav import SECTION

NAV: list[NavItem] = [
    NavItem(label=_("劳模工匠统计"), url_name="honors:stats", perm=VIEW_HONOREES, section=SECTION, order=90)
]
