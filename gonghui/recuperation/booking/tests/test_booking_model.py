"""The booking invariants under random sequences of bookings and cancellations (hypothesis), against a reference
model of places and the waiting list: never more confirmed than places, one live booking per member, confirmed in
arrival order, a cancellation gives the place to the first waiting."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz.testing import build_world
from gonghui.recuperation.booking import services
from gonghui.recuperation.models import Booking, BookingStatus
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f

S = BookingStatus
PEOPLE = 6


class Reference:
    """Places and a queue: book → confirmed while places last, else the end of the queue; cancel a confirmed →
    the head of the queue is confirmed; cancel a waiting → leaves the queue."""

    def __init__(self, places: int) -> None:
        self.places = places
        self.confirmed: list[int] = []
        self.queue: list[int] = []

    def book(self, who: int) -> None:
        if who in self.confirmed or who in self.queue:
            return
        if len(self.confirmed) < self.places:
            self.confirmed.append(who)
        else:
            self.queue.append(who)

    def cancel(self, who: int) -> None:
        if who in self.confirmed:
            self.confirmed.remove(who)
            if self.queue:
                self.confirmed.append(self.queue.pop(0))
        elif who in self.queue:
            self.queue.remove(who)


OPS = st.lists(
    st.tuples(st.sampled_from(("book", "double", "cancel")), st.integers(0, PEOPLE - 1)), min_size=1, max_size=14
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(places=st.integers(1, 3), ops=OPS)
def test_bookings_and_cancellations_match_the_reference_model(places, ops):
    with transaction.atomic():  # each example starts afresh
        world = build_world()
        clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
        trip = f.published_trip(clerk, world.province, places=places)
        members = [f.member(world.child) for _ in range(PEOPLE)]
        by_member = {m.pk: i for i, m in enumerate(members)}
        model = Reference(places)
        for n, (op, who) in enumerate(ops):
            member = members[who]
            if op in ("book", "double"):
                key = f"hypothesis-{n:08d}"
                services.booking_create(actor=member.user, trip=trip, member=member, request_key=key)
                if op == "double":  # a double click: the same key again
                    services.booking_create(actor=member.user, trip=trip, member=member, request_key=key)
                model.book(who)
            else:
                live = Booking.objects.filter(trip=trip, member=member, status__in=(S.CONFIRMED, S.WAITING)).first()
                if live is not None:
                    services.booking_cancel(actor=member.user, booking=live)
                model.cancel(who)
            confirmed = Booking.objects.filter(trip=trip, status=S.CONFIRMED)
            waiting = Booking.objects.filter(trip=trip, status=S.WAITING).order_by("wait_seq")
            assert sorted(by_member[b.member_id] for b in confirmed) == sorted(model.confirmed)
            assert [by_member[b.member_id] for b in waiting] == model.queue
            assert f.pool(trip).booked == len(model.confirmed) <= places
        transaction.set_rollback(True)
