from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW, SYSADMIN

VIEW_CASE = declare("review.view_case", _("查看审核事项"), roles=STAFF_VIEW)
ACT_CASE = declare("review.act_case", _("审核（通过、退回、驳回）"), roles=(REVIEWER, CHAIR))
SUBMIT_CASE = declare("review.submit_case", _("提交和重新提交审核事项"), roles=(CLERK, CHAIR))
MANAGE_PROCESS = declare("review.manage_process", _("配置审核流程"), roles=(SYSADMIN,))
