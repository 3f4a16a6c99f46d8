"""Policy keys of knowledge quizzes: the defaults a new quiz starts from (10 questions in 10 minutes, 3 attempts a
day) and the grace allowed for a submission that travels past the deadline. A quiz stores its own values and the
records they came from."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("知识竞赛")

PAPER_SIZE = define(
    key="contests.quiz_paper_size",
    label=_("知识竞赛每卷题数"),
    type=PolicyType.INT,
    default=10,
    unit=_("题"),
    help=_("新建竞赛时默认每份随机试卷的题数。"),
    section=SECTION,
    min_value=1,
    max_value=100,
)
TIME_LIMIT = define(
    key="contests.quiz_time_limit_minutes",
    label=_("知识竞赛答题时限"),
    type=PolicyType.INT,
    default=10,
    unit=_("分钟"),
    help=_("新建竞赛时默认的答题时限，由服务器计时。"),
    section=SECTION,
    min_value=1,
    max_value=180,
)
ATTEMPTS_PER_DAY = define(
    key="contests.quiz_attempts_per_day",
    label=_("知识竞赛每日答题次数"),
    type=PolicyType.INT,
    default=3,
    unit=_("次"),
    help=_("新建竞赛时默认每位会员每天可答题的次数，取最好成绩。"),
    section=SECTION,
    min_value=1,
    max_value=20,
)
GRACE_SECONDS = define(
    key="contests.quiz_grace_seconds",
    label=_("知识竞赛交卷宽限"),
    type=PolicyType.INT,
    default=15,
    unit=_("秒"),
    help=_("截止时间后仍接受交卷的秒数（网络延迟）；超过宽限的交卷不予受理，该次答题记为超时。"),
    section=SECTION,
    min_value=0,
    max_value=120,
)
