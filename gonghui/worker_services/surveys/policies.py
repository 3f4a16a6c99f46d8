"""Policy keys of needs surveys: the smallest group whose answers are shown apart (a child union's breakdown, and
an anonymous survey's results at all), so that a small union cannot identify anyone. A survey keeps the value in
force when it opens, and the record it came from."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("需求调查")

MIN_GROUP = define(
    key="worker_services.survey_min_group",
    label=_("需求调查分组最少答卷数"),
    type=PolicyType.INT,
    default=5,
    unit=_("份"),
    help=_("按下级工会分组统计时，答卷少于该数的分组不单独显示；匿名问卷答卷少于该数时不显示结果。"),
    section=SECTION,
    min_value=2,
    max_value=100,
)
