"""The escort staff's journey at a sanatorium on a desktop browser (Debian's chromium, 1280 px): check a member in
by pasting the member card's QR code at the check-in desk (a card of someone not booked is refused, saying so),
take the day's roll with one person absent, and record an incident, then close it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.recuperation.models import BookingStatus, DailyRoll, Incident
from gonghui.recuperation.permissions import RUN_TRIPS
from gonghui.recuperation.sanatorium.tests import kit

pytestmark = BROWSER_MARKS


def test_check_in_by_pasted_card_code_roll_and_incident(chromium, live_server, world):
    trip = kit.trip(world, starts_on=timezone.localdate() - timedelta(days=1))
    who, booking = kit.participant(world, trip)
    _other, second = kit.participant(world, trip)
    stranger, _b = kit.participant(world, kit.trip(world))
    staff = world.actor("same_with", RUN_TRIPS)
    client = login(Client(), staff)
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
    base = live_server.url

    page.goto(base + reverse("recuperation:checkin_desk", args=[trip.pk]))
    assert "0 / 2" in page.inner_text("#checked-in-count")
    # someone who is not booked on this trip
    page.fill("#scan-form input[name=code]", kit.card_code(stranger))
    page.click("#scan-submit")
    page.wait_for_selector("#scan-form .errorlist")
    assert "没有本线路的已确认预订" in page.inner_text("#scan-form")
    # the participant's card, pasted as the link the QR code holds
    page.fill("#scan-form input[name=code]", f"{base}/m/verify/{kit.card_code(who)}/")
    page.click("#scan-submit")
    page.wait_for_selector("text=已报到")
    assert "1 / 2" in page.inner_text("#checked-in-count")
    # the second from the list (card left at home)
    page.click("#desk-people button[type=submit]")
    page.wait_for_selector("#checked-in-count >> text=2 / 2")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN

    page.click("nav.tabs >> text=每日点名")
    page.wait_for_selector("#roll-form")
    page.uncheck(f"#roll-table input[value='{second.pk}']")
    page.click("#roll-save")
    page.wait_for_selector("text=点名已保存")
    assert DailyRoll.objects.get(booking=second, day=timezone.localdate()).present is False
    assert DailyRoll.objects.get(booking=booking, day=timezone.localdate()).present is True
    assert "缺" in page.inner_text("#roll-table")

    page.click("nav.tabs >> text=突发情况")
    page.wait_for_selector("#incident-form")
    page.select_option("#incident-form select[name=kind]", "illness")
    page.select_option("#incident-form select[name=booking]", str(booking.pk))
    page.fill("#incident-form textarea[name=description]", "午饭后腹痛，随队医生查看")
    page.click("#incident-save")
    page.wait_for_selector("#incident-table >> text=午饭后腹痛")
    page.fill("#incident-table textarea[name=handling]", "就近医院诊治，已无大碍")
    page.check("#incident-table input[name=closed]")
    page.click("#incident-table button[type=submit]")
    page.wait_for_selector("#incident-table >> text=就近医院诊治，已无大碍")
    incident = Incident.objects.get(trip=trip)
    assert incident.closed
    assert incident.booking_id == booking.pk
    assert errors == []
    context.close()
