"""The demo's mutual aid: this year's plan with two versions, the demo worker covered (not a first-time enrolee),
a list paid through the ledger, a list waiting for review, a correction; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.mutual_aid.enrolment.selectors import cover_on
from gonghui.mutual_aid.models import Enrolment, EnrolmentCorrection, EnrolmentStatus, Plan, PlanVersion

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_mutual_aid():
    today = timezone.localdate()
    plan = Plan.objects.get(year=today.year, unit__depth=1)
    assert PlanVersion.objects.filter(plan=plan, published=True).count() == 2
    from gonghui.members.models import Member

    worker = Member.objects.get(phone=data.DEMO_WORKER_PHONE)
    cover = cover_on(worker.pk, today)
    assert cover is not None
    assert cover.plan_id == plan.pk
    assert not cover.first_time
    paid = Enrolment.objects.get(plan=plan, unit=worker.unit)
    assert payments_for_source(source=paid.source).get().status == "paid"
    assert Enrolment.objects.filter(plan=plan, status=EnrolmentStatus.SUBMITTED).count() == 1
    assert EnrolmentCorrection.objects.filter(enrolment=paid).count() == 1
    counts = (Enrolment.objects.count(), EnrolmentCorrection.objects.count(), PlanVersion.objects.count())
    from gonghui.mutual_aid import demo as module_demo

    module_demo.seed(world())
    assert (Enrolment.objects.count(), EnrolmentCorrection.objects.count(), PlanVersion.objects.count()) == counts
