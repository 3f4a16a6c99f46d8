"""Permissions of union funds (经费). Keeping a union's books is local to that union (``inherited=False``: the
city's accountant does not keep a grassroots union's books); reading books for audit (经审) is inherited, so an
audit committee reads its own union's books and those of every union below it, and a sibling reads nothing."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import AUDITOR, CHAIR, CLERK, FINANCE

VIEW_BOOKS = declare("finance.view_books", _("查看本级账务"), roles=(FINANCE, CHAIR), inherited=False)
AUDIT_BOOKS = declare("finance.audit_books", _("审查本级及下级账务（经审）"), roles=(AUDITOR,))
MANAGE_ACCOUNTS = declare("finance.manage_accounts", _("建账与维护会计科目"), roles=(FINANCE,), inherited=False)
PREPARE_VOUCHER = declare("finance.prepare_voucher", _("填制记账凭证"), roles=(FINANCE,), inherited=False)
REVIEW_VOUCHER = declare(
    "finance.review_voucher", _("审核记账凭证"), sensitive=True, roles=(FINANCE, CHAIR), inherited=False
)
POST_VOUCHER = declare("finance.post_voucher", _("凭证记账"), sensitive=True, roles=(FINANCE,), inherited=False)
CLOSE_PERIOD = declare("finance.close_period", _("期末结账"), roles=(FINANCE,), inherited=False)
REQUEST_PAYMENT = declare("finance.request_payment", _("提交支付申请"), roles=(FINANCE,), inherited=False)
APPROVE_PAYMENT = declare(
    "finance.approve_payment", _("审批支付申请"), sensitive=True, roles=(FINANCE, CHAIR), inherited=False
)
PAY = declare("finance.record_payment", _("登记付款"), sensitive=True, roles=(FINANCE,), inherited=False)
REVEAL_BANK_ACCOUNT = declare(
    "finance.reveal_bank_account", _("查看完整收款账号"), sensitive=True, roles=(FINANCE,), inherited=False
)

# ---- allocation and dues (拨缴经费与会费): tracked and recorded over a subtree, so these are inherited. The
# federation that collects the allocation for the employers below it holds the allocation permissions; grassroots
# clerks record their members' dues. Postings still go to each union's own books (through ``voucher_generate``).
VIEW_ALLOCATION = declare("finance.view_allocation", _("查看拨缴经费"), roles=(FINANCE, CHAIR, AUDITOR))
MANAGE_ALLOCATION = declare("finance.manage_allocation", _("登记拨缴经费申报与收款"), roles=(FINANCE,))
VIEW_DUES = declare("finance.view_dues", _("查看会费收缴"), roles=(FINANCE, CHAIR, CLERK, AUDITOR))
MANAGE_DUES = declare("finance.manage_dues", _("登记会费收缴"), roles=(FINANCE, CLERK))
# --- budgets and funds audit (经审) -------------------------------------------------------------------------------
# A union's finance staff prepare its budget (local); the level above approves it (inherited: the city's holders
# approve the districts' budgets). The audit committee of a level plans and runs audits of the unions below it
# (inherited); the audited union's chair and finance staff reply to rectification orders (local).
PREPARE_BUDGET = declare("finance.prepare_budget", _("编制本级年度预算"), roles=(FINANCE,), inherited=False)
APPROVE_BUDGET = declare("finance.approve_budget", _("审批下级年度预算"), sensitive=True, roles=(FINANCE, CHAIR))
MANAGE_AUDIT = declare("finance.manage_audit", _("组织经费审查（立项、底稿、问题、整改验收）"), roles=(AUDITOR,))
REPLY_RECTIFICATION = declare(
    "finance.reply_rectification", _("回复本级经审整改通知"), roles=(CHAIR, FINANCE), inherited=False
)
