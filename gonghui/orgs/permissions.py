from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, STAFF_VIEW, SYSADMIN

VIEW_UNIT = declare("orgs.view_unit", _("查看组织"), roles=STAFF_VIEW)
MANAGE_UNIT = declare("orgs.manage_unit", _("新建和修改组织"), roles=(SYSADMIN, CHAIR))
RESTRUCTURE_UNIT = declare("orgs.restructure_unit", _("迁移、合并、撤销组织"), roles=(SYSADMIN,))
MANAGE_EMPLOYER = declare("orgs.manage_employer", _("管理用人单位"), roles=(SYSADMIN, CHAIR, CLERK))
