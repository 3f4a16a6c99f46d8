"""The register's, the check-ups', the sanatorium side's and the statistics' pages read in English when the reader
chose English: no Chinese left in the chrome. Names of people, unions, hospitals, trips and what people typed are
data and are taken out before looking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.honors.models import Honoree
from gonghui.honors.register.services import IMPORT_HEADERS
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.health import services as health
from gonghui.recuperation.health.tests import kit
from gonghui.recuperation.models import Hospital, Incident, Sanatorium, Trip
from gonghui.recuperation.sanatorium import services as sanatorium
from gonghui.recuperation.sanatorium.tests import kit as trip_kit

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")
ALLOWED = {"中文", "简体中文", "中文（简体）"}


def _data() -> list[str]:
    typed = [
        *User.objects.values_list("name", flat=True),
        *OrgUnit.objects.values_list("name", flat=True),
        *Hospital.objects.values_list("name", flat=True),
        *Sanatorium.objects.values_list("name", flat=True),
        *Trip.objects.values_list("title", flat=True),
        *Trip.objects.values_list("destination", flat=True),
        *Incident.objects.values_list("description", flat=True),
        *Member.objects.values_list("name", flat=True),
        *Honoree.objects.values_list("conferred_by", flat=True),
        "血压偏高",
        *IMPORT_HEADERS,  # the file's column names, which the import reads as they are
    ]
    return sorted({t for t in typed if t}, key=len, reverse=True)


def _english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _chinese_left(html: str, data: list[str]) -> set[str]:
    # charts label their bars with union names (data, shortened): left out too
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<text[^>]*>[^<]*</text>", "", html, flags=re.S)
    html = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", html)
    for text in data:
        html = html.replace(text, "")
    return {html[max(m.start() - 40, 0) : m.end() + 20] for m in HAN.finditer(html) if m.group() not in ALLOWED}


def test_pages_in_english(world):
    checkup = kit.checkup(kit.model_worker(world), kit.hospital(world), day=timezone.localdate() - timedelta(days=2))
    everyone = world.actor("same_with", "recuperation.view")
    health.checkup_record_results(
        actor=everyone, checkup=checkup, values={"systolic": "150"}, summary="血压偏高", abnormal=True
    )
    trip = trip_kit.trip(world, starts_on=timezone.localdate() - timedelta(days=1))
    _who, booking = trip_kit.participant(world, trip)
    sanatorium.checkin_booking(actor=everyone, trip=trip, booking_id=booking.pk)
    sanatorium.incident_record(
        actor=everyone, trip=trip, kind="illness", happened_at=timezone.now(), description="头晕", booking_id=booking.pk
    )
    data = _data()
    staff = _english(login(Client(), everyone))
    pages = [
        reverse("honors:honoree_list"),
        reverse("honors:honoree_new"),
        reverse("honors:honoree_import"),
        reverse("honors:honoree_detail", args=[checkup.honoree_id]),
        reverse("recuperation:checkup_list"),
        reverse("recuperation:checkup_book_one"),
        reverse("recuperation:checkup_detail", args=[checkup.pk]),
        reverse("recuperation:hospital_list"),
        reverse("recuperation:health_profile", args=[checkup.member_id]),
        reverse("recuperation:run_list"),
        reverse("recuperation:checkin_desk", args=[trip.pk]),
        reverse("recuperation:trip_roll", args=[trip.pk]),
        reverse("recuperation:trip_incidents", args=[trip.pk]),
        reverse("recuperation:stats"),
    ]
    for url in pages:
        response = staff.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not _chinese_left(html, data), (url, _chinese_left(html, data))
    revealed = staff.post(reverse("recuperation:checkup_reveal", args=[checkup.pk])).content.decode()
    assert not _chinese_left(revealed, data), _chinese_left(revealed, data)
    worker = checkup.member.user
    assert worker is not None
    portal = _english(login(Client(), worker))
    for url in (
        reverse("recuperation_portal:my_checkups"),
        reverse("recuperation_portal:my_checkup", args=[checkup.pk]),
        reverse("recuperation_portal:my_trips"),
    ):
        response = portal.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not _chinese_left(html, data), (url, _chinese_left(html, data))
