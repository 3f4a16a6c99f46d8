"""The representatives' quota by headcount and the composition rules: pure arithmetic (:func:`quota`,
:func:`composition`) and the explained quota (:func:`explain_quota`) stored with a term as a
:class:`gonghui.policy.trace.Trace`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from gonghui.congress.congresses.policies import parse_quota_bands
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace

Band = tuple[int, int, int, int]  # (from, base, per, add)


@dataclass(frozen=True)
class Quota:
    headcount: int
    band: Band | None  # None: below the first band (an assembly of all staff up to the small minimum)
    steps: int  # full ``per`` above the band's start
    raw: int  # before the caps
    quota: int


def quota(headcount: int, *, small_minimum: int, bands: list[Band], top: int) -> Quota:
    """The quota for ``headcount`` staff: in the highest band whose ``from`` ≤ headcount, ``base`` + ``add`` × the
    FULL ``per`` above ``from``; below the first band all staff up to ``small_minimum``; never above ``top`` nor
    above the headcount."""
    band = next((b for b in reversed(bands) if headcount >= b[0]), None)
    if band is None:
        raw, steps = min(headcount, small_minimum), 0
    else:
        start, base, per, add = band
        steps = (headcount - start) // per
        raw = base + add * steps
    return Quota(headcount=headcount, band=band, steps=steps, raw=raw, quota=max(0, min(raw, top, headcount)))


def explain_quota(*, unit: OrgUnit, on: date, headcount: int) -> tuple[Quota, Trace]:
    trace = Trace()
    trace.given(gettext_noop("职工人数"), headcount, kind="int", unit=gettext_noop("人"))
    small, bands, top = parse_quota_bands(
        trace.rule(gettext_noop("职工代表名额计算规则"), policy_get("congress.quota_bands", unit, on=on))
    )
    found = quota(headcount, small_minimum=small, bands=bands, top=top)
    if found.band is None:
        trace.step(
            gettext_noop("适用规则"),
            found.raw,
            kind="int",
            unit=gettext_noop("人"),
            formula=f"min({headcount}, {small})",
        )
    else:
        start, base, per, add = found.band
        trace.step(
            gettext_noop("适用分段"),
            found.raw,
            kind="int",
            unit=gettext_noop("人"),
            formula=f"{base} + {add} × ⌊({headcount} − {start}) ÷ {per}⌋ = {base} + {add} × {found.steps}",
        )
    trace.result(
        gettext_noop("代表名额"),
        found.quota,
        kind="int",
        unit=gettext_noop("人"),
        formula=f"min({found.raw}, {top}, {headcount})",
    )
    return found, trace


@dataclass(frozen=True)
class Composition:
    total: int
    front_line: int
    managers: int
    manager_share: Decimal
    front_line_majority: bool
    managers_within: bool

    @property
    def ok(self) -> bool:
        return self.front_line_majority and self.managers_within

    @property
    def manager_limit(self) -> int:
        """The most managers allowed among ``total`` representatives (``⌊total × share⌋``)."""
        return int(self.total * self.manager_share)


def composition(*, total: int, front_line: int, managers: int, manager_share: Decimal) -> Composition:
    """Front-line workers strictly more than half of the active representatives; managers at most ``manager_share``
    of them (``managers ≤ total × share``, exactly). An empty term breaks neither rule."""
    return Composition(
        total=total,
        front_line=front_line,
        managers=managers,
        manager_share=manager_share,
        front_line_majority=total == 0 or 2 * front_line > total,
        managers_within=Decimal(managers) <= Decimal(total) * manager_share,
    )
