"""Permissions of 职工服务 (worker services: activities, benefits partners, service points, needs surveys)."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``activities/``: declared here by the part.

# ---- ``partners/``: declared here by the part.

# ---- ``points/``: declared here by the part.

# ---- ``surveys/``: declared here by the part.
VIEW_SURVEYS = declare("worker_services.view_surveys", _("查看需求调查及结果"), roles=STAFF_VIEW)
MANAGE_SURVEYS = declare("worker_services.manage_surveys", _("发起和管理需求调查问卷"), roles=(CHAIR, CLERK))

# ---- ``stats/``: declared here by the part.
