"""Policy keys of legal aid: the working days of the decision and of the lawyer's assignment, the arbitration
limit (calendar days), and who qualifies (members with an open hardship file; the dispute kinds open to every
member)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.legal_aid.models import DisputeKind
from gonghui.policy.registry import PolicyType, define

SECTION = _("法律援助")
DEFAULT_OPEN_KINDS = ["wages", "injury", "dismissal", "social_insurance"]


def _kinds_valid(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v in DisputeKind.values for v in value):
        raise ValidationError(
            gettext("请填写争议类型代码的列表，可选：%(codes)s。") % {"codes": "、".join(DisputeKind.values)},
            code="kinds",
        )


DECISION_WORKING_DAYS = define(
    key="legal_aid.decision_working_days",
    label=_("法律援助审查期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=7,
    help=_("自申请之日起在此工作日内作出是否给予援助的决定（按工作日历，节假日不计，调休上班日计入）。"),
    section=SECTION,
    min_value=1,
    max_value=30,
)
ASSIGN_WORKING_DAYS = define(
    key="legal_aid.assign_working_days",
    label=_("指派律师期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=3,
    help=_("决定给予援助之日起在此工作日内从律师名册中指派承办律师。"),
    section=SECTION,
    min_value=1,
    max_value=30,
)
ARBITRATION_DAYS = define(
    key="legal_aid.arbitration_days",
    label=_("劳动仲裁审理期限"),
    type=PolicyType.INT,
    unit=_("日"),
    default=45,
    help=_(
        "仲裁委员会受理之日起在此自然日内应作出裁决（《劳动争议调解仲裁法》第四十三条）；逾期未裁决的，承办律师应告知职工可以起诉。"
    ),
    section=SECTION,
    min_value=1,
    max_value=120,
)
HARDSHIP_ANY_DISPUTE = define(
    key="legal_aid.hardship_any_dispute",
    label=_("困难职工不限争议类型"),
    type=PolicyType.BOOL,
    default=True,
    help=_("在册困难职工档案户的会员，任何劳动争议均可申请法律援助。"),
    section=SECTION,
)
OPEN_DISPUTE_KINDS = define(
    key="legal_aid.open_dispute_kinds",
    label=_("所有会员均可申请援助的争议类型"),
    type=PolicyType.JSON,
    default=DEFAULT_OPEN_KINDS,
    help=_(
        "这些类型的劳动争议，在册会员均可申请法律援助（代码：wages 拖欠工资、injury 工伤待遇、"
        "dismissal 解除劳动关系与经济补偿、social_insurance 社会保险、contract 劳动合同、hours 加班与休息休假、"
        "other 其他）。"
    ),
    section=SECTION,
    validator=_kinds_valid,
)
