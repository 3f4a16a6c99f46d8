from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import AUDITOR, CHAIR, SYSADMIN

VIEW_EVENTS = declare("audit.view_events", _("查看审计日志"), roles=(SYSADMIN, CHAIR, AUDITOR))
