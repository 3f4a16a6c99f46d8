"""Hardship eligibility, computed and explained (``gonghui.policy.trace``).

    per-capita = (household monthly income − monthly rigid costs) ÷ household size   (to the fen, half up)
    deep       when per-capita < 低保
    relative   when not deep and per-capita < 低保 × multiple (default 2)
    accident   when neither, and rigid costs > income × share (default 80%)
               (with no income at all, any rigid cost counts)
    none       otherwise

低保, the multiple and the share are policy values at the member's union on the day of the decision (a city or
county sets its own 低保 from a date); the trace keeps the records they came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop as N_

from gonghui.assistance.models import HardshipCategory
from gonghui.common.money import CENT
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

CATEGORY_TEXT = {
    HardshipCategory.DEEP: N_("深度困难"),
    HardshipCategory.RELATIVE: N_("相对困难"),
    HardshipCategory.ACCIDENT: N_("意外致困"),
    HardshipCategory.NONE: N_("不符合困难标准"),
}


@dataclass(frozen=True)
class Eligibility:
    category: str
    per_capita: Decimal
    trace: Trace

    @property
    def eligible(self) -> bool:
        return self.category != HardshipCategory.NONE


def categorize(
    *, income: Decimal, costs: Decimal, size: int, dibao: Decimal, multiple: Decimal, share: Decimal
) -> tuple[str, Decimal]:
    """The rule alone, without policy lookups: ``(category, per-capita)``."""
    per_capita = ((income - costs) / Decimal(size)).quantize(CENT, rounding=ROUND_HALF_UP)
    if per_capita < dibao:
        return HardshipCategory.DEEP, per_capita
    if per_capita < (dibao * multiple).quantize(CENT, rounding=ROUND_HALF_UP):
        return HardshipCategory.RELATIVE, per_capita
    if costs > 0 and costs > income * share:
        return HardshipCategory.ACCIDENT, per_capita
    return HardshipCategory.NONE, per_capita


def assess(*, unit: OrgUnit, on: date, incomes: Iterable[Decimal], costs: Iterable[Decimal], size: int) -> Eligibility:
    """The decision for a household of ``size`` at ``unit`` on ``on``, with its trace."""
    if size < 1:
        raise ValueError("a household has at least one person")
    trace = Trace()
    income = trace.given(N_("家庭月收入合计"), sum(incomes, Decimal("0.00")), kind="money")
    cost = trace.given(N_("月刚性支出合计"), sum(costs, Decimal("0.00")), kind="money")
    trace.given(N_("家庭人口"), size, kind="int", unit=N_("人"))
    dibao = trace.rule(N_("最低生活保障标准（低保）"), policy_get("assistance.dibao", unit, on=on))
    multiple = trace.rule(N_("相对困难认定倍数"), policy_get("assistance.relative_multiple", unit, on=on))
    share = trace.rule(N_("意外致困刚性支出占收入比例"), policy_get("assistance.accident_share", unit, on=on))
    category, per_capita = categorize(income=income, costs=cost, size=size, dibao=dibao, multiple=multiple, share=share)
    trace.step(
        N_("人均月收入（扣除刚性支出）"), per_capita, formula=N_("（家庭月收入合计 − 月刚性支出合计）÷ 家庭人口")
    )
    line = (dibao * multiple).quantize(CENT, rounding=ROUND_HALF_UP)
    trace.step(N_("相对困难标准"), line, formula=N_("低保 × 相对困难认定倍数"))
    trace.step(N_("刚性支出占收入比例界限"), (income * share).quantize(CENT), formula=N_("家庭月收入合计 × 比例"))
    if category == HardshipCategory.DEEP:
        formula = N_("人均月收入 < 低保")
    elif category == HardshipCategory.RELATIVE:
        formula = N_("低保 ≤ 人均月收入 < 相对困难标准")
    elif category == HardshipCategory.ACCIDENT:
        formula = N_("月刚性支出合计 > 家庭月收入合计 × 比例")
    else:
        formula = N_("人均月收入 ≥ 相对困难标准，且刚性支出未超过界限")
    trace.result(N_("认定结果"), CATEGORY_TEXT[HardshipCategory(category)], formula=formula)
    return Eligibility(category=category, per_capita=per_capita, trace=trace)
