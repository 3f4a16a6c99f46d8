from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, STAFF_VIEW

VIEW_RATINGS = declare("ratings.view_ratings", _("查看服务评价与满意度统计"), roles=STAFF_VIEW)
FOLLOW_UP = declare("ratings.follow_up", _("登记差评回访"), roles=(CLERK, CHAIR))
