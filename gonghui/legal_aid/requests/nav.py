"""Console menu entries of workers' requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.legal_aid.permissions import HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS

SECTION = _("法律维权")

NAV: list[NavItem] = [
    NavItem(
        label=_("职工诉求"),
        url_name="legal_aid:request_list",
        perm=VIEW_REQUESTS,
        or_perms=(HANDLE_SENSITIVE_REQUESTS,),
        section=SECTION,
        order=30,
    ),
    NavItem(
        label=_("职工诉求统计"),
        url_name="legal_aid:request_stats",
        perm=VIEW_REQUESTS,
        or_perms=(HANDLE_SENSITIVE_REQUESTS,),
        section=SECTION,
        order=31,
    ),
    NavItem(
        label=_("诉求类别"), url_name="legal_aid:request_categories", perm=VIEW_REQUESTS, section=SECTION, order=32
    ),
]
