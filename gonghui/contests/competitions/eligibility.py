"""Eligibility of an entrant, as a pure function with a trace (no database).

- Age in whole years on the contest's first day, from the member's birth date (derived from the resident ID number
  when the member was enrolled); it must lie within the contest's bounds, both included. A member without a birth
  date is not eligible (the union completes the roster first).
- Years in the trade, declared by the registering union, at least the contest's minimum.
- The certificate the contest requires (if any) among the certificates the union declares the member holds (names
  separated by commas, 、 or semicolons; compared without spaces and case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop

from gonghui.policy.trace import Trace

_SEPARATORS = re.compile(r"[,，、;；\n]+")


def age_on(birth: date, on: date) -> int:
    """Whole years of age on ``on`` (a birthday on 29 February counts from 1 March in other years)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def holds(required: str, certificates: str) -> bool:
    want = _norm(required)
    return not want or any(_norm(c) == want for c in _SEPARATORS.split(certificates or "") if c.strip())


@dataclass(frozen=True)
class Rules:
    on: date
    min_age: int
    max_age: int
    min_years: int
    certificate: str = ""


def explain(*, rules: Rules, birth_date: date | None, years_in_trade: int, certificates: str) -> tuple[bool, Trace]:
    trace = Trace()
    trace.given(gettext_noop("比赛开始日期"), rules.on, kind="date")
    ok = True
    if birth_date is None:
        trace.given(gettext_noop("出生日期"), gettext_noop("未登记"), kind="text")
        trace.step(
            gettext_noop("年龄条件"), False, kind="bool", formula=gettext_noop("会员出生日期未登记，无法计算年龄")
        )
        ok = False
    else:
        trace.given(gettext_noop("出生日期"), birth_date, kind="date")
        age = trace.step(
            gettext_noop("比赛开始日年龄"),
            age_on(birth_date, rules.on),
            kind="int",
            unit=gettext_noop("周岁"),
            formula=gettext_noop("按出生日期计算的周岁"),
        )
        trace.given(
            gettext_noop("年龄要求"), f"{rules.min_age}–{rules.max_age}", kind="text", unit=gettext_noop("周岁")
        )
        fits = rules.min_age <= age <= rules.max_age
        trace.step(gettext_noop("年龄条件"), fits, kind="bool")
        ok = ok and fits
    trace.given(gettext_noop("从业年限"), years_in_trade, kind="int", unit=gettext_noop("年"))
    trace.given(gettext_noop("最少从业年限"), rules.min_years, kind="int", unit=gettext_noop("年"))
    enough = years_in_trade >= rules.min_years
    trace.step(gettext_noop("从业年限条件"), enough, kind="bool")
    ok = ok and enough
    if rules.certificate:
        trace.given(gettext_noop("须持证书"), rules.certificate, kind="text")
        trace.given(gettext_noop("所持证书"), certificates or "—", kind="text")
        has = holds(rules.certificate, certificates)
        trace.step(gettext_noop("证书条件"), has, kind="bool")
        ok = ok and has
    trace.result(gettext_noop("资格审查结果"), gettext_noop("符合条件") if ok else gettext_noop("不符合条件"))
    return ok, trace
