"""Policy keys of congress sessions: the quorum and the share of all representatives a resolution needs."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.congress.congresses.policies import SECTION
from gonghui.policy.registry import PolicyType, define


def parse_fraction(value: Any) -> Fraction:
    """``"2/3"`` → ``Fraction(2, 3)``: a share written exactly (two thirds is no finite decimal)."""
    text = str(value or "").strip()
    try:
        top, _slash, bottom = text.partition("/")
        found = Fraction(int(top), int(bottom)) if bottom else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValidationError(gettext("请填写分数，例如 2/3。"), code="fraction") from None
    if not Fraction(0) < found <= Fraction(1):
        raise ValidationError(gettext("比例须大于 0 且不超过 1。"), code="fraction")
    return found


# Exact shares (two thirds is no finite decimal): a choice of fractions.
QUORUM_CHOICES = [
    ("1/2", _("过半数（1/2）")),
    ("3/5", _("五分之三（3/5）")),
    ("2/3", _("三分之二（2/3）")),
    ("3/4", _("四分之三（3/4）")),
]


QUORUM = define(
    key="congress.quorum",
    label=_("职代会法定到会比例"),
    type=PolicyType.CHOICE,
    default="2/3",
    choices=QUORUM_CHOICES,
    help=_("到会代表须达到全体在任代表的这一比例方可进行表决。"),
    section=SECTION,
)
PASS_SHARE = define(
    key="congress.pass_share",
    label=_("决议通过比例"),
    type=PolicyType.PERCENT,
    default=Decimal("0.5"),
    help=_("赞成票须超过全体在任代表（不是到会代表）的这一比例，决议方为通过。"),
    section=SECTION,
    min_value=Decimal("0"),
    max_value=Decimal("1"),
)
