"""Default roles. They are ordinary editable data; these are only the bundles they start with.

Each permission names the default roles that carry it (``declare(..., roles=(CLERK, CHAIR))``);
``roles_sync`` creates missing default roles and adds newly declared default permissions, never
re-adding a permission that staff have removed from a role.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHAIR = "chair"
CLERK = "clerk"
REVIEWER = "reviewer"
FINANCE = "finance"
AUDITOR = "auditor"
VIEWER = "viewer"
SYSADMIN = "sysadmin"

DEFAULT_ROLES = {
    CHAIR: (_("主席"), _("工会主席：查看本级及下级全部业务，审批。")),
    CLERK: (_("经办人"), _("日常经办：录入、维护、提交。")),
    REVIEWER: (_("审核人"), _("逐级审核：通过、退回、驳回。")),
    FINANCE: (_("财务"), _("经费收支与账务。")),
    AUDITOR: (_("经审"), _("经费审查：查看账务与审计日志。")),
    VIEWER: (_("只读"), _("只能查看。")),
    SYSADMIN: (_("系统管理员"), _("组织架构、角色授权、政策参数与工作日历。")),
}

ALL = tuple(DEFAULT_ROLES)
STAFF_VIEW = (CHAIR, CLERK, REVIEWER, FINANCE, AUDITOR, VIEWER, SYSADMIN)
