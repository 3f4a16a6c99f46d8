"""Permissions of contests and skills (建功立业): skill and teaching contests, knowledge quizzes, skill training."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``competitions/``: declared here by the part.

# ---- ``quiz/``: declared here by the part.
VIEW_QUIZ = declare("contests.view_quiz", _("查看知识竞赛"), roles=STAFF_VIEW)
MANAGE_QUIZ = declare("contests.manage_quiz", _("管理题库和知识竞赛"), roles=(CLERK, CHAIR))

# ---- ``training/``: declared here by the part.
VIEW_TRAINING = declare("contests.view_training", _("查看职工技能培训"), roles=STAFF_VIEW)
MANAGE_TRAINING = declare("contests.manage_training", _("管理培训课程、签到和证书"), roles=(CLERK, CHAIR))

# ---- ``stats/``: declared here by the part.
