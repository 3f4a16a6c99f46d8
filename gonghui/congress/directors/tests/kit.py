"""Test kit of board seats: a clerk managing seats at the district union ``world.target``, and a seat of the
congress of ``world.child`` held by a CANARY member."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import World
from gonghui.congress.directors import services
from gonghui.congress.models import BoardRole, BoardSeat
from gonghui.congress.permissions import MANAGE_BOARD_SEATS, VIEW_CONGRESS
from gonghui.congress.suggestions.tests import factories as f


def clerk(world: World) -> User:
    return world.staff("bs", world.target, [VIEW_CONGRESS, MANAGE_BOARD_SEATS])


def seat(world: World, *, ends_in: int = 700, role: str = BoardRole.DIRECTOR) -> BoardSeat:
    found = BoardSeat.objects.filter(congress__unit=world.child, role=role).first()
    if found is not None:
        return found
    congress, session = f.congress(world)
    today = timezone.localdate()
    return services.seat_create(
        actor=clerk(world),
        congress=congress,
        member=f.member(world, with_user=False),
        role=role,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=ends_in),
        elected_at=session,
    )
