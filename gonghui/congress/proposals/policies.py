"""Policy keys of congress proposals: the seconders a proposal needs and the months a department has to answer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.congress.congresses.policies import SECTION
from gonghui.policy.registry import PolicyType, define

MIN_SECONDERS = define(
    key="congress.min_seconders",
    label=_("提案最少附议人数"),
    type=PolicyType.INT,
    unit=_("人"),
    default=2,
    help=_("提案须有不少于此人数的其他代表附议方可提交提案委员会。"),
    section=SECTION,
    min_value=0,
    max_value=20,
)
ANSWER_MONTHS = define(
    key="congress.answer_months",
    label=_("提案答复期限"),
    type=PolicyType.INT,
    unit=_("个月"),
    default=3,
    help=_("立案的提案自交办之日起在此月数内答复（到期日遇节假日顺延至下一个工作日）。"),
    section=SECTION,
    min_value=1,
    max_value=24,
)
