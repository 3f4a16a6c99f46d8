"""Recuperation pages and API: authorization matrices of the console pages and actions, the worker's portal journey
(eligibility explained, book with a request key, position, cancel), idempotent API bookings, the masked and audited
export, pinned query counts of the lists."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.recuperation.models import Booking, BookingStatus, TripQuota
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f

pytestmark = pytest.mark.django_db
S = BookingStatus


@pytest.fixture
def trip(world):
    owner = world.staff("own", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])
    return f.published_trip(owner, world.target, places=2, title=f"西湖线路{CANARY}")


def test_console_pages_matrix(world, trip):
    f.book(trip, f.member(world.child, name=f"钱{CANARY}"))
    for name in ("recuperation:trip_detail", "recuperation:booking_list"):
        http_matrix(world, VIEW_RECUPERATION, "get", reverse(name, args=[trip.pk]))
    export = http_matrix(
        world,
        VIEW_RECUPERATION,
        "get",
        reverse("recuperation:booking_export", args=[trip.pk]),
        state=lambda w: AuditEvent.objects.filter(action="recuperation.booking_export").count(),
    )
    book = load_workbook(io.BytesIO(export["same_with"].content))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    assert f"钱{CANARY}" not in cells  # masked
    assert "钱*" in cells


def test_trip_list_is_scoped(world, trip):
    url = reverse("recuperation:trip_list")
    sibling = login(Client(), world.actor("sibling", VIEW_RECUPERATION)).get(url)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()
    assert login(Client(), world.member).get(url).status_code == 403
    assert CANARY in login(Client(), world.actor("ancestor", VIEW_RECUPERATION)).get(url).content.decode()


def test_publish_and_allot_pages_matrix(world):
    owner = world.staff("own", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])
    draft = f.draft_trip(owner, world.target, places=3)
    http_matrix(
        world,
        MANAGE_TRIPS,
        "post",
        reverse("recuperation:trip_action", args=[draft.pk]),
        data={"action": "publish"},
        state=lambda w: TripQuota.objects.count(),
    )
    published = f.published_trip(owner, world.target, places=3)
    pool = f.pool(published)
    http_matrix(
        world,
        MANAGE_TRIPS,
        "post",
        reverse("recuperation:quota_allot", args=[pool.pk]),
        data={"unit": world.child.pk, "places": 1},
        state=lambda w: TripQuota.objects.count(),
    )


def test_book_for_member_page_matrix(world, trip):
    member = f.member(world.child, with_user=False)
    http_matrix(
        world,
        BOOK_FOR_MEMBERS,
        "post",
        reverse("recuperation:booking_new", args=[trip.pk]),
        data={"member_no": member.member_no, "request_key": "matrix-page-key-1"},
        state=lambda w: Booking.objects.count(),
        also_without=(),
    )


def test_worker_journey_on_the_portal(world, trip):
    first = f.member(world.child)
    f.book(trip, first)
    f.book(trip, f.member(world.child))
    me = f.member(world.child)
    client = login(Client(), me.user)
    assert "疗休养" in client.get(reverse("portal:home")).content.decode()
    listing = client.get(reverse("recuperation_portal:trips")).content.decode()
    assert trip.title in listing
    page = client.get(reverse("recuperation_portal:trip_detail", args=[trip.pk])).content.decode()
    assert "我能否预订" in page
    assert "可以预订" in page
    key = page.split('name="request_key" value="')[1].split('"')[0]
    url = reverse("recuperation_portal:trip_detail", args=[trip.pk])
    response = client.post(url, {"request_key": key})
    again = client.post(url, {"request_key": key})  # a double click
    assert response.status_code == again.status_code == 302
    booking = Booking.objects.get(trip=trip, member=me)
    detail = client.get(response["Location"]).content.decode()
    assert "候补第 1 位" in detail
    client.post(reverse("recuperation_portal:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == S.CANCELLED
    other = login(Client(), first.user)
    assert other.get(reverse("recuperation_portal:booking_detail", args=[booking.pk])).status_code == 404


def test_ineligible_member_sees_why(world, clerk_trip_front_line):
    office = f.member(world.child, job="行政文员")
    page = login(Client(), office.user).get(reverse("recuperation_portal:trip_detail", args=[clerk_trip_front_line.pk]))
    text = page.content.decode()
    assert "不在本线路的参加对象范围内" in text
    assert 'id="recup-book"' not in text


@pytest.fixture
def clerk_trip_front_line(world):
    from gonghui.recuperation.models import Audience

    owner = world.staff("own", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])
    return f.published_trip(owner, world.target, audience=(Audience.FRONT_LINE,))


def test_api_booking_is_idempotent_and_cancellable(world, trip):
    me = f.member(world.child)
    client = login(Client(), me.user)
    url = "/api/v1/recuperation/bookings/"
    first = client.post(url, {"trip": trip.pk}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="api-key-0001")
    again = client.post(url, {"trip": trip.pk}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="api-key-0001")
    other = client.post(url, {"trip": trip.pk, "request_key": "api-key-0002"}, content_type="application/json")
    assert first.status_code == 201
    assert again.status_code == other.status_code == 200
    assert first.json()["id"] == again.json()["id"] == other.json()["id"]
    assert first.json()["status"] == "confirmed"
    mine = client.get("/api/v1/recuperation/my-bookings/").json()
    assert [b["id"] for b in mine["results"]] == [first.json()["id"]]
    eligibility = client.get(f"/api/v1/recuperation/trips/{trip.pk}/eligibility/").json()
    assert eligibility["member"] == me.pk
    assert any(r["label"] == "每人每年疗休养次数" for r in eligibility["rules"])
    cancelled = client.post(f"{url}{first.json()['id']}/cancel/", {}, content_type="application/json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    stranger = login(Client(), f.member(world.child).user)
    assert stranger.post(f"{url}{first.json()['id']}/cancel/", {}, content_type="application/json").status_code == 404


def test_lists_have_pinned_query_counts(world, trip, django_assert_max_num_queries):
    for _ in range(4):
        f.book(trip, f.member(world.child))
    staff = login(Client(), world.actor("ancestor", VIEW_RECUPERATION))
    with django_assert_max_num_queries(24):
        assert staff.get(reverse("recuperation:trip_list")).status_code == 200
    with django_assert_max_num_queries(26):
        assert staff.get(reverse("recuperation:booking_list", args=[trip.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert staff.get("/api/v1/recuperation/trips/").status_code == 200
    with django_assert_max_num_queries(14):
        assert staff.get(f"/api/v1/recuperation/bookings/?trip={trip.pk}").status_code == 200
    member = Booking.objects.filter(trip=trip).earliest("pk").member
    worker = login(Client(), member.user)
    with django_assert_max_num_queries(16):
        assert worker.get(reverse("recuperation_portal:bookings")).status_code == 200
    with django_assert_max_num_queries(12):
        assert worker.get("/api/v1/recuperation/my-bookings/").status_code == 200


def test_the_portal_home_shows_the_workers_upcoming_bookings_only(world, trip):
    """ "What is mine": the worker's confirmed or waiting bookings of trips not yet started, linking to each; a
    cancelled one is not there, nor anybody else's."""
    mine, other = f.member(world.child), f.member(world.child)
    booking = f.book(trip, mine)
    f.book(trip, other)
    home = login(Client(), mine.user).get("/").content.decode()
    assert reverse("recuperation_portal:booking_detail", args=[booking.pk]) in home
    assert trip.title in home
    Booking.objects.filter(pk=booking.pk).update(status=S.CANCELLED)
    home = login(Client(), mine.user).get("/").content.decode()
    assert reverse("recuperation_portal:booking_detail", args=[booking.pk]) not in home
