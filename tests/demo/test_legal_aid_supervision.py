"""The demo's labour-law supervision: 杭州市总工会's notices at every status, one overdue and escalated once, on
``hz_staff``'s console home; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.demo.seed import world
from gonghui.legal_aid.models import NoticeEvent, NoticeStatus, SupervisionNotice
from gonghui.legal_aid.supervision import demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_notices_at_every_status_and_one_overdue():
    notices = SupervisionNotice.objects.filter(unit__name="杭州市总工会")
    assert set(notices.values_list("status", flat=True)) == set(NoticeStatus.values)
    overdue = notices.get(overdue_at__isnull=False)
    assert overdue.status == NoticeStatus.ISSUED
    assert NoticeEvent.objects.filter(action="overdue").count() == 1
    staff = login(Client(), User.objects.get(username="hz_staff"))
    page = staff.get(reverse("legal_aid:notice_list") + "?overdue=1").content.decode()
    assert overdue.number in page
    printed = staff.get(reverse("legal_aid:notice_print", args=[overdue.pk])).content.decode()
    assert overdue.employer_name in printed
    count = SupervisionNotice.objects.count()
    demo.seed(world())
    assert SupervisionNotice.objects.count() == count
