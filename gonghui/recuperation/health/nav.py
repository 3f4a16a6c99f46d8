"""Console menu entries of model workers' check-ups."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.recuperation.permissions import VIEW_RECUPERATION

SECTION = _("疗休养")

NAV = [
    NavItem(
        label=_("劳模体检"), url_name="recuperation:checkup_list", perm=VIEW_RECUPERATION, section=SECTION, order=40
    ),
    NavItem(
        label=_("体检医院"), url_name="recuperation:hospital_list", perm=VIEW_RECUPERATION, section=SECTION, order=41
    ),
]
