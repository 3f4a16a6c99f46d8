"""Permissions of honours (劳模、工匠)."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW

# ---- the register of model workers and craftsmen: ``register/``.
VIEW_HONOREES = declare("honors.view_honorees", _("查看劳模工匠名录"), roles=STAFF_VIEW)
MANAGE_HONOREES = declare("honors.manage_honorees", _("登记劳模工匠"), roles=(CLERK, CHAIR))

# ---- nomination campaigns and model workers' benefits: ``campaigns/``.
VIEW_CAMPAIGNS = declare("honors.view_campaigns", _("查看劳模工匠评选"), roles=STAFF_VIEW)
MANAGE_CAMPAIGNS = declare("honors.manage_campaigns", _("组织评选、分配名额、授予荣誉"), roles=(CLERK, CHAIR))
NOMINATE = declare("honors.nominate", _("推荐劳模工匠人选"), roles=(CLERK, CHAIR))
REVIEW_NOMINATIONS = declare("honors.review_nominations", _("审核劳模工匠推荐"), roles=(REVIEWER, CHAIR))
MANAGE_BENEFITS = declare("honors.manage_benefits", _("管理劳模待遇"), roles=(CLERK, CHAIR))
# ---- innovation studios: ``studios/``.
VIEW_STUDIOS = declare("honors.view_studios", _("查看创新工作室"), roles=STAFF_VIEW)
MANAGE_STUDIOS = declare("honors.manage_studios", _("申报和管理创新工作室"), roles=(CLERK, CHAIR))
APPROVE_STUDIOS = declare(
    "honors.approve_studios", _("审核命名、考核和撤销创新工作室"), sensitive=True, roles=(REVIEWER, CHAIR)
)

# ---- the praise wall: ``praise/``.
MODERATE_PRAISE = declare("honors.moderate_praise", _("审核点赞台"), roles=(CLERK, CHAIR))
