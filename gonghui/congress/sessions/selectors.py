"""Reads of congress sessions: staff lists scoped by ``congress.view``; a representative's sessions with their
sign-in and vote status; the published minutes for the employer's members. Nothing here reads a sealed ballot's
choice except the counts by choice (``services.count_votes``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.congresses.selectors import as_pk, my_mandates
from gonghui.congress.models import (
    AgendaItem,
    AgendaStatus,
    Attendance,
    BallotReceipt,
    CongressSession,
    OpenVote,
    Representative,
    RepStatus,
    SessionStatus,
)
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

SORTS = {"-held": "-held_on", "held": "held_on", "title": "title", "-title": "-title"}


def session_list(
    *, actor: Actor, status: str = "", q: str = "", unit: OrgUnit | None = None, term_id: int | None = None
) -> QuerySet[CongressSession]:
    qs = access.scope(CongressSession.objects.all(), actor, VIEW_CONGRESS, unit_field="term__congress__unit")
    if status in SessionStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(term__congress__name__contains=q))
    if unit is not None:
        qs = qs.filter(term__congress__unit__path__startswith=unit.path)
    if term_id is not None:
        qs = qs.filter(term_id=term_id)
    return qs.select_related("term", "term__congress", "term__congress__unit").order_by("-held_on", "-pk")


def session_get(*, actor: Actor, session_id: object) -> CongressSession:
    session = (
        CongressSession.objects.select_related("term", "term__congress", "term__congress__unit")
        .filter(pk=as_pk(session_id))
        .first()
    )
    if session is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, session.term.congress.unit)
    return session


def item_get(*, actor: Actor, item_id: object) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("session", "session__term", "session__term__congress__unit")
        .filter(pk=as_pk(item_id))
        .first()
    )
    if item is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, item.session.term.congress.unit)
    return item


def items(session: CongressSession) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session).order_by("order"))


def attendance_rows(session: CongressSession) -> list[tuple[Representative, Attendance | None]]:
    """Every active representative of the term with their sign-in (or ``None``): the desk's list."""
    signed = {a.representative_id: a for a in Attendance.objects.filter(session=session)}
    reps = (
        Representative.objects.filter(term_id=session.term_id, status=RepStatus.ACTIVE)
        .select_related("member", "section")
        .order_by("section__name", "pk")
    )
    return [(rep, signed.get(rep.pk)) for rep in reps]


@dataclass
class MyItem:
    item: AgendaItem
    voted: bool


@dataclass
class MySession:
    session: CongressSession
    rep: Representative
    signed_in: bool
    items: list[MyItem]


def my_sessions(*, actor: Actor, limit: int = 20) -> list[MySession]:
    """The signed-in representative's sessions (open and planned first), with sign-in and "voted" per item."""
    mandates = {rep.term_id: rep for rep in my_mandates(actor=actor)}
    if not mandates:
        return []
    sessions = list(
        CongressSession.objects.filter(term_id__in=list(mandates))
        .select_related("term", "term__congress")
        .annotate(
            rank=Case(
                When(status=SessionStatus.OPEN, then=Value(0)),
                When(status=SessionStatus.PLANNED, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", "-held_on", "-pk")[:limit]
    )
    reps = [r.pk for r in mandates.values()]
    signed = set(
        Attendance.objects.filter(session__in=sessions, representative_id__in=reps).values_list("session_id", flat=True)
    )
    all_items = list(AgendaItem.objects.filter(session__in=sessions).order_by("session", "order"))
    receipts = set(
        BallotReceipt.objects.filter(item__in=all_items, representative_id__in=reps).values_list("item_id", flat=True)
    )
    opens = set(
        OpenVote.objects.filter(item__in=all_items, representative_id__in=reps).values_list("item_id", flat=True)
    )
    out: list[MySession] = []
    for session in sessions:
        mine = [
            MyItem(item=i, voted=i.pk in receipts or i.pk in opens) for i in all_items if i.session_id == session.pk
        ]
        out.append(
            MySession(session=session, rep=mandates[session.term_id], signed_in=session.pk in signed, items=mine)
        )
    order: dict[str, int] = {SessionStatus.OPEN: 0, SessionStatus.PLANNED: 1, SessionStatus.CLOSED: 2}
    out.sort(key=lambda s: (order.get(s.session.status, 3), -s.session.held_on.toordinal()))
    return out


def my_session(*, actor: Actor, session_id: object) -> MySession:
    pk = as_pk(session_id)
    for found in my_sessions(actor=actor, limit=200):
        if found.session.pk == pk:
            return found
    raise access.NotVisible


def my_voting_item(*, actor: Actor, item_id: object) -> AgendaItem:
    pk = as_pk(item_id)
    terms = [rep.term_id for rep in my_mandates(actor=actor)]
    item = (
        AgendaItem.objects.select_related("session", "session__term", "session__term__congress__unit")
        .filter(pk=pk, session__term_id__in=terms)
        .first()
    )
    if item is None:
        raise access.NotVisible
    return item


def published_for_member(*, actor: Actor, limit: int = 20) -> list[CongressSession]:
    """Published minutes and resolutions of the congresses the worker's membership belongs to (the congress of
    their union or of their employer)."""
    member = my_member(actor=actor)
    if member is None:
        return []
    where = Q(term__congress__unit_id=member.unit_id)
    if member.employer_id:
        where |= Q(term__congress__employer_id=member.employer_id)
    return list(
        CongressSession.objects.filter(where, published_at__isnull=False)
        .select_related("term", "term__congress")
        .order_by("-held_on")[:limit]
    )


def published_get(*, actor: Actor, session_id: object) -> CongressSession:
    pk = as_pk(session_id)
    for session in published_for_member(actor=actor, limit=200):
        if session.pk == pk:
            return session
    raise access.NotVisible


def closed_items(session: CongressSession) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session, status=AgendaStatus.CLOSED).order_by("order"))
