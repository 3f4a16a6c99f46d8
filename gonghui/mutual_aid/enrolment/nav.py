"""Console menu entries of whole-unit enrolment."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.mutual_aid.permissions import RECORD_FEE, VIEW_MUTUAL_AID

SECTION = _("互助保障")

NAV = [
    NavItem(
        label=_("整体参保"),
        url_name="mutual_aid:enrolment_list",
        perm=VIEW_MUTUAL_AID,
        section=SECTION,
        order=71,
        or_perms=(RECORD_FEE,),
    )
]
