from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.retirees.clubs.nav import SECTION
from gonghui.retirees.permissions import VIEW_RETIREES

NAV: list[NavItem] = [
    NavItem(label=_("走访慰问"), url_name="retirees:visit_list", perm=VIEW_RETIREES, section=SECTION, order=92),
]
