from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import STAFF_VIEW

VIEW_OVERVIEW = declare("overview.view_overview", _("查看一屏总览"), roles=STAFF_VIEW)
