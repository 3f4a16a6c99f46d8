"""A clerk hands unused recuperation places back in Debian's chromium: the city's clerk opens the trip, sees the
places the city holds, hands two back to the province's pool, and the trip's history says so; a waiting member of
the city's subtree gets a handed-back place at once."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.orgs.tests.factories import OrgUnitFactory
from gonghui.recuperation.models import Booking, BookingStatus, TripQuota
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f
from gonghui.recuperation.trips.services import quota_allot

pytestmark = BROWSER_MARKS


def test_clerk_hands_places_back(chromium, live_server, world):
    province_clerk = world.staff("trips", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(province_clerk, world.province, places=6, title="安吉竹海五日疗休养")
    city_quota = quota_allot(actor=province_clerk, source=f.pool(trip), unit=world.city, places=4)
    city_clerk = world.staff("city-trips", world.city, [VIEW_RECUPERATION, MANAGE_TRIPS, BOOK_FOR_MEMBERS])
    # The province's own two places are taken by members of another city; a third waits.
    other_city = OrgUnitFactory(parent=world.province, name="矩阵另一市总工会", region_code="330200")
    for _ in range(2):
        f.book(trip, f.member(other_city))
    waiting = f.book(trip, f.member(other_city))
    assert waiting.status == BookingStatus.WAITING

    client = Client()
    client.force_login(city_clerk)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
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
    page.goto(live_server.url + reverse("recuperation:trip_detail", args=[trip.pk]))
    row = page.locator(f"#quota-{city_quota.pk}")
    assert world.city.name in row.inner_text()
    row.locator("summary", has_text="退回上级").click()
    row.get_by_label("退回名额").fill("2")
    page.click(f"#quota-hand-back-{city_quota.pk}")
    page.wait_for_selector("#trip-events")
    assert "退回名额" in page.inner_text("#trip-events")

    city_quota = TripQuota.objects.get(pk=city_quota.pk)
    assert (city_quota.places, city_quota.handed_back) == (2, 2)
    # The places went back to the province's pool, and the first waiting member got one at once.
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CONFIRMED
    assert not errors
