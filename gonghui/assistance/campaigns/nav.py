"""Console menu entry of campaigns."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.permissions import VIEW_CAMPAIGN
from gonghui.console.nav import NavItem

SECTION = _("困难帮扶")

NAV = [
    NavItem(
        label=_("送温暖与金秋助学"), url_name="assistance:campaign_list", perm=VIEW_CAMPAIGN, section=SECTION, order=70
    ),
]
