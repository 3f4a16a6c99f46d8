"""Permissions of hardship assistance (困难帮扶) and critical-illness relief (大病救助)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# -- hardship assistance (困难职工帮扶): applications and household files ------------------------------------------
VIEW_HARDSHIP = declare("assistance.view_hardship", _("查看困难职工帮扶"), roles=STAFF_VIEW)
MANAGE_HARDSHIP = declare(
    "assistance.manage_hardship", _("办理困难职工帮扶（代申请、入户调查、建档、帮扶、年审）"), roles=(CLERK, CHAIR)
)
REVIEW_HARDSHIP = declare(
    "assistance.review_hardship", _("审核困难职工帮扶申请（含公示）"), sensitive=True, roles=(REVIEWER, CHAIR)
)
REVEAL_HARDSHIP = declare(
    "assistance.reveal_hardship",
    _("查看困难家庭收入、健康与证件详情（留痕）"),
    sensitive=True,
    roles=(CHAIR, CLERK, REVIEWER),
)

# ---- critical-illness relief (大病救助): ``relief/``. Clerks file claims on a member's behalf; reviewers approve
# them level by level (the review process's steps name APPROVE_RELIEF); the diagnosis and the invoices' details are
# health data, shown only on a reveal by a holder of REVEAL_RELIEF_HEALTH (audited).
VIEW_RELIEF = declare("assistance.view_relief", _("查看大病救助申请"), roles=STAFF_VIEW)
MANAGE_RELIEF = declare("assistance.manage_relief", _("代职工办理大病救助申请"), roles=(CLERK, CHAIR))
APPROVE_RELIEF = declare("assistance.approve_relief", _("审批大病救助"), sensitive=True, roles=(REVIEWER, CHAIR))
REVEAL_RELIEF_HEALTH = declare(
    "assistance.reveal_relief_health", _("查看大病救助病情与票据明细（留痕）"), sensitive=True, roles=(CHAIR, REVIEWER)
)

# ---- campaigns (送温暖、金秋助学): ``campaigns/``. A union opens a campaign for its subtree and allots it to the
# unions below (MANAGE_CAMPAIGN, which also asks for the money payments from the campaign union's books); each union
# adds recipients from its own roster and records the delivery of goods (DELIVER_CAMPAIGN).
VIEW_CAMPAIGN = declare("assistance.view_campaign", _("查看帮扶活动"), roles=STAFF_VIEW)
MANAGE_CAMPAIGN = declare("assistance.manage_campaign", _("发起和分配帮扶活动"), roles=(CHAIR, CLERK))
DELIVER_CAMPAIGN = declare("assistance.deliver_campaign", _("登记帮扶活动对象与发放"), roles=(CLERK, CHAIR))
