from django.utils.translation import gettext_lazy as _

from gonghui.console.nav import NavItem
from gonghui.ratings.permissions import VIEW_RATINGS

NAV = [
    NavItem(label=_("满意度统计"), url_name="ratings:stats", perm=VIEW_RATINGS, section=_("服务评价"), order=60),
    NavItem(label=_("服务评价"), url_name="ratings:list", perm=VIEW_RATINGS, section=_("服务评价"), order=61),
    NavItem(label=_("差评回访"), url_name="ratings:queue", perm=VIEW_RATINGS, section=_("服务评价"), order=62),
]
