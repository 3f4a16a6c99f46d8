"""Statistics of recuperation (疗休养统计), scoped by ``recuperation.view`` (and optionally a unit's subtree), for a
year of trips (by their start date):

- **places per unit**: each quota holder's places (as held now), places allotted further down, places handed back,
  and places used (bookings holding a place: confirmed, checked in, completed);
- **participation by group**: the people on trips by their current honours (model workers, craftsmen, others:
  the register's ``honoree_titles``);
- **first-timers' share**: people on a trip this year who had no trip in an earlier year;
- **spending against the cap**: the trips' cost per person (price per day × days) summed per person over the year,
  against the yearly cap per person (policy ``recuperation.yearly_cap``, default 3,000 yuan) in force on the year's
  last day at the union the figures are for (the unit filter, else the actor's highest union);
- **satisfaction**: average scores per sanatorium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.honors.register.selectors import honoree_group, honoree_titles
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.recuperation.models import Booking, BookingStatus, TripQuota
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.sanatorium.selectors import Satisfaction, satisfaction_by_sanatorium

USED = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)
CAP_KEY = "recuperation.yearly_cap"
DEFAULT_CAP = Decimal("3000.00")
GROUPS = ("model_worker", "craftsman", "other")


@dataclass(frozen=True)
class UnitPlaces:
    unit_id: int
    unit: str
    places: int
    allotted: int
    handed_back: int
    used: int


@dataclass
class RecuperationStats:
    year: int
    units: list[UnitPlaces] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    people: int = 0
    first_timers: int = 0
    spending: Decimal = Decimal("0.00")
    cap: Decimal = DEFAULT_CAP
    over_cap: int = 0
    top_cost: Decimal = Decimal("0.00")
    satisfaction: list[Satisfaction] = field(default_factory=list)

    @property
    def first_share(self) -> float:
        return self.first_timers / self.people if self.people else 0.0

    @property
    def per_person(self) -> Decimal:
        return cents(self.spending / self.people) if self.people else Decimal("0.00")


def yearly_cap(unit: OrgUnit, on: date) -> Decimal:
    """The yearly cost cap per person in force at ``unit`` on ``on``."""
    return cents(Decimal(str(policy_get(CAP_KEY, unit, on=on).value)))


def recuperation_stats(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> RecuperationStats:
    """Figures for ``year`` in the actor's scope. Six queries (quotas, places used, bookings, earlier
    trips, titles, satisfaction) plus the policy read."""
    access.require_anywhere(actor, VIEW_RECUPERATION)
    stats = RecuperationStats(year=year)
    quotas = TripQuota.objects.filter(
        access.scope_q(actor, VIEW_RECUPERATION, path_field="unit__path"), trip__starts_on__year=year
    )
    bookings = Booking.objects.filter(
        access.scope_q(actor, VIEW_RECUPERATION, path_field="unit__path"), trip__starts_on__year=year, status__in=USED
    )
    if unit is not None:
        quotas = quotas.filter(unit__path__startswith=unit.path)
        bookings = bookings.filter(unit__path__startswith=unit.path)
    rows = (
        quotas.order_by()
        .values("unit_id", "unit__name", "unit__path")
        .annotate(
            places=Sum("places"),
            allotted=Sum("allotted"),
            handed_back=Sum("handed_back"),
        )
        .order_by("unit__path")
    )
    used = {
        r["quota__unit_id"]: r["n"]
        for r in Booking.objects.filter(quota__in=quotas, status__in=USED)
        .order_by()
        .values("quota__unit_id")
        .annotate(n=Count("pk"))
    }
    stats.units = [
        UnitPlaces(
            unit_id=r["unit_id"],
            unit=r["unit__name"],
            places=r["places"] or 0,
            allotted=r["allotted"] or 0,
            handed_back=r["handed_back"] or 0,
            used=used.get(r["unit_id"], 0),
        )
        for r in rows
    ]
    per_person: dict[int, Decimal] = {}
    for member_id, price, starts, ends in bookings.values_list(
        "member_id", "trip__price_per_day", "trip__starts_on", "trip__ends_on"
    ).order_by():
        per_person[member_id] = per_person.get(member_id, Decimal(0)) + price * ((ends - starts).days + 1)
    stats.people = len(per_person)
    stats.spending = cents(sum(per_person.values(), Decimal(0)))
    root = unit or access.units(actor, VIEW_RECUPERATION).order_by("depth", "path").first()
    if root is not None:
        stats.cap = yearly_cap(root, date(year, 12, 31))
    stats.over_cap = sum(1 for v in per_person.values() if v > stats.cap)
    stats.top_cost = cents(max(per_person.values(), default=Decimal(0)))
    earlier = set(
        Booking.objects.filter(member_id__in=list(per_person), status__in=USED, trip__starts_on__lt=date(year, 1, 1))
        .values_list("member_id", flat=True)
        .distinct()
    )
    stats.first_timers = len(set(per_person) - earlier)
    titles = honoree_titles(per_person)
    stats.groups = {g: 0 for g in GROUPS}
    for member_id in per_person:
        stats.groups[honoree_group(titles.get(member_id, set()))] += 1
    stats.satisfaction = satisfaction_by_sanatorium(actor=actor, year=year)
    return stats


def stats_years(today: date) -> list[int]:
    return list(range(today.year + 1, today.year - 5, -1))


GROUP_LABELS = {"model_worker": _("劳动模范"), "craftsman": _("工匠"), "other": _("其他职工")}
