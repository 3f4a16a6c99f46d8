"""Console menu entries of knowledge quizzes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.contests.permissions import VIEW_QUIZ

SECTION = _("建功立业")

NAV: list[NavItem] = [
    NavItem(label=_("知识竞赛"), url_name="contests:quiz_list", perm=VIEW_QUIZ, section=SECTION, order=20),
    NavItem(label=_("竞赛题库"), url_name="contests:quiz_bank", perm=VIEW_QUIZ, section=SECTION, order=21),
]
