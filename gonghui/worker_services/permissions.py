"""Permissions of 职工服务 (worker services: activities, benefits partners, service points, needs surveys)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``activities/``: declared here by the part.
VIEW_ACTIVITIES = declare("worker_services.view_activities", _("查看服务活动"), roles=STAFF_VIEW)
MANAGE_ACTIVITIES = declare("worker_services.manage_activities", _("发布和办理服务活动"), roles=(CHAIR, CLERK))

# ---- ``partners/``: declared here by the part.
VIEW_PARTNERS = declare("worker_services.view_partners", _("查看优惠商户"), roles=STAFF_VIEW)
MANAGE_PARTNERS = declare("worker_services.manage_partners", _("管理优惠商户"), roles=(CHAIR, CLERK))

# ---- ``points/``: declared here by the part.
# The register of service points (职工之家, 爱心驿站, 职工服务中心) and the problems workers report with them.
VIEW_POINTS = declare("worker_services.view_points", _("查看服务阵地及问题反映"), roles=STAFF_VIEW)
MANAGE_POINTS = declare(
    "worker_services.manage_points",
    _("维护服务阵地（登记、核实、暂停、撤销、导入）并处理问题反映"),
    roles=(CHAIR, CLERK),
)

# ---- ``surveys/``: declared here by the part.
VIEW_SURVEYS = declare("worker_services.view_surveys", _("查看需求调查及结果"), roles=STAFF_VIEW)
MANAGE_SURVEYS = declare("worker_services.manage_surveys", _("发起和管理需求调查问卷"), roles=(CHAIR, CLERK))

# ---- ``stats/``: declared here by the part.
VIEW_SERVICE_STATS = declare("worker_services.view_service_stats", _("查看职工服务统计"), roles=STAFF_VIEW)
