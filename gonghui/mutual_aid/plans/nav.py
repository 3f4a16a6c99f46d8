"""Console menu entries of mutual-aid plans."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID

SECTION = _("互助保障")

NAV = [
    NavItem(label=_("互助保障计划"), url_name="mutual_aid:plan_list", perm=VIEW_MUTUAL_AID, section=SECTION, order=70)
]
