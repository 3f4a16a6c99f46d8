"""Permissions of 退休职工 (retirees: clubs, visits, condolences)."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW

# ---- the retirees' roster, ``clubs/``, ``visits/`` and ``stats/``: seen by the union's staff.
VIEW_RETIREES = declare("retirees.view_retirees", _("查看退休职工、社团、走访和慰问"), roles=STAFF_VIEW)

# ---- ``clubs/``: clubs, their members and activities.
MANAGE_CLUBS = declare("retirees.manage_clubs", _("管理退休职工社团及活动"), roles=(CHAIR, CLERK))

# ---- ``visits/``: birthday, illness and festival visits.
MANAGE_VISITS = declare("retirees.manage_visits", _("安排和登记退休职工走访"), roles=(CHAIR, CLERK))

# ---- ``condolences/``: condolence payments (approving money: TOTP).
DECIDE_CONDOLENCES = declare(
    "retirees.decide_condolences", _("决定退休职工慰问金"), roles=(CHAIR, REVIEWER), sensitive=True
)

# ---- ``stats/``: read with ``retirees.view_retirees``.
