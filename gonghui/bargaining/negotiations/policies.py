"""Policy keys of the bargaining case: every statutory period (with its day unit in the key's unit), the number of
negotiators each side names and the share of votes a draft needs.

Periods counted in working days run on the working-day calendar (``gonghui.workdays``: holidays and make-up
working days). The filing and objection periods are calendar days, as in the law (集体合同规定 第四十二条、第四十七条);
when their last day is not a working day it moves to the next working day (民法典 第二百零三条).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("平等协商")

REPLY_WORKING_DAYS = define(
    key="bargaining.reply_working_days",
    label=_("要约书面回应期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=10,
    help=_("一方提出书面协商要约后，另一方应在此工作日数内书面回应（自要约日次日起算）。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
VOTE_WORKING_DAYS = define(
    key="bargaining.vote_working_days",
    label=_("草案提交审议期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=15,
    help=_("协商形成草案后，应在此工作日数内提交职工代表大会或全体职工讨论表决。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
FILING_DAYS = define(
    key="bargaining.filing_days",
    label=_("报送审查期限"),
    type=PolicyType.INT,
    unit=_("日（自然日，末日遇节假日顺延）"),
    default=10,
    help=_("集体合同签订后，应在此日数内报送劳动保障行政部门审查。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
OBJECTION_DAYS = define(
    key="bargaining.objection_days",
    label=_("审查异议期"),
    type=PolicyType.INT,
    unit=_("日（自然日，末日遇节假日顺延）"),
    default=15,
    help=_("劳动保障行政部门自收到文本之日起在此日数内未提出异议的，集体合同于期满次日生效。"),
    section=SECTION,
    min_value=1,
    max_value=60,
)
PUBLISH_WORKING_DAYS = define(
    key="bargaining.publish_working_days",
    label=_("生效后公布期限"),
    type=PolicyType.INT,
    unit=_("个工作日"),
    default=5,
    help=_("集体合同生效后，应在此工作日数内向全体职工公布。"),
    section=SECTION,
    min_value=1,
    max_value=30,
)
RENEWAL_NOTICE_DAYS = define(
    key="bargaining.renewal_notice_days",
    label=_("续签提醒提前天数"),
    type=PolicyType.INT,
    unit=_("日（自然日）"),
    default=90,
    help=_("集体合同期满前此日数起提醒续签协商。"),
    section=SECTION,
    min_value=1,
    max_value=365,
)
MIN_NEGOTIATORS = define(
    key="bargaining.min_negotiators",
    label=_("每方协商代表最少人数"),
    type=PolicyType.INT,
    unit=_("人"),
    default=3,
    help=_("协商双方各自的协商代表不少于此人数（含首席代表一名）。"),
    section=SECTION,
    min_value=1,
    max_value=15,
)
TERM_MIN_MONTHS = define(
    key="bargaining.term_min_months",
    label=_("集体合同最短期限"),
    type=PolicyType.INT,
    unit=_("个月"),
    default=12,
    section=SECTION,
    min_value=1,
    max_value=60,
)
TERM_MAX_MONTHS = define(
    key="bargaining.term_max_months",
    label=_("集体合同最长期限"),
    type=PolicyType.INT,
    unit=_("个月"),
    default=36,
    section=SECTION,
    min_value=1,
    max_value=60,
)
PASS_SHARE = define(
    key="bargaining.pass_share",
    label=_("全体职工表决通过比例"),
    type=PolicyType.DECIMAL,
    unit=_("（超过该比例）"),
    default=Decimal("0.50"),
    help=_("由全体职工表决时，赞成票须超过全体职工人数的此比例（不是到会人数）。"),
    section=SECTION,
    min_value=Decimal("0.50"),
    max_value=Decimal("0.99"),
    places=2,
)
