"""Console menu entries of skill training."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.contests.permissions import VIEW_TRAINING
from gonghui.contests.quiz.nav import SECTION

NAV: list[NavItem] = [
    NavItem(label=_("技能培训"), url_name="contests:course_list", perm=VIEW_TRAINING, section=SECTION, order=30),
]
