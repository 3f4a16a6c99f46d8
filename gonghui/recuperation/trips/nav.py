"""Console menu entries of recuperation trips."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.recuperation.permissions import VIEW_RECUPERATION

SECTION = _("疗休养")

NAV: list[NavItem] = [
    NavItem(
        label=_("疗休养线路"), url_name="recuperation:trip_list", perm=VIEW_RECUPERATION, section=SECTION, order=10
    ),
    NavItem(
        label=_("疗休养基地"),
        url_name="recuperation:sanatorium_list",
        perm=VIEW_RECUPERATION,
        section=SECTION,
        order=11,
    ),
]
