"""Reads of board seats: the list scoped by ``congress.view``, a seat with its reports and history, the congresses
and sessions a clerk may pick, and the seats ending soon."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.congress.models import BoardRole, BoardSeat, BoardSeatReport, Congress, CongressSession
from gonghui.congress.permissions import MANAGE_BOARD_SEATS, VIEW_CONGRESS
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

STATES = ("active", "ending", "ended")
SORTS = {"ends": "ends_on", "-ends": "-ends_on", "starts": "starts_on", "-starts": "-starts_on"}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def in_office_q(today: date) -> Q:
    return Q(ended_early_on__isnull=True, starts_on__lte=today, ends_on__gte=today)


def seat_list(
    *, actor: Actor, today: date, role: str = "", state: str = "", unit: OrgUnit | None = None, soon_days: int = 60
) -> QuerySet[BoardSeat]:
    qs = access.scope(BoardSeat.objects.all(), actor, VIEW_CONGRESS, unit_field="congress__unit")
    if role in BoardRole.values:
        qs = qs.filter(role=role)
    if state == "active":
        qs = qs.filter(in_office_q(today))
    elif state == "ending":
        qs = qs.filter(in_office_q(today), ends_on__lte=today + timedelta(days=soon_days))
    elif state == "ended":
        qs = qs.filter(Q(ended_early_on__isnull=False) | Q(ends_on__lt=today))
    if unit is not None:
        qs = qs.filter(congress__unit__path__startswith=unit.path)
    return qs.select_related("congress__unit", "member", "elected_at").order_by("ends_on", "pk")


def seat_get(*, actor: Actor, seat_id: object) -> BoardSeat:
    seat = (
        BoardSeat.objects.select_related("congress__unit", "member", "elected_at").filter(pk=_as_int(seat_id)).first()
    )
    if seat is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, seat.congress.unit)
    return seat


def seat_reports(seat: BoardSeat) -> list[BoardSeatReport]:
    return list(BoardSeatReport.objects.filter(seat=seat).select_related("session").order_by("session__held_on"))


def seat_history(*, actor: Actor, seat: BoardSeat) -> list[Any]:
    return event_rows(audit_history(actor=actor, target_type="congress.boardseat", target_id=seat.pk)[:50])


def congresses_for(*, actor: Actor) -> QuerySet[Congress]:
    """Active congresses at unions where the actor records board seats."""
    return access.scope(Congress.objects.filter(active=True), actor, MANAGE_BOARD_SEATS).select_related("unit")


def sessions_of(congress: Congress) -> QuerySet[CongressSession]:
    return CongressSession.objects.filter(term__congress=congress).select_related("term").order_by("-held_on")


def sessions_for(*, actor: Actor) -> QuerySet[CongressSession]:
    """Sessions of the congresses where the actor records board seats (the form's choice)."""
    return (
        CongressSession.objects.filter(term__congress__in=congresses_for(actor=actor))
        .select_related("term__congress")
        .order_by("-held_on")
    )


def member_in(*, actor: Actor, congress: Congress, member_no: str) -> Member | None:
    number = (member_no or "").strip()
    if not number:
        return None
    return (
        access.scope(Member.objects.filter(member_no=number), actor, MANAGE_BOARD_SEATS)
        .filter(unit__path__startswith=congress.unit.path)
        .select_related("unit")
        .first()
    )
