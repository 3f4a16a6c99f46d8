"""The worker's recuperation pages read in English when the reader chose English: no Chinese left in the chrome
(labels, buttons, statuses, the eligibility rules). Names and text typed by people are data and are taken out."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import Trip
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _chinese_left(html: str) -> set[str]:
    data = [*User.objects.values_list("name", flat=True), *OrgUnit.objects.values_list("name", flat=True)]
    for trip in Trip.objects.all():
        data += [trip.title, trip.destination, *trip.itinerary.splitlines()]
    from gonghui.members.models import Member

    data += [*Member.objects.values_list("name", flat=True), *Member.objects.values_list("job", flat=True)]
    for text in sorted(filter(None, data), key=len, reverse=True):
        html = html.replace(text, "")
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    # The shell's decorative glyphs (brand mark, avatar initial, language icon) are hidden from readers.
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def test_portal_pages_in_english(world):
    clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(clerk, world.province, places=1)
    f.book(trip, f.member(world.child))
    me = f.member(world.child, job="焊工")
    booking = f.book(trip, me)
    client = login(Client(), me.user)
    client.cookies.load({"django_language": "en"})
    pages = [
        reverse("recuperation_portal:trips"),
        reverse("recuperation_portal:trip_detail", args=[trip.pk]),
        reverse("recuperation_portal:bookings"),
        reverse("recuperation_portal:booking_detail", args=[booking.pk]),
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        left = _chinese_left(response.content.decode())
        assert not left, (url, left)
