from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.retirees.permissions import VIEW_RETIREES

SECTION = _("退休职工")

NAV: list[NavItem] = [
    NavItem(label=_("退休社团"), url_name="retirees:club_list", perm=VIEW_RETIREES, section=SECTION, order=91),
]
