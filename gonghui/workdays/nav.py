from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.workdays.permissions import VIEW_CALENDAR

NAV = [
    NavItem(label=_("工作日历"), url_name="workdays:index", perm=VIEW_CALENDAR, section=_("系统设置"), order=85),
]
