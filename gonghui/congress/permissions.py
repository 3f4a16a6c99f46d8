"""Permissions of democratic management (民主管理): workers' congresses, proposals, rational suggestions, employee
directors and supervisors, openness of affairs."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW

VIEW_CONGRESS = declare("congress.view", _("查看民主管理"), roles=STAFF_VIEW)
# ---- congresses, terms, representatives and sessions: ``congresses/``, ``sessions/``.
MANAGE_CONGRESS = declare("congress.manage", _("组织职代会（届次、代表、会议、签到、表决）"), roles=(CHAIR, CLERK))
# ---- proposals: ``proposals/`` (the proposal committee's decisions, assignment and answers).
HANDLE_PROPOSALS = declare("congress.handle_proposals", _("审查和督办职代会提案"), roles=(CHAIR, CLERK, REVIEWER))
# ---- rational suggestions: ``suggestions/``.
HANDLE_SUGGESTIONS = declare(
    "congress.handle_suggestions", _("评审合理化建议、申请奖励"), roles=(CHAIR, CLERK, REVIEWER)
)
# ---- employee directors and supervisors: ``directors/``; openness of affairs: ``openness/``.
MANAGE_BOARD_SEATS = declare("congress.manage_board_seats", _("登记职工董事监事"), roles=(CHAIR, CLERK))
MANAGE_OPENNESS = declare("congress.manage_openness", _("发布厂务公开、答复职工问询"), roles=(CHAIR, CLERK))
