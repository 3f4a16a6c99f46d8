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

# ---- ``surveys/``: declared here by the part.

# ---- ``stats/``: declared here by the part.
VIEW_SERVICE_STATS = declare("worker_services.view_service_stats", _("查看职工服务统计"), roles=STAFF_VIEW)
