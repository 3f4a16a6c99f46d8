"""Condolence payments, the services: the matrix; the amount by policy per reason capped per member and year (a
property test against a reference); the decision keeps the policy records and explains the amount; paid only
through finance's payment request, read back from finance, once per member, reason and event (a second call returns
the first decision)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.policy.models import PolicyRecord
from gonghui.retirees.condolences import selectors, services
from gonghui.retirees.models import Condolence
from gonghui.retirees.permissions import DECIDE_CONDOLENCES, VIEW_RETIREES
from gonghui.retirees.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


def test_decide_matrix(world):
    f.books(world.target)
    member = f.retiree(world)
    service_matrix(
        world,
        DECIDE_CONDOLENCES,
        lambda actor, w: services.condolence_decide(
            actor=actor, member=member, reason="illness", event_on=date(2026, 11, 30), today=TODAY
        ),
        state=lambda w: (Condolence.objects.count(), PaymentRequest.objects.count()),
        view_perm=VIEW_RETIREES,
    )


def test_decision_pays_once_through_finance_and_explains(world):
    ledger = f.books(world.target)
    member = f.retiree(world)
    staff = f.staff(world)
    item, created = services.condolence_decide(
        actor=staff, member=member, reason="illness", event_on=date(2026, 11, 30), today=TODAY
    )
    again, created_again = services.condolence_decide(
        actor=staff, member=member, reason="illness", event_on=date(2026, 11, 30), today=TODAY
    )
    assert (created, created_again, item.pk) == (True, False, again.pk)
    assert item.amount == Decimal("500.00")
    assert "500.00" in item.explanation
    assert "3000.00" in item.explanation
    (payment,) = PaymentRequest.objects.filter(source=item.source)
    assert (payment.ledger, payment.amount, payment.payee_member, payment.idempotency_key) == (
        ledger,
        Decimal("500.00"),
        member,
        item.source,
    )
    assert selectors.payment_of(item) == payment
    assert selectors.payments_by_source([item]) == {item.source: payment}


def test_yearly_cap_and_policy_record_kept(world):
    f.books(world.target)
    member = f.retiree(world)
    staff = f.staff(world)
    record = PolicyRecord.objects.create(
        key="retirees.condolence_yearly_cap",
        unit=world.target,
        value="1200.00",
        effective_from=date(2026, 1, 1),
        note="测试",
    )
    first, _ = services.condolence_decide(
        actor=staff, member=member, reason="hardship", event_on=date(2026, 3, 1), today=TODAY
    )
    second, _ = services.condolence_decide(
        actor=staff, member=member, reason="illness", event_on=date(2026, 5, 1), today=TODAY
    )
    assert (first.amount, second.amount) == (Decimal("1000.00"), Decimal("200.00"))
    assert record.pk in second.policy_record_ids
    with pytest.raises(ValidationError) as capped:
        services.condolence_decide(actor=staff, member=member, reason="illness", event_on=date(2026, 6, 1), today=TODAY)
    assert capped.value.code == "cap"
    # A new year, a new cap.
    third, _ = services.condolence_decide(
        actor=staff, member=member, reason="illness", event_on=date(2027, 1, 2), today=date(2027, 1, 5)
    )
    assert third.amount == Decimal("500.00")


def test_death_pays_the_family_and_needs_a_payee(world):
    f.books(world.target)
    member = f.retiree(world, status="deceased")
    staff = f.staff(world)
    with pytest.raises(ValidationError):
        services.condolence_decide(actor=staff, member=member, reason="death", event_on=date(2026, 12, 1), today=TODAY)
    item, _ = services.condolence_decide(
        actor=staff, member=member, reason="death", event_on=date(2026, 12, 1), payee_name="王小明", today=TODAY
    )
    payment = selectors.payment_of(item)
    assert payment is not None
    assert (item.amount, payment.payee_name, payment.payee_user) == (Decimal("2000.00"), "王小明", None)
    with pytest.raises(ValidationError):  # illness of a deceased member: no
        services.condolence_decide(
            actor=staff, member=member, reason="illness", event_on=date(2026, 11, 1), today=TODAY
        )


def test_no_books_no_decision(world):
    member = f.retiree(world)
    with pytest.raises(ValidationError) as info:
        services.condolence_decide(actor=f.staff(world), member=member, reason="illness", event_on=TODAY, today=TODAY)
    assert info.value.code == "no_books"
    assert not Condolence.objects.exists()


def _reference(standard: Decimal, cap: Decimal, grants: list[Decimal]) -> Decimal:
    used = sum(grants, Decimal("0"))
    left = cap - used
    if left <= 0:
        return Decimal("0.00")
    return min(standard, left)


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=2)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(standard=money, cap=money, grants=st.lists(money, max_size=4))
def test_amount_matches_reference(standard, cap, grants):
    used = sum(grants, Decimal("0"))
    got = services.condolence_amount(standard=standard, cap=cap, used=used)
    assert got.amount == _reference(standard, cap, grants)
    assert got.amount >= 0
    assert got.amount <= standard
