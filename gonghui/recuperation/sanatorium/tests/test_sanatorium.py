"""The sanatorium side: check-in by the member card's live QR code (pasted as text or as the card's link), refused
for a card of someone without a confirmed booking, for an invalid or revoked card; list check-in; the daily roster;
incidents; finishing a trip (completed / no-show, also by the recurring job); the participant's feedback once; the
authorization matrix of every service and page; satisfaction figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.cards.services import card_issue_for
from gonghui.recuperation.models import (
    Booking,
    BookingEvent,
    BookingStatus,
    CheckIn,
    DailyRoll,
    Feedback,
    Incident,
    IncidentKind,
)
from gonghui.recuperation.permissions import RUN_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.sanatorium import selectors, services
from gonghui.recuperation.sanatorium.tests import kit

pytestmark = pytest.mark.django_db


def test_check_in_by_card_code_and_refusals(world):
    trip = kit.trip(world)
    who, booking = kit.participant(world, trip)
    code = kit.card_code(who)
    service_matrix(
        world,
        RUN_TRIPS,
        lambda actor, w: services.checkin_by_code(actor=actor, trip=trip, code=code),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: CheckIn.objects.count(),
    )
    staff = world.actor("same_with", RUN_TRIPS)
    link = f"https://gonghui.example/m/verify/{code}/"
    check_in = services.checkin_by_code(actor=staff, trip=trip, code=link)
    assert check_in.method == "qr"
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CHECKED_IN
    assert services.checkin_by_code(actor=staff, trip=trip, code=code).pk == check_in.pk  # idempotent
    assert BookingEvent.objects.filter(booking=booking, action="check_in").count() == 1
    # someone with a valid card but no booking on this trip
    stranger, _b = kit.participant(world, kit.trip(world))
    with pytest.raises(ValidationError) as error:
        services.checkin_by_code(actor=staff, trip=trip, code=kit.card_code(stranger))
    assert "没有本线路的已确认预订" in str(error.value)
    # a waiting-list booking is not a confirmed one
    waiting, _w = kit.participant(world, trip, status=BookingStatus.WAITING)
    with pytest.raises(ValidationError):
        services.checkin_by_code(actor=staff, trip=trip, code=kit.card_code(waiting))
    with pytest.raises(ValidationError) as forged:
        services.checkin_by_code(actor=staff, trip=trip, code="not-a-card")
    assert "无法识别" in str(forged.value)
    # a card replaced since (the old code is revoked)
    late, _l = kit.participant(world, trip)
    old = kit.card_code(late)
    card_issue_for(late, actor=None)
    with pytest.raises(ValidationError) as revoked:
        services.checkin_by_code(actor=staff, trip=trip, code=old)
    assert "作废" in str(revoked.value)


def test_list_check_in_window_roll_and_incidents(world):
    early = kit.trip(world, starts_on=timezone.localdate() + timedelta(days=5))
    _w, booking = kit.participant(world, early)
    staff = world.actor("same_with", RUN_TRIPS)
    with pytest.raises(ValidationError):
        services.checkin_booking(actor=staff, trip=early, booking_id=booking.pk)
    trip = kit.trip(world, starts_on=timezone.localdate() - timedelta(days=1))
    people = [kit.participant(world, trip)[1] for _ in range(3)]
    for b in people:
        services.checkin_booking(actor=staff, trip=trip, booking_id=b.pk)
    today = timezone.localdate()
    service_matrix(
        world,
        RUN_TRIPS,
        lambda actor, w: services.roll_record(actor=actor, trip=trip, day=today, present={people[0].pk}),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: DailyRoll.objects.count(),
    )
    assert services.roll_record(actor=staff, trip=trip, day=today, present={people[0].pk, people[1].pk}) == 2
    assert services.roll_record(actor=staff, trip=trip, day=today, present={people[0].pk}) == 1  # replaced
    assert DailyRoll.objects.filter(day=today).count() == 3
    with pytest.raises(ValidationError):
        services.roll_record(actor=staff, trip=trip, day=today + timedelta(days=1), present=set())
    days, rows = selectors.roll_grid(trip, selectors.participants(trip))
    assert len(days) == 5
    assert [r.marks[1] for r in rows].count(True) == 1
    service_matrix(
        world,
        RUN_TRIPS,
        lambda actor, w: services.incident_record(
            actor=actor, trip=trip, kind=IncidentKind.ILLNESS, happened_at=timezone.now(), description="发热"
        ),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Incident.objects.count(),
    )
    incident = services.incident_record(
        actor=staff,
        trip=trip,
        kind=IncidentKind.ILLNESS,
        happened_at=timezone.now(),
        description="发热 38.5 度",
        booking_id=people[2].pk,
    )
    with pytest.raises(ValidationError):
        services.incident_update(actor=staff, incident=incident, handling="", closed=True)
    closed = services.incident_update(actor=staff, incident=incident, handling="送医，已退烧", closed=True)
    assert closed.closed
    with pytest.raises(ValidationError):
        services.incident_record(actor=staff, trip=trip, kind="fire", happened_at=timezone.now(), description="x")


def test_finish_trip_and_feedback_once(world, django_capture_on_commit_callbacks):
    trip = kit.past_trip(world)
    came, came_booking = kit.participant(world, trip)
    _absent, absent_booking = kit.participant(world, trip)
    staff = world.actor("same_with", RUN_TRIPS)
    services.checkin_booking(actor=staff, trip=trip, booking_id=came_booking.pk)
    service_matrix(
        world,
        RUN_TRIPS,
        lambda actor, w: services.trip_finish(actor=actor, trip=trip),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: sorted(Booking.objects.filter(trip=trip).values_list("status", flat=True)),
    )
    assert services.trip_finish(actor=staff, trip=trip) == (1, 1)
    assert services.trip_finish(actor=staff, trip=trip) == (0, 0)
    assert Booking.objects.get(pk=absent_booking.pk).status == BookingStatus.NO_SHOW
    user = came.user
    assert user is not None
    scores: dict[str, Any] = {"overall": 5, "lodging": 4, "programme": 4, "service": 5}
    with pytest.raises(ValidationError):
        services.feedback_submit(actor=user, booking=came_booking, **{**scores, "overall": 6})
    booking = Booking.objects.get(pk=came_booking.pk)
    with pytest.raises(Http404):  # someone else's booking
        services.feedback_submit(actor=world.member, booking=booking, **scores)
    services.feedback_submit(actor=user, booking=booking, comment="安排周到", **scores)
    # The overall score is the worker's rating in the ratings kernel too (asked once).
    from gonghui.ratings.models import Rating

    kept = Rating.objects.get(kind="recuperation.booking", object_id=booking.pk)
    assert (kept.score, kept.comment, kept.unit_id, kept.rater_id) == (5, "安排周到", trip.unit_id, user.pk)
    with pytest.raises(ValidationError):
        services.feedback_submit(actor=user, booking=booking, **scores)
    assert Feedback.objects.count() == 1
    sat = selectors.trip_satisfaction(trip)
    assert (sat.answers, sat.overall) == (1, 5.0)
    by_place = selectors.satisfaction_by_sanatorium(actor=world.actor("ancestor", VIEW_RECUPERATION))
    assert [s.answers for s in by_place] == [1]
    assert selectors.satisfaction_by_sanatorium(actor=world.actor("sibling", VIEW_RECUPERATION)) == []
    # the portal: the worker's finished trips, the survey answered once
    client = Client()
    client.force_login(user)
    assert trip.title in client.get(reverse("recuperation_portal:my_trips")).content.decode()
    page = client.get(reverse("recuperation_portal:trip_feedback", args=[booking.pk])).content.decode()
    assert "安排周到" in page


def test_recurring_job_finishes_ended_trips(world):
    trip = kit.past_trip(world)
    _who, booking = kit.participant(world, trip)
    current = kit.trip(world)
    _other, running = kit.participant(world, current)
    assert services.trips_finish_ended() == 1
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.NO_SHOW
    assert Booking.objects.get(pk=running.pk).status == BookingStatus.CONFIRMED
    assert services.trips_finish_ended() == 0


def test_desk_pages_matrix_and_paste_journey(world):
    trip = kit.trip(world)
    who, booking = kit.participant(world, trip)
    desk = reverse("recuperation:checkin_desk", args=[trip.pk])
    http_matrix(world, VIEW_RECUPERATION, "get", desk)
    http_matrix(world, VIEW_RECUPERATION, "get", reverse("recuperation:trip_roll", args=[trip.pk]))
    http_matrix(world, VIEW_RECUPERATION, "get", reverse("recuperation:trip_incidents", args=[trip.pk]))
    code = kit.card_code(who)
    http_matrix(
        world,
        RUN_TRIPS,
        "post",
        desk,
        data={"action": "scan", "code": code},
        state=lambda w: CheckIn.objects.count(),
    )
    client = login(Client(), world.actor("same_with", RUN_TRIPS))
    assert client.post(desk, {"action": "scan", "code": code}).status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CHECKED_IN
    listing = login(Client(), world.actor("sibling", VIEW_RECUPERATION)).get(reverse("recuperation:run_list"))
    assert CANARY not in listing.content.decode()
