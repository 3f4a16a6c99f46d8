"""Console menu entries of legal aid."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.legal_aid.permissions import VIEW_CASES

SECTION = _("法律维权")

NAV: list[NavItem] = [
    NavItem(label=_("法律援助案件"), url_name="legal_aid:case_list", perm=VIEW_CASES, section=SECTION, order=10),
    NavItem(label=_("援助律师名册"), url_name="legal_aid:lawyer_list", perm=VIEW_CASES, section=SECTION, order=11),
]
