"""Statistics: the enrolment rate by union against counts made by hand, fees received (lists and corrections), claims
and pay-outs by benefit and illness (paid = finance's payment status), the loss ratio; scoped to the subtree; the
page, the export and the API by permission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.finance.models import Account
from gonghui.finance.payments.services import payment_approve, payment_record, payment_request
from gonghui.members.models import MemberStatus
from gonghui.mutual_aid.models import BenefitKind, Claim, ClaimStatus, CorrectionStatus, EnrolmentCorrection
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.stats import selectors
from gonghui.mutual_aid.tests import factories

pytestmark = pytest.mark.django_db


def _claim(cover, kind, amount, code="", n=[0]):  # noqa: B006 - a counter
    n[0] += 1
    user = User.objects.order_by("pk").first()
    assert user is not None
    return Claim.objects.create(
        claim_no=f"MA{n[0]:06d}",
        member=cover.member,
        unit=cover.enrolment.unit,
        cover=cover,
        plan=cover.plan,
        version=factories.version(cover.plan),
        kind=kind,
        illness_code=code,
        event_on=timezone.localdate(),
        status=ClaimStatus.APPROVED,
        amount=Decimal(amount),
        filed_by=user,
    )


def test_figures(world):
    plan = factories.plan(world.target)
    covered = [factories.member(world.child) for _ in range(3)]
    factories.member(world.child)  # active, not enrolled
    factories.member(world.child, status=MemberStatus.LEFT)  # not active
    enrolment = factories.enrolment(plan, world.child, covered)
    EnrolmentCorrection.objects.create(
        enrolment=enrolment,
        month=timezone.localdate().replace(day=1),
        created_by=enrolment.created_by,
        status=CorrectionStatus.CONFIRMED,
        fee_delta=Decimal("12.00"),
    )
    enrolment.fee_total += Decimal("12.00")
    enrolment.save()
    rows = list(enrolment.members.select_related("member", "plan", "enrolment"))
    paid = _claim(rows[0], BenefitKind.HOSPITAL, "1000.00", "C50")
    _claim(rows[1], BenefitKind.HOSPITAL, "500.00", "C50")
    _claim(rows[2], BenefitKind.DEATH, "10000.00")
    from gonghui.finance.tests.factories import books

    ledger, _p, _r = books(world.target)
    account = Account.objects.get(ledger=ledger, code="5101")
    payer = world.actor("ancestor", VIEW_MUTUAL_AID)
    payment, _created = payment_request(
        actor=payer,
        ledger=ledger,
        idempotency_key=paid.source,
        source=paid.source,
        purpose="互助保障给付",
        amount=paid.amount,
        expense_account=account,
        payee_name="职工",
        authorized_by=VIEW_MUTUAL_AID,
    )
    payment = payment_approve(actor=_r, payment=payment)
    payment_record(actor=_p, payment=payment, paid_on=timezone.localdate())
    actor = world.actor("ancestor", VIEW_MUTUAL_AID)
    stats = selectors.mutual_aid_stats(actor=actor, plan=plan, unit=world.target)
    assert stats.total is not None
    assert (stats.total.active, stats.total.enrolled) == (4, 3)
    assert stats.total.rate == Decimal("0.7500")
    assert [(r.unit.pk, r.active, r.enrolled) for r in stats.rows] == [(world.child.pk, 4, 3)]
    assert stats.fees == Decimal("72.00")  # 3 × 24, the correction's 12 not received yet
    hospital = next(b for b in stats.benefits if b.key == BenefitKind.HOSPITAL)
    assert (hospital.claims, hospital.approved, hospital.paid) == (2, Decimal("1500.00"), Decimal("1000.00"))
    assert {(b.key, b.claims) for b in stats.illnesses} == {("C50", 2), ("", 1)}
    assert stats.paid == Decimal("1000.00")
    row = next(p for p in stats.plans if p.plan.pk == plan.pk)
    assert row.loss_ratio == Decimal("13.8889")
    sibling = selectors.mutual_aid_stats(actor=world.actor("sibling", VIEW_MUTUAL_AID), plan=plan)
    assert sibling.paid == 0
    assert sibling.fees == 0


def test_pages_and_api(world):
    plan = factories.plan(world.target)
    factories.enrolment(plan, world.child, [factories.member(world.child)])
    http_matrix(world, VIEW_MUTUAL_AID, "get", f"{reverse('mutual_aid:stats')}?plan={plan.pk}")
    client = login(Client(), world.actor("ancestor", VIEW_MUTUAL_AID))
    assert client.get(reverse("mutual_aid:stats_export")).status_code == 200
    data = client.get(f"/api/v1/mutual-aid/statistics/?plan={plan.pk}").json()
    assert data["total"]["enrolled"] == 1
    assert data["fees"] == "24.00"
    sibling = login(Client(), world.actor("sibling", VIEW_MUTUAL_AID))
    assert sibling.get(f"/api/v1/mutual-aid/statistics/?plan={plan.pk}").status_code == 404
    page = sibling.get(reverse("mutual_aid:stats"))
    assert CANARY not in page.content.decode()
    assert login(Client(), world.member).get("/api/v1/mutual-aid/statistics/").status_code == 403
