"""Permissions of medical mutual aid (职工医疗互助保障)."""

from django.utils.translation import gettext_lazy as _

from gonghui.authz.registry import declare
from gonghui.authz.roles import CHAIR, CLERK, FINANCE, REVIEWER, STAFF_VIEW

# ---- plans: ``plans/``. A federation (province or city) defines its yearly plans and their benefit rules.
VIEW_MUTUAL_AID = declare("mutual_aid.view", _("查看职工医疗互助保障"), roles=STAFF_VIEW)
MANAGE_PLANS = declare("mutual_aid.manage_plans", _("制定互助保障计划与给付规则"), roles=(CHAIR,))

# ---- enrolment: ``enrolment/``. A grassroots union's clerk builds and corrects the list; the level above reviews it;
# finance staff record the fee's payment.
MANAGE_ENROLMENT = declare("mutual_aid.manage_enrolment", _("办理整体参保与名单调整"), roles=(CLERK, CHAIR))
REVIEW_ENROLMENT = declare("mutual_aid.review_enrolment", _("审核参保名单"), roles=(REVIEWER, CHAIR))
RECORD_FEE = declare("mutual_aid.record_fee", _("登记互助保障会费缴纳"), roles=(FINANCE, CHAIR))

# ---- claims: ``claims/``. Clerks file claims on a member's behalf and upload monthly batches; reviewers decide
# (and the level above decides appeals); the illness and the invoices' details are health data, shown only on a
# reveal by a holder of REVEAL_CLAIM_HEALTH (audited).
MANAGE_CLAIMS = declare("mutual_aid.manage_claims", _("代职工办理互助保障给付申请"), roles=(CLERK, CHAIR))
DECIDE_CLAIMS = declare(
    "mutual_aid.decide_claims", _("审核互助保障给付与申诉"), sensitive=True, roles=(REVIEWER, CHAIR)
)
REVEAL_CLAIM_HEALTH = declare(
    "mutual_aid.reveal_claim_health", _("查看互助保障病种与票据明细（留痕）"), sensitive=True, roles=(CHAIR, REVIEWER)
)
