"""The demo's claims: nothing without a cover for the demo worker; with one (built here as the plans and enrolment
demos would), claims at every state, the worker's approved claim paid through the ledger, and a second run changes
nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.demo import data
from gonghui.demo.seed import seed_demo, world
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.members.models import Member
from gonghui.mutual_aid.claims import demo
from gonghui.mutual_aid.claims.tests import factories
from gonghui.mutual_aid.models import Claim, ClaimStatus
from gonghui.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_claims_at_every_state():
    seed_demo()
    assert not Claim.objects.exists()  # no plans/enrolment demo here: no cover, nothing made
    union = OrgUnit.objects.get(name=data.XIHU_GRASSROOTS)
    province = OrgUnit.objects.get(depth=1, name=data.PROVINCE[0])
    day = timezone.localdate() - timedelta(days=60)
    plan = factories.plan(province, year=day.year)
    factories.version(plan)
    members = Member.objects.filter(unit=union, status="active")
    factories.enrol(union, plan, members, covered_from=plan.starts_on, first_time=False)
    demo.seed(world())
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {
        ClaimStatus.DRAFT,
        ClaimStatus.IN_REVIEW,
        ClaimStatus.RETURNED,
        ClaimStatus.APPROVED,
        ClaimStatus.REJECTED,
        ClaimStatus.WITHDRAWN,
    } <= statuses
    mine = Claim.objects.filter(member__phone=data.DEMO_WORKER_PHONE)
    assert set(mine.values_list("status", flat=True)) == {ClaimStatus.APPROVED, ClaimStatus.IN_REVIEW}
    paid = mine.get(status=ClaimStatus.APPROVED)
    payment = payments_for_source(source=paid.source).get()
    assert payment.amount == paid.amount
    assert payment.status == "paid"
    count = Claim.objects.count()
    demo.seed(world())
    assert Claim.objects.count() == count
