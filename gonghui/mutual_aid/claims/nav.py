"""Console menu entries of mutual-aid claims."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.mutual_aid.permissions import MANAGE_CLAIMS, VIEW_MUTUAL_AID

SECTION = _("职工医疗互助保障")

NAV = [
    NavItem(label=_("互助保障给付"), url_name="mutual_aid:claim_list", perm=VIEW_MUTUAL_AID, section=SECTION, order=30),
    NavItem(label=_("给付批量上报"), url_name="mutual_aid:claim_batch", perm=MANAGE_CLAIMS, section=SECTION, order=31),
]
