"""The member portal's "互助保障" page: the worker's cover (plan, tier, cover period, the benefits in plain words
with their caps, the end of the waiting period for a first-time enrolee)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.mutual_aid.enrolment import selectors
from gonghui.mutual_aid.models import BenefitRule, EnrolledMember
from gonghui.mutual_aid.plans.selectors import version_on, version_rules


@dataclass(frozen=True)
class Benefit:
    label: str
    words: str
    caps: str
    waiting_until: date | None


def _money(value: Decimal | None) -> str:
    return f"{value:,.0f}" if value is not None else ""


def describe(rule: BenefitRule, cover: EnrolledMember) -> Benefit:
    """One benefit in plain words: what is paid and up to how much."""
    if rule.fixed_amount is not None:
        words = _("确诊或出险后一次性给付 %(amount)s 元") % {"amount": _money(rule.fixed_amount)}
    else:
        rates = "、".join(
            (_("%(rate)s%%") % {"rate": f"{Decimal(b['rate']) * 100:.0f}"})
            if i == 0
            else (
                _("超过 %(start)s 元的部分 %(rate)s%%")
                % {"start": _money(Decimal(b["from"])), "rate": f"{Decimal(b['rate']) * 100:.0f}"}
            )
            for i, b in enumerate(rule.bands or [])
        )
        words = _("票据金额扣除除外项目和起付线 %(deductible)s 元后，按 %(rates)s 给付") % {
            "deductible": _money(rule.deductible),
            "rates": rates,
        }
    if rule.illnesses:
        words += _("；限 %(n)d 种病种") % {"n": len(rule.illnesses)}
    caps = []
    if rule.per_event_cap is not None:
        caps.append(_("每次最高 %(amount)s 元") % {"amount": _money(rule.per_event_cap)})
    if rule.yearly_cap is not None:
        caps.append(_("全年最高 %(amount)s 元") % {"amount": _money(rule.yearly_cap)})
    waiting = None
    if cover.first_time and rule.waiting_days and cover.covered_from is not None:
        waiting = cover.covered_from + timedelta(days=rule.waiting_days)
    return Benefit(label=rule.get_kind_display(), words=words, caps="，".join(caps), waiting_until=waiting)


@login_required(login_url="portal:login")
def my_cover(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    covers = []
    for cover in selectors.my_covers(actor=request.user, day=today)[:5]:
        version = version_on(cover.plan, max(today, cover.plan.starts_on))
        rules = [r for r in version_rules(version) if r.tier_id == cover.tier_id] if version else []
        covers.append({"cover": cover, "version": version, "benefits": [describe(r, cover) for r in rules]})
    return render(request, "mutual_aid/enrolment/portal_cover.html", {"covers": covers, "today": today})
