from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.orgs.permissions import VIEW_UNIT

NAV = [
    NavItem(label=_("组织架构"), url_name="orgs:unit_list", perm=VIEW_UNIT, section=_("组织管理"), order=10),
    NavItem(label=_("用人单位"), url_name="orgs:employer_list", perm=VIEW_UNIT, section=_("组织管理"), order=20),
]
