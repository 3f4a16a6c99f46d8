from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW, SYSADMIN

VIEW_MEMBER = declare("members.view_member", _("查看会员名册"), roles=STAFF_VIEW)
MANAGE_MEMBER = declare("members.manage_member", _("录入和维护会员信息"), roles=(CLERK, CHAIR, SYSADMIN))
REVEAL_ID_NUMBER = declare(
    "members.reveal_id_number", _("查看完整证件号码（留痕）"), sensitive=True, roles=(CHAIR, CLERK)
)
IMPORT_MEMBER = declare("members.import_member", _("批量导入会员"), roles=(CLERK, CHAIR))
EXPORT_MEMBER = declare("members.export_member", _("导出会员名册（脱敏）"), roles=(CLERK, CHAIR))
EXPORT_FULL_ID = declare("members.export_full_id", _("导出完整证件号码（留痕）"), sensitive=True, roles=(CHAIR,))
APPROVE_JOIN = declare("members.approve_join", _("审批入会申请"), roles=(REVIEWER, CHAIR))
TRANSFER_MEMBER = declare("members.transfer_member", _("办理会员组织关系接转"), roles=(CLERK, CHAIR))
VIEW_STATS = declare("members.view_stats", _("查看会员统计"), roles=STAFF_VIEW)
