"""The demo's register, check-ups and sanatorium side: a dozen honorees (not the demo worker), hospitals, this
year's check-ups (done with abnormal results and a follow-up due, booked), a past trip's check-ins, roll, incident,
finish and feedback; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.db.models import Count

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.honors.models import Honoree
from gonghui.recuperation.models import (
    BookingStatus,
    CheckIn,
    Checkup,
    CheckupStatus,
    DailyRoll,
    Feedback,
    Hospital,
    Incident,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def _counts() -> tuple[int, ...]:
    return (
        Honoree.objects.count(),
        Hospital.objects.count(),
        Checkup.objects.count(),
        CheckIn.objects.count(),
        DailyRoll.objects.count(),
        Incident.objects.count(),
        Feedback.objects.count(),
    )


def test_demo_register_checkups_and_sanatorium():
    assert Honoree.objects.count() >= 12
    assert not Honoree.objects.filter(member__phone=data.DEMO_WORKER_PHONE).exists()
    assert Hospital.objects.count() >= 2
    done = Checkup.objects.filter(status=CheckupStatus.DONE)
    assert done.filter(abnormal=True, followed_up_on__isnull=True, follow_up_due__isnull=False).exists()
    assert done.filter(abnormal=True, followed_up_on__isnull=False).exists()
    assert Checkup.objects.filter(status=CheckupStatus.BOOKED).count() >= 5
    assert Checkup.objects.filter(status=CheckupStatus.DONE).values("member_id").distinct().count() >= 3
    two_years = Checkup.objects.values("member_id").order_by().annotate(n=Count("year"))
    assert any(row["n"] >= 2 for row in two_years)
    assert not any(c.results_cipher and "血压" in c.results_cipher for c in done)
    assert CheckIn.objects.filter(method="qr").exists()
    assert CheckIn.objects.filter(method="list").exists()
    assert DailyRoll.objects.filter(present=False).exists()
    assert Incident.objects.filter(closed=True).count() == 1
    assert Feedback.objects.filter(booking__member__phone=data.DEMO_WORKER_PHONE).exists()
    assert CheckIn.objects.filter(booking__status=BookingStatus.COMPLETED).exists()
    before = _counts()
    from gonghui.recuperation import demo as module_demo

    module_demo.seed(world())
    assert _counts() == before
