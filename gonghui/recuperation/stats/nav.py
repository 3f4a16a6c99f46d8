"""Console menu entry of recuperation statistics."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.recuperation.permissions import VIEW_RECUPERATION

SECTION = _("疗休养")

NAV = [NavItem(label=_("疗休养统计"), url_name="recuperation:stats", perm=VIEW_RECUPERATION, section=SECTION, order=50)]
