from django.utils.translation import gettext_lazy as _

from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.console.nav import NavItem

NAV = [
    NavItem(label=_("审计日志"), url_name="audit:event_list", perm=VIEW_EVENTS, section=_("系统设置"), order=90),
]
