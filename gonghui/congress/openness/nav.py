"""Console menu entries of the openness of affairs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    NavItem(
        label=_("厂务公开"), url_name="congress:disclosure_list", perm=VIEW_CONGRESS, section=_("民主管理"), order=60
    ),
    NavItem(
        label=_("厂务公开问询"),
        url_name="congress:disclosure_questions",
        perm=VIEW_CONGRESS,
        section=_("民主管理"),
        order=61,
    ),
]
