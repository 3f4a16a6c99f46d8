"""Policy keys of ``visits/``: which birthdays are milestones (a visit is planned for them) and how many days ahead
the birthday job plans the visit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.policy.registry import PolicyType, define

SECTION = _("退休职工")


def _ages_valid(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(a, int) and 50 <= a <= 130 for a in value):
        raise ValidationError(_("请填写 50 至 130 之间的整数岁数列表，例如 [70, 80, 90]。"), code="ages")


MILESTONE_AGES = define(
    key="retirees.birthday_milestone_ages",
    label=_("生日走访的寿辰岁数"),
    type=PolicyType.JSON,
    default=[70, 80, 90],
    help=_("退休职工年满这些岁数的生日，系统提前安排生日走访，例如 [70, 80, 90]。"),
    section=SECTION,
    validator=_ages_valid,
)
EVERY_YEAR_FROM = define(
    key="retirees.birthday_every_year_from",
    label=_("每年生日走访的起始岁数"),
    type=PolicyType.INT,
    unit=_("岁"),
    default=90,
    help=_("年满此岁数起，每年生日都安排走访。"),
    section=SECTION,
    min_value=60,
    max_value=130,
)
DAYS_AHEAD = define(
    key="retirees.birthday_days_ahead",
    label=_("生日走访提前安排天数"),
    type=PolicyType.INT,
    unit=_("天"),
    default=14,
    help=_("生日前这么多天起，系统为寿辰生日安排走访（计划日期为生日当天）。"),
    section=SECTION,
    min_value=1,
    max_value=90,
)
