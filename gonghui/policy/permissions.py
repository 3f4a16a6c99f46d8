from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, STAFF_VIEW, SYSADMIN

VIEW_POLICY = declare("policy.view_policy", _("查看政策参数"), roles=STAFF_VIEW)
MANAGE_POLICY = declare("policy.manage_policy", _("设置政策参数（新增生效版本）"), roles=(SYSADMIN, CHAIR))
