from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.retirees.clubs.nav import SECTION
from gonghui.retirees.permissions import VIEW_RETIREES

NAV: list[NavItem] = [
    NavItem(label=_("退休职工名册"), url_name="retirees:roster", perm=VIEW_RETIREES, section=SECTION, order=90),
    NavItem(label=_("退休职工统计"), url_name="retirees:stats", perm=VIEW_RETIREES, section=SECTION, order=94),
]
