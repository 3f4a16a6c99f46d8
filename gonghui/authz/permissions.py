from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, STAFF_VIEW, SYSADMIN

VIEW_ROLES = declare("authz.view_roles", _("查看角色与授权"), roles=STAFF_VIEW)
MANAGE_ROLES = declare("authz.manage_roles", _("编辑角色定义"), roles=(SYSADMIN,))
GRANT_ROLES = declare("authz.grant_roles", _("授予和收回角色、开设工作人员账户"), roles=(SYSADMIN, CHAIR))
