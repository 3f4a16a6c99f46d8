"""The retirees' roster and figures: retired members of the actor's subtree (``retirees.view_retirees``) with age
and birthday (from the roster's ``birth_date``: no ID number is decrypted), club memberships and last visit; the
figures by union and age band, clubs and participation, visits planned/done/overdue and condolence amounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_today
from gonghui.retirees.condolences.selectors import payments_by_source
from gonghui.retirees.models import (
    ActivitySignup,
    Club,
    ClubActivity,
    ClubMember,
    Condolence,
    SignupStatus,
    Visit,
    VisitStatus,
)
from gonghui.retirees.permissions import VIEW_RETIREES

SORTS = {"name": "name_sort", "birth": "birth_date", "-birth": "-birth_date", "-visit": "-last_visit"}
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("<60", 0, 59),
    ("60-69", 60, 69),
    ("70-79", 70, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
]


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _born_between(low: int, high: int | None, day: date) -> Q:
    """Born so that the age on ``day`` is within ``[low, high]``."""

    def years_ago(n: int) -> date:
        try:
            return day.replace(year=day.year - n)
        except ValueError:
            return date(day.year - n, 2, 28)

    q = Q(birth_date__lte=years_ago(low))
    if high is not None:
        q &= Q(birth_date__gt=years_ago(high + 1))
    return q


def retiree_list(
    *,
    actor: Actor,
    unit: OrgUnit | None = None,
    q: str = "",
    band: str = "",
    club_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Member]:
    """Retired members in scope, annotated with ``club_count`` and ``last_visit`` (the last done visit's day)."""
    day = today or policy_today()
    qs = access.scope(Member.objects.filter(status=MemberStatus.RETIRED).select_related("unit"), actor, VIEW_RETIREES)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    q = (q or "").strip()[:40]
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(member_no=q))
    for code, low, high in AGE_BANDS:
        if band == code:
            qs = qs.filter(_born_between(low, high, day))
    if club_id:
        qs = qs.filter(pk__in=ClubMember.objects.filter(club_id=club_id, left_at__isnull=True).values("member_id"))
    clubs = (
        ClubMember.objects.filter(member=OuterRef("pk"), left_at__isnull=True)
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = (
        Visit.objects.filter(member=OuterRef("pk"), status=VisitStatus.DONE)
        .values("member")
        .annotate(d=Max("done_on"))
        .values("d")
    )
    return qs.annotate(
        club_count=Coalesce(Subquery(clubs, output_field=IntegerField()), 0), last_visit=Subquery(last)
    ).order_by("name_sort", "pk")


@dataclass
class Figures:
    retirees: int = 0
    by_band: list[tuple[str, int]] = field(default_factory=list)
    by_unit: list[tuple[str, int]] = field(default_factory=list)
    clubs: int = 0
    club_members: int = 0
    activities_done: int = 0
    attendance: int = 0
    visits: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    condolence_count: int = 0
    condolence_decided: Decimal = Decimal("0.00")
    condolence_paid: Decimal = Decimal("0.00")
    by_reason: list[tuple[str, Decimal]] = field(default_factory=list)


def figures(
    *, actor: Actor, unit: OrgUnit | None = None, year: int | None = None, today: date | None = None
) -> Figures:
    """The figures of the actor's subtree (or ``unit``'s) for ``year`` (visits, activities, condolences)."""
    day = today or policy_today()
    year = year or day.year
    out = Figures()
    members = retiree_list(actor=actor, unit=unit, today=day).order_by()
    bands = {code: Count("pk", filter=_born_between(low, high, day)) for code, low, high in AGE_BANDS}
    counts = members.aggregate(total=Count("pk"), **{f"b{i}": c for i, c in enumerate(bands.values())})
    out.retirees = counts["total"]
    out.by_band = [(code, counts[f"b{i}"]) for i, code in enumerate(bands)]
    out.by_unit = [
        (row["unit__name"], row["n"])
        for row in members.values("unit__name").annotate(n=Count("pk")).order_by("-n", "unit__name")[:15]
    ]
    clubs = access.scope(Club.objects.all(), actor, VIEW_RETIREES)
    if unit is not None:
        clubs = clubs.filter(unit__path__startswith=unit.path)
    out.clubs = clubs.count()
    out.club_members = (
        ClubMember.objects.filter(club__in=clubs, left_at__isnull=True).values("member").distinct().count()
    )
    done = ClubActivity.objects.filter(club__in=clubs, status="done", starts_at__year=year)
    out.activities_done = done.count()
    out.attendance = done.aggregate(n=Coalesce(Sum("attendance_count"), 0))["n"]
    visits = access.scope(Visit.objects.filter(year=year), actor, VIEW_RETIREES)
    if unit is not None:
        visits = visits.filter(unit__path__startswith=unit.path)
    out.visits = {row["status"]: row["n"] for row in visits.values("status").annotate(n=Count("pk")).order_by("status")}
    out.overdue = visits.filter(status=VisitStatus.PLANNED, planned_on__lt=day).count()
    condolences = access.scope(Condolence.objects.filter(year=year), actor, VIEW_RETIREES)
    if unit is not None:
        condolences = condolences.filter(unit__path__startswith=unit.path)
    rows = list(condolences.only("pk", "amount", "reason"))
    out.condolence_count = len(rows)
    out.condolence_decided = cents(sum((r.amount for r in rows), Decimal("0")))
    paid = payments_by_source(rows)
    out.condolence_paid = cents(
        sum((r.amount for r in rows if getattr(paid.get(r.source), "status", "") == "paid"), Decimal("0"))
    )
    reasons: dict[str, Decimal] = {}
    for r in rows:
        reasons[r.get_reason_display()] = reasons.get(r.get_reason_display(), Decimal("0")) + r.amount
    out.by_reason = [(k, cents(v)) for k, v in sorted(reasons.items())]
    return out


def signups_count(activity: ClubActivity) -> int:
    return ActivitySignup.objects.filter(activity=activity, status=SignupStatus.SIGNED).count()
