"""Policy keys of skill training: the share of a course's hours a trainee must attend for a certificate."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("职工技能培训")

MIN_ATTENDANCE = define(
    key="contests.training_min_attendance",
    label=_("培训结业最低出勤比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.8"),
    help=_("学员签到的学时达到课程总学时的这一比例，方可获发培训证书。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1"),
)
