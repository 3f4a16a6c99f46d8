"""Demo recuperation bookings: on the trip open now, the demo worker 王兰芳 booked by herself and colleagues of the
demo company union booked by ``hz_staff`` (the city's clerk, within the places held by the city and below it)
until those ran out, the rest on the waiting list (two places stay in the province's pool for members booking
themselves); the trip that
has taken place (舟山) has four colleagues' bookings, completed when it was closed. Through the services (the past
trip is booked before its dates are moved into the past and it is closed); idempotent by request keys."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.booking import services
from gonghui.recuperation.models import Trip, TripStatus
from gonghui.recuperation.trips.demo import OPEN_TRIP, PAST_TRIP
from gonghui.recuperation.trips.services import trip_close


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="hz_staff").first()  # the city clerk: books within the city's places
    admin = User.objects.filter(username="admin").first()
    open_trip = Trip.objects.select_related("unit").filter(title=OPEN_TRIP).first()
    past = Trip.objects.select_related("unit").filter(title=PAST_TRIP).first()
    if union is None or clerk is None or admin is None or open_trip is None or past is None:
        return
    worker = Member.objects.select_related("unit", "user").filter(phone=world.worker_phone, unit=union).first()
    colleagues = list(
        Member.objects.select_related("unit")
        .filter(unit=union, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .order_by("pk")[:12]
    )
    if past.status == TripStatus.PUBLISHED:
        for member in colleagues[-4:]:
            services.booking_create(actor=clerk, trip=past, member=member, request_key=f"demo-past-{member.pk:08d}")
        today = timezone.localdate()
        Trip.objects.filter(pk=past.pk).update(
            starts_on=today - timedelta(days=30),
            ends_on=today - timedelta(days=27),
            booking_opens_at=timezone.now() - timedelta(days=60),
        )
        past.refresh_from_db()
        trip_close(actor=admin, trip=past)
    if worker is not None and worker.user is not None:
        services.booking_create(actor=worker.user, trip=open_trip, member=worker, request_key="demo-open-worker")
    for member in colleagues[:7]:
        try:
            services.booking_create(
                actor=clerk, trip=open_trip, member=member, request_key=f"demo-open-{member.pk:08d}"
            )
        except ValidationError:  # e.g. already gone this year (a small union): the next colleague
            continue
    world.say(f"疗休养预订：{world.worker_name}已预订{OPEN_TRIP}，市总工会代订的名额已满、4 人候补；{PAST_TRIP}已完成")
