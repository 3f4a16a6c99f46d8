"""Console menu entries of agreements."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.bargaining.negotiations.nav import SECTION
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    NavItem(label=_("集体合同"), url_name="bargaining:agreement_list", perm=VIEW_BARGAINING, section=SECTION, order=11),
]
