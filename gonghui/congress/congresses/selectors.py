"""Reads of workers' congresses: staff lists scoped by ``congress.view``, a term's representatives and composition,
the congresses overdue for a session, a worker's own mandates."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.congress.congresses import rules
from gonghui.congress.models import (
    Congress,
    CongressSession,
    CongressTerm,
    RepCategory,
    Representative,
    RepStatus,
    SessionStatus,
)
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get

CONGRESS_SORTS = {"name": "name", "-name": "-name", "last": "last_held", "-last": "-last_held"}
REP_SORTS = {
    "section": "section__name",
    "-section": "-section__name",
    "elected": "elected_on",
    "-elected": "-elected_on",
}


def as_pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def months_before(day: date, months: int) -> date:
    from gonghui.members.roster.services import months_before as before

    return before(day, months)


def congress_list(
    *, actor: Actor, q: str = "", overdue: bool = False, unit: OrgUnit | None = None, today: date | None = None
) -> QuerySet[Congress]:
    """Active congresses in scope with the day of their last session held (``last_held``: opened or closed);
    ``overdue``: those that held none within ``congress.session_interval_months`` as in force at each union."""
    qs = (
        access.scope(Congress.objects.filter(active=True), actor, VIEW_CONGRESS)
        .select_related("unit", "employer")
        .annotate(
            last_held=Max("terms__sessions__held_on", filter=~Q(terms__sessions__status=SessionStatus.PLANNED)),
        )
    )
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(unit__name__contains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue:
        day = today or timezone.localdate()
        qs = qs.filter(pk__in=[c.pk for c in _overdue_of(list(qs[:OVERDUE_SCAN]), day)])
    return qs.order_by("name", "pk")


OVERDUE_SCAN = 5000


def _intervals(congresses: list[Congress], today: date) -> dict[int, int]:
    """``{congress id: months}``: ``congress.session_interval_months`` in force at each congress's union today, from
    one query over the key's records (the nearest issuing union wins, then the latest effective date)."""
    from gonghui.policy.models import PolicyRecord
    from gonghui.policy.registry import get as policy_key

    default = int(policy_key("congress.session_interval_months").default)
    records = list(
        PolicyRecord.objects.filter(key="congress.session_interval_months", effective_from__lte=today)
        .select_related("unit")
        .order_by("-unit__depth", "-effective_from")
    )
    found: dict[int, int] = {}
    for congress in congresses:
        record = next((r for r in records if congress.unit.path.startswith(r.unit.path)), None)
        found[congress.pk] = (
            int(policy_key("congress.session_interval_months").parse(record.value)) if record else default
        )
    return found


def _overdue_of(congresses: list[Congress], today: date) -> list[Congress]:
    intervals = _intervals(congresses, today)
    out = []
    for congress in congresses:
        last = getattr(congress, "last_held", None) or timezone.localdate(congress.created_at)
        if last < months_before(today, intervals[congress.pk]):
            out.append(congress)
    return out


def is_overdue(congress: Congress, today: date) -> bool:
    if not hasattr(congress, "last_held"):
        congress.last_held = (  # type: ignore[attr-defined]
            CongressSession.objects.filter(term__congress=congress)
            .exclude(status=SessionStatus.PLANNED)
            .aggregate(m=Max("held_on"))["m"]
        )
    return bool(_overdue_of([congress], today))


def overdue_congresses(*, actor: Actor, today: date | None = None, limit: int = OVERDUE_SCAN) -> list[Congress]:
    """The congresses in scope overdue for a session (the console home's panel): three queries."""
    day = today or timezone.localdate()
    return _overdue_of(list(congress_list(actor=actor)[:limit]), day)


def congress_get(*, actor: Actor, congress_id: object) -> Congress:
    congress = Congress.objects.select_related("unit", "employer").filter(pk=as_pk(congress_id)).first()
    if congress is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, congress.unit)
    return congress


def term_get(*, actor: Actor, term_id: object) -> CongressTerm:
    term = (
        CongressTerm.objects.select_related("congress", "congress__unit", "congress__employer")
        .filter(pk=as_pk(term_id))
        .first()
    )
    if term is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, term.congress.unit)
    return term


def term_list(*, actor: Actor, congress: Congress | None = None) -> QuerySet[CongressTerm]:
    qs = access.scope(CongressTerm.objects.all(), actor, VIEW_CONGRESS, unit_field="congress__unit")
    if congress is not None:
        qs = qs.filter(congress=congress)
    return qs.select_related("congress", "congress__unit").annotate(
        active_reps=Count("representatives", filter=Q(representatives__status=RepStatus.ACTIVE))
    )


def representatives(term: CongressTerm, *, status: str = "") -> QuerySet[Representative]:
    qs = Representative.objects.filter(term=term).select_related(
        "member", "member__unit", "section", "replaces__member"
    )
    if status in RepStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("section__name", "pk")


def active_count(term: CongressTerm) -> int:
    return Representative.objects.filter(term=term, status=RepStatus.ACTIVE).count()


def term_composition(term: CongressTerm, *, on: date | None = None) -> rules.Composition:
    counts = dict(
        Representative.objects.filter(term=term, status=RepStatus.ACTIVE)
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    share = policy_get("congress.manager_share", term.congress.unit, on=on or timezone.localdate()).value
    return rules.composition(
        total=sum(counts.values()),
        front_line=counts.get(RepCategory.FRONT_LINE, 0),
        managers=counts.get(RepCategory.MANAGER, 0),
        manager_share=share,
    )


def current_term(congress: Congress) -> CongressTerm | None:
    return CongressTerm.objects.filter(congress=congress).order_by("-number").first()


def my_mandates(*, actor: Actor) -> list[Representative]:
    """The signed-in worker's active mandates (portal), newest term first."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    member = Member.objects.filter(user_id=actor.pk).first()
    if member is None or not access.is_self(actor, member.user_id):
        return []
    return list(
        Representative.objects.filter(member=member, status=RepStatus.ACTIVE)
        .select_related("term", "term__congress", "section", "member")
        .order_by("-term__starts_on", "-pk")
    )
