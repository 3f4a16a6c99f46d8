"""A paid claim is rated by its member through the ratings kernel (满意度评价): decided is not enough, the money
must have been paid (read from finance)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz import registry
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.tests import kit
from gonghui.ratings.selectors import my_pending
from gonghui.ratings.services import rating_submit

pytestmark = pytest.mark.django_db

KIND = "mutual_aid.claim"


def test_a_claim_is_rated_once_it_is_paid(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    user = kit.u(who)
    claim = services.claim_decide(actor=people.grassroots, claim=kit.submitted(world, who, "30000"), decision="confirm")
    assert my_pending(actor=user) == []  # decided, not yet paid
    with pytest.raises(ValidationError):
        rating_submit(actor=user, kind=KIND, object_id=claim.pk, score=5)
    # The payment is approved and paid in finance, by two people.
    payment = PaymentRequest.objects.get(source=claim.source)
    everything = [str(p) for p in registry.all_perms()]
    approver = world.staff("approver", payment.ledger.unit, everything)
    payer = world.staff("payer", payment.ledger.unit, everything)
    payment = payment_approve(actor=approver, payment=payment)
    assert my_pending(actor=user) == []  # approved, not yet paid
    payment_record(actor=payer, payment=payment, paid_on=timezone.localdate())
    assert PaymentRequest.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert [(p.kind, p.object_id) for p in my_pending(actor=user)] == [(KIND, claim.pk)]
    rating = rating_submit(actor=user, kind=KIND, object_id=claim.pk, score=5)
    assert rating.unit_id == claim.unit_id
    assert my_pending(actor=user) == []
