from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.review.permissions import ACT_CASE, MANAGE_PROCESS, VIEW_CASE

NAV = [
    NavItem(label=_("待我审核"), url_name="review:queue", perm=ACT_CASE, section=_("逐级审核"), order=40),
    NavItem(label=_("审核事项"), url_name="review:case_list", perm=VIEW_CASE, section=_("逐级审核"), order=41),
    NavItem(
        label=_("审核流程配置"), url_name="review:process_list", perm=MANAGE_PROCESS, section=_("系统设置"), order=75
    ),
]
