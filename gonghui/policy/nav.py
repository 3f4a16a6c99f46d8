from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.policy.permissions import VIEW_POLICY

NAV = [NavItem(label=_("政策参数"), url_name="policy:index", perm=VIEW_POLICY, section=_("系统设置"), order=80)]
