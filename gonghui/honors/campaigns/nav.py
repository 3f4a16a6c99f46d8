"""Console menu entries of nomination campaigns and benefits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.honors.permissions import VIEW_CAMPAIGNS, VIEW_HONOREES
from gonghui.honors.register.nav import SECTION

NAV: list[NavItem] = [
    NavItem(label=_("评选表彰"), url_name="honors:campaign_list", perm=VIEW_CAMPAIGNS, section=SECTION, order=11),
    NavItem(label=_("劳模待遇"), url_name="honors:benefit_list", perm=VIEW_HONOREES, section=SECTION, order=12),
]
