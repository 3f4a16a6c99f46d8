"""Demo sanatorium side: a trip that has ended, with its check-ins (one by the member card's QR code, the others
from the list), the daily roster (one absence), one incident handled and closed, the trip finished (completed /
no-show) and the demo worker's feedback.

The trip is a past published trip of the demo tree whose confirmed bookings are not yet checked in (the trips and
bookings demo runs first); when there is none, one is made here: 莫干山劳模疗休养 of 杭州市总工会, a year ago,
with the demo worker and five colleagues booked (written directly: the booking rush belongs to the bookings).
Staff: ``hz_staff`` (clerk at 杭州市总工会, runs the trips it publishes). Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.cards.selectors import card_current, card_qr_token
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import (
    Audience,
    Booking,
    BookingStatus,
    CheckIn,
    Feedback,
    Incident,
    IncidentKind,
    Sanatorium,
    Trip,
    TripQuota,
    TripStatus,
)
from gonghui.recuperation.sanatorium import services

CODE = "DEMO-MGS-PAST"


def _own_trip(world: DemoWorld, city: OrgUnit, company: OrgUnit, staff: User) -> Trip | None:
    found = Trip.objects.filter(code=CODE).first()
    if found is not None:
        return found
    people = [
        *Member.objects.filter(unit=company, phone=world.worker_phone),
        *Member.objects.filter(unit=company, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .order_by("pk")[:5],
    ]
    if len(people) < 3:
        return None
    place = Sanatorium.objects.filter(name="莫干山职工疗休养基地").first() or Sanatorium.objects.create(
        unit=city,
        name="莫干山职工疗休养基地",
        address="湖州市德清县莫干山镇",
        contact="沈经理",
        phone="0572-8033888",
        beds=160,
    )
    # Last year's trip: this year the demo worker books 千岛湖, and one trip a year is the rule.
    start = timezone.localdate() - timedelta(days=375)
    trip = Trip.objects.create(
        unit=city,
        code=CODE,
        title="莫干山劳模疗休养（演示）",
        destination="湖州德清莫干山",
        sanatorium=place,
        itinerary="第一天报到、健康讲座；第二至四天疗养、参观；第五天返程。",
        starts_on=start,
        ends_on=start + timedelta(days=4),
        places=20,
        price_per_day=Decimal("500.00"),
        audience=[Audience.MODEL_WORKER, Audience.ALL],
        booking_opens_at=timezone.now() - timedelta(days=40),
        status=TripStatus.PUBLISHED,
        created_by=staff,
        published_at=timezone.now() - timedelta(days=45),
    )
    pool = TripQuota.objects.create(trip=trip, unit=city, places=20, allotted=6)
    quota = TripQuota.objects.create(trip=trip, unit=company, parent=pool, places=6, booked=len(people))
    for seq, member in enumerate(people, start=1):
        Booking.objects.create(
            trip=trip,
            member=member,
            unit=company,
            quota=quota,
            status=BookingStatus.CONFIRMED,
            seq=seq,
            request_key=f"demo-sanatorium:{CODE}:{member.pk}",
            booked_by=staff,
            on_behalf=True,
        )
    return trip


def _past_trip(world: DemoWorld, city: OrgUnit, company: OrgUnit, staff: User) -> Trip | None:
    today = timezone.localdate()
    candidate = (
        Trip.objects.filter(
            status=TripStatus.PUBLISHED,
            ends_on__lt=today,
            unit__path__startswith=city.path,
            bookings__status=BookingStatus.CONFIRMED,
        )
        .exclude(code=CODE)
        .order_by("-ends_on")
        .first()
    )
    if candidate is not None and not CheckIn.objects.filter(booking__trip=candidate).exists():
        return candidate
    return _own_trip(world, city, company, staff)


def seed(world: DemoWorld) -> None:
    city = OrgUnit.objects.filter(name="杭州市总工会").first()
    company = OrgUnit.objects.filter(name=world.company_union).first()
    staff = User.objects.filter(username="hz_staff").first()
    if city is None or company is None or staff is None:
        return
    trip = _past_trip(world, city, company, staff)
    if trip is None or Incident.objects.filter(trip=trip).exists():
        return
    if not trip.unit.path.startswith(city.path):
        return
    bookings = list(
        Booking.objects.filter(trip=trip, status=BookingStatus.CONFIRMED).select_related("member").order_by("seq")
    )
    absent = bookings[-1] if len(bookings) > 2 else None
    for booking in bookings:
        if booking is absent:
            continue
        card = card_current(member=booking.member)
        if card is not None and card.revoked_at is None and not CheckIn.objects.filter(booking__trip=trip).exists():
            services.checkin_by_code(actor=staff, trip=trip, code=card_qr_token(card=card))
        else:
            services.checkin_booking(actor=staff, trip=trip, booking_id=booking.pk)
    present = {b.pk for b in bookings if b is not absent}
    for day in services.trip_days(trip):
        here = present if day != trip.starts_on + timedelta(days=2) else present - {bookings[0].pk}
        services.roll_record(actor=staff, trip=trip, day=day, present=here, note="")
    incident = services.incident_record(
        actor=staff,
        trip=trip,
        kind=IncidentKind.ILLNESS,
        happened_at=timezone.make_aware(datetime.combine(trip.starts_on + timedelta(days=2), time(9, 30))),
        description="登山途中感到头晕乏力，随队医生初步检查血压偏低。",
        booking_id=bookings[0].pk,
    )
    services.incident_update(
        actor=staff, incident=incident, handling="送基地医务室休息观察，补充饮水后好转，次日恢复活动。", closed=True
    )
    services.trip_finish(actor=staff, trip=trip)
    for booking in Booking.objects.filter(trip=trip, status=BookingStatus.COMPLETED).select_related("member"):
        if booking.member.user_id and not Feedback.objects.filter(booking=booking).exists():
            services.feedback_submit(
                actor=User.objects.get(pk=booking.member.user_id),
                booking=booking,
                overall=5,
                lodging=4,
                programme=5,
                service=5,
                comment="行程安排合理，医务保障到位，希望以后多组织。",
            )
    world.say(f"疗休养报到：{trip.title} {len(present)} 人报到，1 起突发情况已处置，线路已结束")
