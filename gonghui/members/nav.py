from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.members.permissions import APPROVE_JOIN, IMPORT_MEMBER, TRANSFER_MEMBER, VIEW_MEMBER, VIEW_STATS

SECTION = _("会员")

NAV = [
    NavItem(label=_("会员名册"), url_name="members:list", perm=VIEW_MEMBER, section=SECTION, order=30),
    NavItem(label=_("疑似失联会员"), url_name="members:flags", perm=VIEW_MEMBER, section=SECTION, order=31),
    NavItem(label=_("会员统计"), url_name="members:stats", perm=VIEW_STATS, section=SECTION, order=32),
    NavItem(label=_("批量导入"), url_name="members:import_list", perm=IMPORT_MEMBER, section=SECTION, order=33),
    NavItem(label=_("入会申请"), url_name="members:join_list", perm=VIEW_MEMBER, section=SECTION, order=34),
    NavItem(label=_("组织关系接转"), url_name="members:transfer_list", perm=TRANSFER_MEMBER, section=SECTION, order=35),
    NavItem(label=_("新就业形态入会路由"), url_name="members:gig_routes", perm=APPROVE_JOIN, section=SECTION, order=36),
]
