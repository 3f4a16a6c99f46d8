"""Console menu entry of mutual-aid statistics."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID

SECTION = _("互助保障")

NAV = [NavItem(label=_("互助保障统计"), url_name="mutual_aid:stats", perm=VIEW_MUTUAL_AID, section=SECTION, order=79)]
