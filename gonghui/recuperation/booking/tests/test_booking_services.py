# mypy: disable-error-code="arg-type,union-attr,misc,operator"
"""The booking rush on the default database: first come first served, the waiting list, one booking per member and
request key, cancellation with promotion by SMS, the leaders' share, the yearly limit, clerks within their quota."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.authz.testing import build_world, service_matrix
from gonghui.honors.models import HonorTitle
from gonghui.notifications.models import Notification
from gonghui.recuperation.booking import services
from gonghui.recuperation.models import Audience, Booking, BookingStatus, Trip
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f
from gonghui.recuperation.trips.services import quota_allot, trip_close

pytestmark = pytest.mark.django_db
S = BookingStatus
SENT: list[tuple[str, str]] = []


class Outbox:
    def send(self, phone: str, message: str) -> None:
        SENT.append((phone, message))


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def clerk(world):
    return world.staff("trips", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS, BOOK_FOR_MEMBERS])


@pytest.fixture
def trip(world, clerk):
    return f.published_trip(clerk, world.province, places=2)


def test_first_come_first_served_then_the_waiting_list(world, trip):
    members = [f.member(world.child) for _ in range(4)]
    booked = [f.book(trip, m) for m in members]
    assert [b.status for b in booked] == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.WAITING]
    assert [b.seq for b in booked] == [1, 2, 3, 4]
    assert [services.waiting_position(b) for b in booked] == [None, None, 1, 2]
    assert f.pool(trip).booked == 2
    assert booked[0].eligibility["lines"][-1]["value"] == "可以预订"
    assert "first_time" in booked[0].priority


def test_same_key_or_same_member_finds_the_same_booking(world, trip):
    member = f.member(world.child)
    first = services.booking_create(actor=member.user, trip=trip, member=member, request_key="key-00000001")
    again = services.booking_create(actor=member.user, trip=trip, member=member, request_key="key-00000001")
    other = services.booking_create(actor=member.user, trip=trip, member=member, request_key="key-00000002")
    assert first.created
    assert not again.created
    assert not other.created
    assert again.booking.pk == first.booking.pk == other.booking.pk
    assert Booking.objects.filter(trip=trip).count() == 1
    stranger = f.member(world.child)
    with pytest.raises(ValidationError, match="已用于其他预订"):
        services.booking_create(actor=stranger.user, trip=trip, member=stranger, request_key="key-00000001")


def test_booking_only_in_the_window(world, clerk):
    upcoming = f.published_trip(clerk, world.province, opens_in=timedelta(days=1))
    member = f.member(world.child)
    with pytest.raises(ValidationError, match="不在预订时间内"):
        f.book(upcoming, member)


def test_cancel_promotes_the_first_waiting_and_texts_them(world, trip, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = f"{__name__}.Outbox"
    SENT.clear()
    a, b, c, d = (f.member(world.child) for _ in range(4))
    first, _second, third, fourth = (f.book(trip, m) for m in (a, b, c, d))
    with pytest.raises(Http404):  # not someone else's booking
        services.booking_cancel(actor=b.user, booking=first)
    with pytest.raises(ValidationError, match="请求编号"):
        f.book(trip, a, key="short")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=a.user, booking=first)
    first.refresh_from_db()
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert first.status == S.CANCELLED
    assert third.status == S.CONFIRMED
    assert third.promoted_at is not None
    assert fourth.status == S.WAITING
    assert services.waiting_position(fourth) == 1
    assert f.pool(trip).booked == 2
    assert SENT == [(c.phone, services.promotion_message(trip))]
    # the same news in the promoted worker's portal inbox, once, linking to the booking
    [note] = Notification.objects.filter(recipient=c.user, category=services.BOOKING_CATEGORY)
    assert note.url == f"/recuperation/bookings/{third.pk}/"
    assert not Notification.objects.filter(recipient=d.user).exists()
    # The member may book again after cancelling (a new live booking), at the end of the queue.
    again = f.book(trip, a)
    assert again.status == S.WAITING
    assert services.waiting_position(again) == 2


def test_cancel_after_the_deadline_is_refused(world, clerk):
    trip = f.published_trip(clerk, world.province, places=2, starts_in=2)
    member = f.member(world.child)
    booking = f.book(trip, member)
    with pytest.raises(ValidationError, match="已过取消截止日期"):
        services.booking_cancel(actor=member.user, booking=booking)


def test_yearly_limit_counts_other_trips_of_the_same_year(world, clerk):
    one = f.published_trip(clerk, world.province, places=5, starts_in=20)
    two = f.published_trip(clerk, world.province, places=5, starts_in=21)
    if one.starts_on.year != two.starts_on.year:
        pytest.skip("the two trips straddle a new year")
    member = f.member(world.child)
    f.book(one, member)
    with pytest.raises(ValidationError, match="本年度疗休养次数已满"):
        f.book(two, member)


def test_audience_front_line_and_model_workers(world, clerk):
    trip = f.published_trip(clerk, world.province, audience=(Audience.FRONT_LINE, Audience.MODEL_WORKER))
    office = f.member(world.child, job="行政文员")
    welder = f.member(world.child, job="焊工")
    model = f.member(world.child, job="行政文员")
    f.honoree(model, title=HonorTitle.MODEL_WORKER)
    revoked = f.member(world.child, job="文员")
    f.honoree(revoked, title=HonorTitle.MODEL_WORKER, revoked=True)
    with pytest.raises(ValidationError, match="参加对象"):
        f.book(trip, office)
    with pytest.raises(ValidationError, match="参加对象"):
        f.book(trip, revoked)
    assert f.book(trip, welder).status == S.CONFIRMED
    booking = f.book(trip, model)
    assert booking.priority == ["first_time", "model_worker"]


def test_audience_units(world, clerk):
    trip = f.published_trip(clerk, world.province, audience_units=(world.target,))
    assert f.book(trip, f.member(world.child)).status == S.CONFIRMED
    with pytest.raises(ValidationError, match="限定的工会"):
        f.book(trip, f.member(world.sibling))


def test_leaders_share_is_capped(world, clerk):
    trip = f.published_trip(clerk, world.province, places=10)  # 10% of 10: one leader
    boss = f.member(world.child, job="总经理")
    chair = f.member(world.child, job="工会主席")
    assert f.book(trip, boss).leader
    with pytest.raises(ValidationError, match="领导人员名额已满"):
        f.book(trip, chair)


def test_quota_walk_uses_the_nearest_quota_with_free_places(world, clerk):
    trip = f.published_trip(clerk, world.province, places=3)
    quota_allot(actor=clerk, source=f.pool(trip), unit=world.target, places=1)
    first = f.book(trip, f.member(world.child))
    second = f.book(trip, f.member(world.child))
    assert first.quota.unit_id == world.target.pk
    assert second.quota.unit_id == world.province.pk  # the district's quota is full: the pool above
    third = f.book(trip, f.member(world.sibling))
    fourth = f.book(trip, f.member(world.sibling))
    assert (third.status, fourth.status) == (S.CONFIRMED, S.WAITING)


def test_clerk_books_within_their_quota(world, clerk):
    trip = f.published_trip(clerk, world.province, places=3)
    quota_allot(actor=clerk, source=f.pool(trip), unit=world.target, places=1)
    district_clerk = world.staff("dk", world.target, [VIEW_RECUPERATION, BOOK_FOR_MEMBERS])
    one = f.book(trip, f.member(world.child), actor=district_clerk)
    two = f.book(trip, f.member(world.child), actor=district_clerk)
    assert one.on_behalf
    assert one.status == S.CONFIRMED
    assert two.status == S.WAITING  # the province's pool is not the district clerk's to give


def test_closing_a_trip_completes_its_bookings(world, clerk):
    trip = f.published_trip(clerk, world.province, places=1)
    member = f.member(world.child)
    booking = f.book(trip, member)
    waiting = f.book(trip, f.member(world.child))
    today = timezone.localdate()
    Trip.objects.filter(pk=trip.pk).update(starts_on=today - timedelta(days=5), ends_on=today - timedelta(days=2))
    trip.refresh_from_db()
    trip_close(actor=clerk, trip=trip)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == S.COMPLETED
    assert waiting.status == S.CANCELLED


def test_book_for_member_matrix(world):
    owner = world.staff("own", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(owner, world.province, places=5)
    member = f.member(world.child, with_user=False)

    def act(actor, w):
        services.booking_create(actor=actor, trip=trip, member=member, request_key="matrix-key-0001")

    service_matrix(
        world,
        BOOK_FOR_MEMBERS,
        act,
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Booking.objects.count(),
    )


def test_cancel_matrix(world):
    owner = world.staff("own", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(owner, world.province, places=5)
    booking = f.book(trip, f.member(world.child))

    def act(actor, w):
        services.booking_cancel(actor=actor, booking=Booking.objects.get(pk=booking.pk))

    service_matrix(
        world,
        BOOK_FOR_MEMBERS,
        act,
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Booking.objects.get(pk=booking.pk).status,
    )
