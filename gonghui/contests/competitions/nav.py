"""Console menu entries of skill and teaching contests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.contests.permissions import REGISTER_ENTRANTS, VIEW_COMPETITIONS

SECTION = _("建功立业")

NAV: list[NavItem] = [
    NavItem(
        label=_("技能和教学竞赛"),
        url_name="contests:competition_list",
        perm=VIEW_COMPETITIONS,
        section=SECTION,
        order=10,
    ),
    NavItem(
        label=_("报送竞赛选手"),
        url_name="contests:competition_register_list",
        perm=REGISTER_ENTRANTS,
        section=SECTION,
        order=11,
    ),
    NavItem(
        label=_("竞赛参赛统计"),
        url_name="contests:competition_stats",
        perm=VIEW_COMPETITIONS,
        section=SECTION,
        order=12,
    ),
]
