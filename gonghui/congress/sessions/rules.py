"""The quorum and the pass rule, exactly (fractions, no rounding): a session votes only when the representatives
present reach the quorum share of ALL active representatives; a resolution passes when the votes for are STRICTLY
more than the pass share of ALL active representatives of the term (not of those present)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def quorum_needed(total: int, share: Fraction) -> int:
    """The fewest representatives present that reach ``share`` of ``total`` (``⌈total × share⌉``)."""
    return math.ceil(Fraction(total) * share)


def has_quorum(present: int, total: int, share: Fraction) -> bool:
    return total > 0 and present >= quorum_needed(total, share)


def passes(votes_for: int, total: int, share: Decimal) -> bool:
    """More than ``share`` of all ``total`` representatives voted for (strictly)."""
    return total > 0 and Fraction(votes_for) > Fraction(total) * Fraction(share)


def pass_needed(total: int, share: Decimal) -> int:
    """The fewest votes for that pass: ``⌊total × share⌋ + 1``."""
    return math.floor(Fraction(total) * Fraction(share)) + 1
