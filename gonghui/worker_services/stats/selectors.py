"""Statistics of worker services for the actor's subtree and a year: activities by category and by publishing
union (activities, places, sign-ups, completed, no-shows), and benefits redemptions by partner. Each figure is one
aggregate query scoped with ``access.scope``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.worker_services.models import Activity, ActivityStatus, Redemption, SignUpStatus
from gonghui.worker_services.permissions import VIEW_SERVICE_STATS

S = SignUpStatus
TAKEN = (S.CONFIRMED, S.CHECKED_IN, S.COMPLETED, S.NO_SHOW)


@dataclass(frozen=True)
class ActivityRow:
    label: str
    activities: int
    places: int
    signed_up: int
    waiting: int
    completed: int
    no_show: int


@dataclass(frozen=True)
class PartnerRow:
    label: str
    valid: int
    refused: int


@dataclass
class ServiceStats:
    year: int
    by_category: list[ActivityRow] = field(default_factory=list)
    by_unit: list[ActivityRow] = field(default_factory=list)
    by_partner: list[PartnerRow] = field(default_factory=list)

    @property
    def totals(self) -> ActivityRow:
        rows = self.by_category
        return ActivityRow(
            label="",
            activities=sum(r.activities for r in rows),
            places=sum(r.places for r in rows),
            signed_up=sum(r.signed_up for r in rows),
            waiting=sum(r.waiting for r in rows),
            completed=sum(r.completed for r in rows),
            no_show=sum(r.no_show for r in rows),
        )


def _activity_rows(qs: object, key: str) -> list[ActivityRow]:
    rows = (
        qs.values(key)  # type: ignore[attr-defined]
        .annotate(
            n=Count("id", distinct=True),
            places=Sum("places"),
        )
        .order_by(key)
    )
    counts = (
        qs.values(key)  # type: ignore[attr-defined]
        .annotate(
            signed=Count("signups", filter=Q(signups__status__in=TAKEN)),
            waiting=Count("signups", filter=Q(signups__status=S.WAITING)),
            completed=Count("signups", filter=Q(signups__status=S.COMPLETED)),
            no_show=Count("signups", filter=Q(signups__status=S.NO_SHOW)),
        )
        .order_by(key)
    )
    by_key = {c[key]: c for c in counts}
    out = []
    for r in rows:
        c = by_key.get(r[key], {})
        out.append(
            ActivityRow(
                label=str(r[key]),
                activities=r["n"],
                places=int(r["places"] or 0),
                signed_up=c.get("signed", 0),
                waiting=c.get("waiting", 0),
                completed=c.get("completed", 0),
                no_show=c.get("no_show", 0),
            )
        )
    return out


def service_stats(*, actor: Actor, year: int) -> ServiceStats:
    access.require_anywhere(actor, VIEW_SERVICE_STATS)
    activities = access.scope(
        Activity.objects.exclude(status__in=(ActivityStatus.DRAFT, ActivityStatus.CANCELLED)).filter(
            starts_at__year=year
        ),
        actor,
        VIEW_SERVICE_STATS,
    )
    stats = ServiceStats(year=year)
    stats.by_category = _activity_rows(activities, "category")
    stats.by_unit = _activity_rows(activities, "unit__name")
    partners = (
        access.scope(Redemption.objects.filter(at__year=year), actor, VIEW_SERVICE_STATS)
        .values("partner__name")
        .annotate(n_ok=Count("id", filter=Q(valid=True)), n_refused=Count("id", filter=Q(valid=False)))
        .order_by("-n_ok", "partner__name")
    )
    stats.by_partner = [PartnerRow(label=p["partner__name"], valid=p["n_ok"], refused=p["n_refused"]) for p in partners]
    return stats
