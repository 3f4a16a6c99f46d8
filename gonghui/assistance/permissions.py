"""Permissions of hardship assistance (困难帮扶) and critical-illness relief (大病救助)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- critical-illness relief (大病救助): ``relief/``. Clerks file claims on a member's behalf; reviewers approve
# them level by level (the review process's steps name APPROVE_RELIEF); the diagnosis and the invoices' details are
# health data, shown only on a reveal by a holder of REVEAL_RELIEF_HEALTH (audited).
VIEW_RELIEF = declare("assistance.view_relief", _("查看大病救助申请"), roles=STAFF_VIEW)
MANAGE_RELIEF = declare("assistance.manage_relief", _("代职工办理大病救助申请"), roles=(CLERK, CHAIR))
APPROVE_RELIEF = declare("assistance.approve_relief", _("审批大病救助"), sensitive=True, roles=(REVIEWER, CHAIR))
REVEAL_RELIEF_HEALTH = declare(
    "assistance.reveal_relief_health", _("查看大病救助病情与票据明细（留痕）"), sensitive=True, roles=(CHAIR, REVIEWER)
)
