"""Console menu entry of the register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.honors.permissions import VIEW_HONOREES

SECTION = _("劳模工匠")

NAV = [NavItem(label=_("劳模工匠名录"), url_name="honors:honoree_list", perm=VIEW_HONOREES, section=SECTION, order=10)]
