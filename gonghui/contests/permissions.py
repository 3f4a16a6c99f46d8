"""Permissions of contests and skills (建功立业): skill and teaching contests, knowledge quizzes, skill training."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``competitions/``: skill and teaching contests (stages, entrants, judges, results, awards).
VIEW_COMPETITIONS = declare("contests.view_competitions", _("查看技能和教学竞赛"), roles=STAFF_VIEW)
MANAGE_COMPETITIONS = declare(
    "contests.manage_competitions", _("组织技能和教学竞赛（赛段、评委、计分、公布结果）"), roles=(CHAIR, CLERK)
)
REGISTER_ENTRANTS = declare("contests.register_entrants", _("报送竞赛选手"), roles=(CHAIR, CLERK))

# ---- ``quiz/``: declared here by the part.
VIEW_QUIZ = declare("contests.view_quiz", _("查看知识竞赛"), roles=STAFF_VIEW)
MANAGE_QUIZ = declare("contests.manage_quiz", _("管理题库和知识竞赛"), roles=(CLERK, CHAIR))

# ---- ``training/``: declared here by the part.
VIEW_TRAINING = declare("contests.view_training", _("查看职工技能培训"), roles=STAFF_VIEW)
MANAGE_TRAINING = declare("contests.manage_training", _("管理培训课程、签到和证书"), roles=(CLERK, CHAIR))

# ---- ``stats/``: declared here by the part.
