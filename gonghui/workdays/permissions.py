from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import STAFF_VIEW, SYSADMIN

VIEW_CALENDAR = declare("workdays.view_calendar", _("查看工作日历"), roles=STAFF_VIEW)
MANAGE_CALENDAR = declare("workdays.manage_calendar", _("维护工作日历（节假日与调休）"), roles=(SYSADMIN,))
