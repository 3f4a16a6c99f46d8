"""Policy keys of workers' requests: which rating is poor (it reopens the request once) and how many working days
a reopened request has to be answered again. The response deadline of a first answer is the category's (policy
data on ``RequestCategory``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工诉求")

POOR_RATING = define(
    key="legal_aid.request_poor_rating",
    label=_("诉求不满意评分线"),
    type=PolicyType.INT,
    unit=_("星"),
    default=2,
    help=_("职工评分（1–5 星）不高于此值视为不满意：第一次不满意重新办理，第二次不满意按评价办结。"),
    section=SECTION,
    min_value=1,
    max_value=4,
)
REOPEN_DAYS = define(
    key="legal_aid.request_reopen_days",
    label=_("重新办理答复期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=5,
    help=_("因职工不满意而重新办理的诉求，自重新办理之日起在此工作日内再次答复。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
