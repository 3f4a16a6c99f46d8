from django.utils.translation import gettext_lazy as _

from gonghui.authz.permissions import VIEW_ROLES
from gonghui.console.nav import NavItem

NAV = [
    NavItem(label=_("角色与授权"), url_name="authz:grant_list", perm=VIEW_ROLES, section=_("系统设置"), order=70),
]
