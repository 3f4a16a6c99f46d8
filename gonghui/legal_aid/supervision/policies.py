"""Policy keys of labour-law supervision: the working days an employer has to reply to a notice (Zhejiang: 15)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

REPLY_WORKING_DAYS = define(
    key="legal_aid.notice_reply_working_days",
    label=_("劳动法律监督意见书回复期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=15,
    help=_("用人单位自收到劳动法律监督意见书之日起在此工作日内书面回复（浙江省规定 15 个工作日）。"),
    section=_("劳动法律监督"),
    min_value=1,
    max_value=60,
)
