"""Console menu entry of the sanatorium side."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.recuperation.permissions import VIEW_RECUPERATION

SECTION = _("疗休养")

NAV = [
    NavItem(label=_("报到与点名"), url_name="recuperation:run_list", perm=VIEW_RECUPERATION, section=SECTION, order=30)
]
