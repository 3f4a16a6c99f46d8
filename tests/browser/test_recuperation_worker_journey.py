"""A worker books a recuperation trip on a 390 px phone in Debian's chromium: open the trip, read why she may book
(rule by rule), book, see where she stands on the waiting list, cancel."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.recuperation.models import Booking, BookingStatus
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_books_a_trip_on_a_phone(chromium, live_server, world):
    clerk = world.staff("trips", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(clerk, world.province, places=1, title="千岛湖四日疗休养")
    f.book(trip, f.member(world.child))  # the only place is taken: she will be first on the waiting list
    me = f.member(world.child, job="焊工")
    client = Client()
    client.force_login(me.user)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url

    page.goto(base + reverse("recuperation_portal:trips"))
    _no_sideways_scroll(page)
    page.click("#recup-trips >> text=千岛湖四日疗休养")
    page.wait_for_selector("#recup-eligibility")
    assert "可以预订" in page.inner_text("#recup-eligibility")
    assert "每人每年疗休养次数" in page.inner_text("#recup-eligibility")
    _no_sideways_scroll(page)
    page.click("#recup-book")
    page.wait_for_selector("#recup-position")
    assert "候补第 1 位" in page.inner_text("#recup-position")
    _no_sideways_scroll(page)
    page.goto(base + reverse("recuperation_portal:trip_detail", args=[trip.pk]))  # the trip shows where she stands
    page.wait_for_selector("#recup-booking-link")
    assert "候补第 1 位" in page.inner_text("#recup-standing")
    assert Booking.objects.filter(trip=trip, member=me).count() == 1

    page.goto(base + reverse("recuperation_portal:bookings"))
    page.click("#recup-bookings >> text=千岛湖四日疗休养")
    page.wait_for_selector("#recup-cancel")
    page.click("#recup-cancel")
    page.wait_for_selector("#recup-status[data-status=cancelled]")
    assert Booking.objects.get(trip=trip, member=me).status == BookingStatus.CANCELLED
    _no_sideways_scroll(page)
    assert not errors
