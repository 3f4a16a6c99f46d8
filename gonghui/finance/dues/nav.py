"""Console navigation of members' dues."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.finance.permissions import VIEW_DUES

NAV = [NavItem(label=_("会费收缴"), url_name="finance:dues_status", perm=VIEW_DUES, section=_("工会经费"), order=32)]
