"""Policy key of the openness of affairs: how many days the union has to answer a worker's question."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

DISCLOSURE_ANSWER_DAYS = define(
    key="congress.disclosure_answer_days",
    label=_("厂务公开问询答复期限"),
    type=PolicyType.INT,
    unit=_("天"),
    default=30,
    help=_("职工对厂务公开事项提出问询后，应在这么多天内答复，逾期督办。"),
    section=_("民主管理"),
    min_value=1,
    max_value=180,
)
