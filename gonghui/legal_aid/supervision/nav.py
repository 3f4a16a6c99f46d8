"""Console menu entry of labour-law supervision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.legal_aid.cases.nav import SECTION
from gonghui.legal_aid.permissions import VIEW_SUPERVISION

NAV: list[NavItem] = [
    NavItem(
        label=_("劳动法律监督"), url_name="legal_aid:notice_list", perm=VIEW_SUPERVISION, section=SECTION, order=20
    ),
]
