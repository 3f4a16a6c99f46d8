"""Test kit of the sanatorium side: a trip published by ``world.target`` (its title carries CANARY) at a
sanatorium, members of ``world.child`` with portal accounts, member cards and confirmed bookings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gonghui.authz.testing import CANARY, World
from gonghui.honors.tests import factories as honors_factories
from gonghui.members.cards.selectors import card_qr_token
from gonghui.members.cards.services import card_issue_for
from gonghui.members.models import Member
from gonghui.recuperation.models import Booking, Trip
from gonghui.recuperation.sanatorium.tests import factories

_n = [0]


def _canary() -> str:
    _n[0] += 1
    return f"王{CANARY}{_n[0]}"


def trip(world: World, *, starts_on: date | None = None, days: int = 5, **extra: Any) -> Trip:
    return factories.trip(
        world.target,
        starts_on=starts_on or timezone.localdate(),
        days=days,
        title=f"安吉疗休养{CANARY}",
        quota_units=[(world.child, 10)],
        **extra,
    )


def past_trip(world: World, **extra: Any) -> Trip:
    return trip(world, starts_on=timezone.localdate() - timedelta(days=10), **extra)


def participant(world: World, trip_: Trip, **extra: Any) -> tuple[Member, Booking]:
    who = honors_factories.member(world.child, name=_canary(), with_user=True)
    return who, factories.booking(trip_, who, **extra)


def card_code(member: Member) -> str:
    """The live QR code of the member's card as the portal shows it (a new card issued)."""
    with transaction.atomic():  # (the card service runs inside its caller's transaction)
        card = card_issue_for(member, actor=None)
    return card_qr_token(card=card)
