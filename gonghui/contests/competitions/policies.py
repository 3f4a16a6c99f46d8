"""Policy keys of skill and teaching contests: the weights of the scored components per kind, dropping the highest
and lowest judge's score, the panel sizes, how many advance from a stage and how many of the final get the title,
and the default eligibility bounds a new contest starts from (see ``docs/contests.md``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyKey, PolicyType, define

SECTION = _("技能和教学竞赛")


def _weight(key: str, label: Any, default: int) -> PolicyKey:
    return define(
        key=key,
        label=label,
        type=PolicyType.INT,
        default=default,
        help=_("各评分项按权重加权平均得出总分；权重之比即计分比例（如理论 3、实操 7 即 3:7）。"),
        section=SECTION,
        min_value=0,
        max_value=100,
    )


SKILL_THEORY = _weight("contests.skill_theory_weight", _("技能竞赛理论知识权重"), 3)
SKILL_PRACTICE = _weight("contests.skill_practice_weight", _("技能竞赛实际操作权重"), 7)
TEACHING_PLAN = _weight("contests.teaching_plan_weight", _("教学竞赛教学设计权重"), 2)
TEACHING_LESSON = _weight("contests.teaching_lesson_weight", _("教学竞赛课堂教学权重"), 7)
TEACHING_REFLECTION = _weight("contests.teaching_reflection_weight", _("教学竞赛教学反思权重"), 1)

DROP_EXTREMES = define(
    key="contests.drop_extremes",
    label=_("去掉一个最高分和一个最低分"),
    type=PolicyType.BOOL,
    default=True,
    help=_("评委人数达到下一项规定的人数时，每个评分项去掉一个最高分和一个最低分后取平均。"),
    section=SECTION,
)
DROP_MIN_JUDGES = define(
    key="contests.drop_min_judges",
    label=_("去掉最高最低分所需评委人数"),
    type=PolicyType.INT,
    default=5,
    unit=_("人"),
    help=_("某评分项的评分人数少于此数时不去掉最高分和最低分。"),
    section=SECTION,
    min_value=3,
    max_value=50,
)
MIN_JUDGES_SKILL = define(
    key="contests.skill_min_judges",
    label=_("技能竞赛每个赛段最少评委人数"),
    type=PolicyType.INT,
    default=3,
    unit=_("人"),
    help=_("评委不足此数的赛段不能开始评分。"),
    section=SECTION,
    min_value=1,
    max_value=50,
)
MIN_JUDGES_TEACHING = define(
    key="contests.teaching_min_judges",
    label=_("教学竞赛每个赛段最少评委人数"),
    type=PolicyType.INT,
    default=7,
    unit=_("人"),
    help=_("评委不足此数的赛段不能开始评分。"),
    section=SECTION,
    min_value=1,
    max_value=50,
)
MAX_SCORE = define(
    key="contests.max_score",
    label=_("评分项满分"),
    type=PolicyType.INT,
    default=100,
    unit=_("分"),
    help=_("每位评委对每个评分项的打分范围为 0 至此数，可保留两位小数。"),
    section=SECTION,
    min_value=10,
    max_value=1000,
)
ADVANCE_COUNT = define(
    key="contests.advance_count",
    label=_("每个赛段晋级名额"),
    type=PolicyType.INT,
    default=10,
    unit=_("名"),
    help=_("初赛、复赛结束时名次在此数以内的选手晋级下一赛段（名次并列的一并晋级）。"),
    section=SECTION,
    min_value=1,
    max_value=1000,
)
AWARD_COUNT = define(
    key="contests.award_count",
    label=_("决赛授予称号名额"),
    type=PolicyType.INT,
    default=5,
    unit=_("名"),
    help=_("决赛名次在此数以内的选手获得竞赛的称号（如技术能手），并可晋升技能等级。"),
    section=SECTION,
    min_value=1,
    max_value=100,
)
MIN_AGE = define(
    key="contests.entrant_min_age",
    label=_("选手最低年龄（新建竞赛的默认值）"),
    type=PolicyType.INT,
    default=18,
    unit=_("周岁"),
    section=SECTION,
    min_value=16,
    max_value=70,
)
MAX_AGE = define(
    key="contests.entrant_max_age",
    label=_("选手最高年龄（新建竞赛的默认值）"),
    type=PolicyType.INT,
    default=60,
    unit=_("周岁"),
    section=SECTION,
    min_value=16,
    max_value=80,
)
MIN_YEARS = define(
    key="contests.entrant_min_years",
    label=_("选手最少从业年限（新建竞赛的默认值）"),
    type=PolicyType.INT,
    default=2,
    unit=_("年"),
    section=SECTION,
    min_value=0,
    max_value=40,
)
