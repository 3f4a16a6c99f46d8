"""The caps check of a trip on publication: the price per person per day, the trip's cost per person against the
yearly cap, and the length in days, each by the policy in force at the publishing union on the day of publication.
:func:`check` is pure; :func:`explain` records every figure and policy version in a
:class:`gonghui.policy.trace.Trace` stored with the trip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_values
from gonghui.policy.trace import Trace

# The rules, in the order they are checked, named in Chinese (translated when shown).
PRICE_RULE = gettext_noop("每人每天费用不超过上限")
COST_RULE = gettext_noop("每人线路费用不超过每人每年费用上限")
DAYS_RULE = gettext_noop("线路天数不超过上限")


@dataclass(frozen=True)
class CapCheck:
    breaches: tuple[str, ...]  # the rules broken (source text), in order

    @property
    def ok(self) -> bool:
        return not self.breaches


def check(*, price_per_day: Decimal, days: int, daily_cap: Decimal, yearly_cap: Decimal, max_days: int) -> CapCheck:
    breaches: list[str] = []
    if price_per_day > daily_cap:
        breaches.append(PRICE_RULE)
    if price_per_day * days > yearly_cap:
        breaches.append(COST_RULE)
    if days > max_days:
        breaches.append(DAYS_RULE)
    return CapCheck(breaches=tuple(breaches))


def explain(
    *, unit: OrgUnit, on: date, price_per_day: Decimal, starts_on: date, ends_on: date
) -> tuple[CapCheck, Trace]:
    values = policy_values(unit, on=on)
    trace = Trace()
    days = (ends_on - starts_on).days + 1
    trace.given(gettext_noop("每人每天费用"), price_per_day, kind="money")
    trace.given(gettext_noop("线路天数"), days, kind="int", unit=gettext_noop("天"))
    daily_cap = Decimal(trace.rule(gettext_noop("每人每天费用上限"), values["recuperation.daily_cap"]))
    yearly_cap = Decimal(trace.rule(gettext_noop("每人每年费用上限"), values["recuperation.yearly_cap"]))
    max_days = int(trace.rule(gettext_noop("线路天数上限"), values["recuperation.max_days"]))
    cost = trace.step(
        gettext_noop("每人线路费用"), price_per_day * days, formula=gettext_noop("每人每天费用 × 线路天数")
    )
    outcome = check(
        price_per_day=price_per_day, days=days, daily_cap=daily_cap, yearly_cap=yearly_cap, max_days=max_days
    )
    trace.step(PRICE_RULE, price_per_day <= daily_cap, kind="bool", formula=gettext_noop("每人每天费用 ≤ 上限"))
    trace.step(COST_RULE, cost <= yearly_cap, kind="bool", formula=gettext_noop("每人线路费用 ≤ 每人每年费用上限"))
    trace.step(DAYS_RULE, days <= max_days, kind="bool", formula=gettext_noop("线路天数 ≤ 上限"))
    trace.result(
        gettext_noop("标准核验结果"), gettext_noop("符合标准") if outcome.ok else gettext_noop("超出标准"), kind="text"
    )
    return outcome, trace
