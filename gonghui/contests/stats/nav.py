"""Console menu entry of the quiz and training statistics."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.contests.permissions import VIEW_QUIZ, VIEW_TRAINING
from gonghui.contests.quiz.nav import SECTION

NAV: list[NavItem] = [
    NavItem(
        label=_("竞赛和培训统计"),
        url_name="contests:stats",
        perm=VIEW_QUIZ,
        or_perms=(VIEW_TRAINING,),
        section=SECTION,
        order=40,
    ),
]
