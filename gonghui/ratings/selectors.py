"""Reads of ratings: the worker's own (what I can rate, what I rated), the union's queue of poor ratings, and the
roll-ups per subtree and period (by kind and by child union), always scoped to the actor.

``ratings_summary(unit, ...)`` is the one-screen overview's figure for one unit's subtree: one aggregate query over
the ratings joined to their units (the unit's path prefix on the indexed ``orgs_orgunit.path``, then
``ratings_unit_created``), no scoping of its own: the caller has already checked that its actor may see ``unit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.orgs.models import OrgUnit
from gonghui.ratings.models import FollowUp, Rating, RatingEvent
from gonghui.ratings.permissions import VIEW_RATINGS
from gonghui.ratings.registry import RATEABLE, RateableKind, kind_get, kind_label

SATISFIED = 4  # a score of 4 or 5 is satisfied (满意)


# --- figures ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    count: int = 0
    total: int = 0  # the sum of scores
    satisfied: int = 0
    poor_waiting: int = 0

    @property
    def average(self) -> Decimal | None:
        """The average score, to two places (``None`` without ratings)."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def satisfied_share(self) -> Decimal | None:
        """The share of ratings of 4 or 5, in percent to one place (``None`` without ratings)."""
        if not self.count:
            return None
        return (Decimal(100 * self.satisfied) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


AGGREGATES: dict[str, Any] = {
    "n": Count("pk"),
    "total": Sum("score"),
    "satisfied": Count("pk", filter=Q(score__gte=SATISFIED)),
    "waiting": Count("pk", filter=Q(follow_up=FollowUp.WAITING)),
}


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(
        count=int(row.get("n") or 0),
        total=int(row.get("total") or 0),
        satisfied=int(row.get("satisfied") or 0),
        poor_waiting=int(row.get("waiting") or 0),
    )


def _period(qs: QuerySet[Rating], start: date | None, end: date | None) -> QuerySet[Rating]:
    """Ratings made from ``start`` to ``end`` (both days included, in the local calendar)."""
    zone = timezone.get_current_timezone()
    if start is not None:
        qs = qs.filter(created_at__gte=datetime.combine(start, time.min, tzinfo=zone))
    if end is not None:
        qs = qs.filter(created_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))
    return qs


def ratings_summary(unit: OrgUnit, *, start: date | None = None, end: date | None = None) -> Figures:
    """Count, average, share satisfied and poor ratings waiting for a return visit in ``unit``'s subtree (the
    caller has checked the actor may see ``unit``). One aggregate query."""
    qs = _period(Rating.objects.filter(unit__path__startswith=unit.path), start, end)
    return _figures(qs.order_by().aggregate(**AGGREGATES))


# --- statistics for staff -----------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    figures: Figures
    unit_id: int | None = None


@dataclass
class Stats:
    anchor: OrgUnit | None
    totals: Figures
    by_kind: list[Row] = field(default_factory=list)
    by_child: list[Row] = field(default_factory=list)


def scoped_ratings(*, actor: Actor, unit: OrgUnit | None = None) -> QuerySet[Rating]:
    """The ratings the actor may see (``VIEW_RATINGS``), within ``unit``'s subtree when given."""
    qs = access.scope(Rating.objects.all(), actor, VIEW_RATINGS)
    if unit is not None:
        access.require_visible(actor, VIEW_RATINGS, unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def _anchor(actor: Actor, unit: OrgUnit | None) -> OrgUnit | None:
    """The unit whose children the statistics break down: the one chosen, or the actor's single root of scope."""
    if unit is not None:
        return unit
    paths = access.grant_paths(actor, VIEW_RATINGS)
    if len(paths) != 1:
        return None
    return OrgUnit.objects.filter(path=paths[0]).first()


def rating_stats(
    *, actor: Actor, unit: OrgUnit | None = None, start: date | None = None, end: date | None = None
) -> Stats:
    """Count, average and share satisfied in the actor's scope (or ``unit``'s subtree) for a period: in all, by
    kind of service and by child union of the anchor unit (ratings of the anchor itself under its own name)."""
    qs = _period(scoped_ratings(actor=actor, unit=unit), start, end).order_by()
    anchor = _anchor(actor, unit)
    stats = Stats(anchor=anchor, totals=_figures(qs.aggregate(**AGGREGATES)))
    by_kind = {r["kind"]: _figures(r) for r in qs.values("kind").annotate(**AGGREGATES)}
    known = [kind.code for kind in RATEABLE.items()]
    for code in known + sorted(set(by_kind) - set(known)):
        stats.by_kind.append(Row(key=code, label=kind_label(code), figures=by_kind.get(code, Figures())))
    if anchor is not None:
        width = len(anchor.path) + OrgUnit.steplen
        grouped = {
            r["branch"]: _figures(r)
            for r in qs.filter(unit__path__startswith=anchor.path)
            .annotate(branch=Substr("unit__path", 1, width))
            .values("branch")
            .annotate(**AGGREGATES)
        }
        own = grouped.pop(anchor.path, None)
        if own is not None:
            stats.by_child.append(Row(key=anchor.path, label=f"{anchor.name}（本级）", figures=own, unit_id=anchor.pk))
        children = {u.path: u for u in OrgUnit.objects.filter(path__in=list(grouped)).order_by("path")}
        for path, unit_row in children.items():
            stats.by_child.append(Row(key=path, label=unit_row.name, figures=grouped[path], unit_id=unit_row.pk))
    return stats


def rating_list(
    *, actor: Actor, unit: OrgUnit | None = None, kind: str = "", follow_up: str = "", score: int | None = None
) -> QuerySet[Rating]:
    qs = scoped_ratings(actor=actor, unit=unit).select_related("unit")
    if kind:
        qs = qs.filter(kind=kind)
    if follow_up:
        qs = qs.filter(follow_up=follow_up)
    if score:
        qs = qs.filter(score=score)
    return qs


def follow_up_queue(*, actor: Actor) -> QuerySet[Rating]:
    """Poor ratings waiting for the union's return visit, oldest first."""
    return scoped_ratings(actor=actor).filter(follow_up=FollowUp.WAITING).select_related("unit").order_by("created_at")


def rating_get(*, actor: Actor, rating_id: Any) -> Rating:
    try:
        pk = int(rating_id)
    except (TypeError, ValueError):
        raise access.NotVisible from None
    rating = Rating.objects.select_related("unit", "rater", "followed_by").filter(pk=pk).first()
    if rating is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RATINGS, rating.unit)
    return rating


def rating_record_url(rating: Rating) -> str:
    """The staff page of the rated record in its module (which checks who may open it), or ``""``."""
    kind = kind_get(rating.kind)
    subject = kind.subject(rating.object_id) if kind is not None else None
    return subject.console_url if subject is not None else ""


def rating_events(rating: Rating) -> list[RatingEvent]:
    return list(RatingEvent.objects.filter(rating=rating).select_related("actor").order_by("at", "pk"))


# --- the worker's own ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    kind: str
    kind_label: str
    object_id: int
    title: str
    portal_url: str
    unit_name: str
    in_module: bool = False  # rated on the module's own page (``portal_url``)


def _unrated(kind: RateableKind, user_id: int) -> QuerySet[Any]:
    mine = Rating.objects.filter(kind=kind.code, object_id=OuterRef("pk"), rater_id=user_id)
    return kind.to_rate(user_id).exclude(Exists(mine))


def my_pending(*, actor: Actor, limit: int = 100) -> list[Pending]:
    """The worker's completed services not yet rated, across modules (待评价): one query per kind."""
    if actor is None or not actor.is_authenticated:
        return []
    found: list[Pending] = []
    for kind in RATEABLE.items():
        for record in _unrated(kind, actor.pk)[:limit]:
            subject = kind.describe(record)
            if not access.is_self(actor, subject.user_id):
                continue
            found.append(
                Pending(
                    kind=kind.code,
                    kind_label=str(kind.label),
                    object_id=int(record.pk),
                    title=subject.title,
                    portal_url=subject.portal_url,
                    in_module=kind.rated_in_module,
                    unit_name=getattr(subject.unit, "name", ""),
                )
            )
    return found


def my_pending_get(*, actor: Actor, kind: str, object_id: Any) -> Pending | None:
    """One of the worker's services they may rate now on the kernel's form, or ``None``. One query."""
    rateable = kind_get(kind)
    if rateable is None or rateable.rated_in_module or actor is None or not actor.is_authenticated:
        return None
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        return None
    record = _unrated(rateable, actor.pk).filter(pk=pk).first()
    if record is None:
        return None
    subject = rateable.describe(record)
    if not access.is_self(actor, subject.user_id):
        return None
    return Pending(
        kind=rateable.code,
        kind_label=str(rateable.label),
        object_id=pk,
        title=subject.title,
        portal_url=subject.portal_url,
        unit_name=getattr(subject.unit, "name", ""),
    )


def my_ratings(*, actor: Actor) -> QuerySet[Rating]:
    if actor is None or not actor.is_authenticated:
        return Rating.objects.none()
    return Rating.objects.filter(rater_id=actor.pk).select_related("unit").order_by("-created_at", "-pk")


def has_ratings_for(user: Actor) -> bool:
    """Whether the worker has something to rate or has rated (the portal tile): one query for every module (a
    UNION of each kind's unrated completed records and the worker's ratings), memoized on the user object."""
    cached = getattr(user, "_ratings_tile", None)
    if cached is not None:
        return bool(cached)
    if user is None or not user.is_authenticated:
        return False
    parts: list[QuerySet[Any]] = [
        _unrated(kind, user.pk).order_by().values_list(Value(1, output_field=IntegerField()))
        for kind in RATEABLE.items()
    ]
    first = Rating.objects.filter(rater_id=user.pk).order_by().values_list(Value(1, output_field=IntegerField()))
    combined = first.union(*parts, all=True) if parts else first
    shown = bool(list(combined[:1]))
    try:
        setattr(user, "_ratings_tile", shown)  # noqa: B010 - memoized on whichever actor object
    except AttributeError:  # pragma: no cover - an actor that cannot hold attributes
        pass
    return shown
