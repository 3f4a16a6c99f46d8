"""Permissions of rights protection (法律维权): legal aid, labour-law supervision, workers' requests."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from gonghui.authz.registry import declare  # noqa: F401
from gonghui.authz.roles import CHAIR, CLERK, REVIEWER, STAFF_VIEW  # noqa: F401

# ---- ``cases/``: legal aid cases and the lawyers' roster.
VIEW_CASES = declare("legal_aid.view_cases", _("查看法律援助案件"), roles=STAFF_VIEW)
HANDLE_CASES = declare(
    "legal_aid.handle_cases", _("受理法律援助、指派律师、登记进展和结案、申请律师费"), roles=(CHAIR, CLERK, REVIEWER)
)

# ---- ``supervision/``: labour-law supervision notices.
VIEW_SUPERVISION = declare("legal_aid.view_supervision", _("查看劳动法律监督"), roles=STAFF_VIEW)
ISSUE_NOTICES = declare("legal_aid.issue_notices", _("发出和督办劳动法律监督意见书"), roles=(CHAIR, CLERK))

# ---- ``requests/``: declared here by the part.
VIEW_REQUESTS = declare("legal_aid.view_requests", _("查看职工诉求"), roles=STAFF_VIEW)
HANDLE_REQUESTS = declare("legal_aid.handle_requests", _("办理职工诉求（答复、转办）"), roles=(CLERK, CHAIR))
# Sensitive categories (harassment, safety) are seen and handled only by staff designated for them, per union:
# the permission holds only at the union where it is granted (not below), so a union's chair holds it for their
# own union and designates others (anyone above may appoint them, as for a union's own books).
HANDLE_SENSITIVE_REQUESTS = declare(
    "legal_aid.handle_sensitive_requests",
    _("办理敏感类职工诉求（性骚扰、安全等）"),
    sensitive=True,
    roles=(CHAIR,),
    inherited=False,
)
MANAGE_REQUEST_CATEGORIES = declare(
    "legal_aid.manage_request_categories", _("维护职工诉求类别与答复期限"), roles=(CHAIR,)
)

# ---- ``stats/``: declared here by the part.
