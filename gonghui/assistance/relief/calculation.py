"""The relief of a claim: out-of-pocket costs above the threshold, a share per cost band, limited by what is left
of the person's yearly cap. Pure arithmetic (:func:`compute`) and the explained version (:func:`explain`) that
records every figure, band and policy version in a :class:`gonghui.policy.trace.Trace`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from gonghui.assistance.relief.policies import parse_bands
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """The relief of one band: ``base`` (the part of the costs in the band, above the threshold) × ``rate``."""

    start: Decimal
    end: Decimal | None
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Outcome:
    shares: tuple[Share, ...]
    gross: Decimal  # the sum of the bands' relief
    room: Decimal  # what is left of the yearly cap
    amount: Decimal  # min(gross, room)

    @property
    def cap_reduction(self) -> Decimal:
        return self.gross - self.amount


def compute(
    *, out_of_pocket: Decimal, threshold: Decimal, bands: list[tuple[Decimal, Decimal]], cap: Decimal, paid: Decimal
) -> Outcome:
    """Each band ``[start, next start)`` (the last unbounded) pays ``rate`` × the costs inside it that lie above
    ``threshold``, rounded to the fen (half up); the total is limited to ``cap`` − ``paid`` (never below zero)."""
    shares: list[Share] = []
    for index, (start, rate) in enumerate(bands):
        end = bands[index + 1][0] if index + 1 < len(bands) else None
        low = max(start, threshold)
        high = out_of_pocket if end is None else min(out_of_pocket, end)
        base = max(ZERO, high - low)
        shares.append(Share(start=start, end=end, rate=rate, base=_fen(base), amount=_fen(base * rate)))
    gross = sum((s.amount for s in shares), ZERO)
    room = max(ZERO, cap - paid)
    return Outcome(shares=tuple(shares), gross=gross, room=room, amount=min(gross, room))


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def explain(*, unit: OrgUnit, on: date, out_of_pocket: Decimal, paid: Decimal) -> tuple[Outcome, Trace]:
    """The relief by the policies in force at ``unit`` on ``on``, with its trace line by line."""
    trace = Trace()
    trace.given(gettext_noop("经医保报销后个人自付合计"), out_of_pocket, kind="money")
    trace.given(gettext_noop("本年度已核定的大病救助"), paid, kind="money")
    threshold = Decimal(trace.rule(gettext_noop("起付线"), policy_get("assistance.relief_threshold", unit, on=on)))
    raw_bands = trace.rule(gettext_noop("分段比例"), policy_get("assistance.relief_bands", unit, on=on))
    cap = Decimal(trace.rule(gettext_noop("年度封顶"), policy_get("assistance.relief_yearly_cap", unit, on=on)))
    outcome = compute(
        out_of_pocket=out_of_pocket, threshold=threshold, bands=parse_bands(raw_bands), cap=cap, paid=paid
    )
    for share in outcome.shares:
        low = max(share.start, threshold)
        high = "∞" if share.end is None else f"{share.end:,.2f}"
        trace.step(
            gettext_noop("分段救助"),
            share.amount,
            formula=f"[{low:,.2f}, {high}) : {share.base:,.2f} × {_percent(share.rate)}",
        )
    trace.step(gettext_noop("分段救助合计"), outcome.gross, formula=gettext_noop("各段救助金额相加"))
    trace.step(
        gettext_noop("本年度剩余额度"),
        outcome.room,
        formula=gettext_noop("年度封顶 − 本年度已核定的大病救助（不低于 0）"),
    )
    trace.result(
        gettext_noop("核定救助金额"),
        outcome.amount,
        kind="money",
        formula=gettext_noop("分段救助合计与本年度剩余额度取较小者"),
    )
    return outcome, trace
