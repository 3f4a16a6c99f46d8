"""Console menu entry of the statistics of legal aid and supervision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.legal_aid.cases.nav import SECTION
from gonghui.legal_aid.permissions import VIEW_CASES

NAV: list[NavItem] = [
    NavItem(label=_("法律维权统计"), url_name="legal_aid:stats", perm=VIEW_CASES, section=SECTION, order=90),
]
