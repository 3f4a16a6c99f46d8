"""Late charges stay reported after the principal is paid (issue 22), until collected with their own receipt or
waived with a reason and a second person's approval; the arrears list, its API and its ``.xlsx`` show them.

Hand computation (defaults: 0.05% a day, fen half up): 2,000.00 (payroll 100,000.00 × 2%) due 2026-02-16, paid
in full on 2026-03-18: the days 2-17 … 3-18 bear the charge (the payment day too), 12 + 18 = 30 days ×
2,000.00 × 0.0005 = 30.00."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.finance.allocation import selectors
from gonghui.finance.allocation.services import (
    late_charge_cancel,
    late_charge_confirm,
    late_charge_record,
)
from gonghui.finance.models import AllocationDeclaration, Entry, LateChargeSettlement, LateChargeStatus
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.finance.tests.allocation_kit import clerks, declaration, open_books, paid

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")


def _paid_late(world):
    open_books(world.target, world.child)
    decl = declaration(world)
    assert (decl.amount, decl.due_on) == (D("2000.00"), date(2026, 2, 16))
    paid(world, decl, "2000.00", date(2026, 3, 18))
    return AllocationDeclaration.objects.get(pk=decl.pk)


def _listed(world, as_of):
    actor = world.actor("same_with", VIEW_ALLOCATION)
    rows = list(selectors.arrears_list(actor=actor, as_of=as_of))
    return selectors.arrears_for(rows, as_of=as_of)


def test_the_late_charge_stays_on_the_list_after_the_principal_is_paid(world):
    decl = _paid_late(world)
    ((d, a),) = _listed(world, date(2026, 3, 31))
    assert d.pk == decl.pk
    assert (a.outstanding, a.days, a.charge, a.charge_owed) == (D("0.00"), 30, D("30.00"), D("30.00"))
    assert _listed(world, date(2026, 3, 10))[0][1].outstanding == D("2000.00"), "as of before the payment"


def test_a_declaration_paid_on_time_is_not_listed(world):
    open_books(world.target, world.child)
    decl = declaration(world)
    paid(world, decl, "2000.00", date(2026, 2, 16))  # on the due date: no late day
    assert _listed(world, date(2026, 3, 31)) == []
    assert AllocationDeclaration.objects.get(pk=decl.pk).late_settled_on == date(2026, 2, 16)


def test_collected_with_its_own_receipt_then_off_the_list_from_that_day(world):
    decl = _paid_late(world)
    recorder, confirmer = clerks(world)
    settlement = late_charge_record(
        actor=recorder, declaration=decl, kind="receipt", amount="30.00", on=date(2026, 4, 2), reference="B-1"
    )
    assert _listed(world, date(2026, 4, 5))[0][1].charge_owed == D("30.00"), "recorded, not yet confirmed"
    with pytest.raises(ValidationError) as info:
        late_charge_confirm(actor=recorder, settlement=settlement)
    assert info.value.code == "duties"
    settlement = late_charge_confirm(actor=confirmer, settlement=settlement)
    assert settlement.status == LateChargeStatus.CONFIRMED
    lines = {
        (e.account.code, e.debit, e.credit)
        for e in Entry.objects.filter(voucher=settlement.voucher).select_related("account")
    }
    assert lines == {("1002", D("30.00"), D("0.00")), ("4901", D("0.00"), D("30.00"))}
    assert settlement.voucher is not None
    assert settlement.voucher.ledger.unit == world.child
    ((_d, a),) = _listed(world, date(2026, 4, 1))
    assert a.charge_owed == D("30.00"), "still owed the day before it was collected"
    assert _listed(world, date(2026, 4, 2)) == []


def test_waived_with_a_reason_and_a_second_persons_approval(world):
    decl = _paid_late(world)
    recorder, confirmer = clerks(world)
    with pytest.raises(ValidationError) as info:
        late_charge_record(actor=recorder, declaration=decl, kind="waiver", amount="30.00", on=date(2026, 4, 2))
    assert info.value.code == "reason"
    # Part collected (10.00), the rest waived (20.00).
    got = late_charge_record(actor=recorder, declaration=decl, kind="receipt", amount="10.00", on=date(2026, 4, 2))
    late_charge_confirm(actor=confirmer, settlement=got)
    with pytest.raises(ValidationError) as info:
        late_charge_record(
            actor=recorder, declaration=decl, kind="waiver", amount="20.01", on=date(2026, 4, 3), reason="困难企业"
        )
    assert info.value.code == "over"
    waiver = late_charge_record(
        actor=recorder, declaration=decl, kind="waiver", amount="20.00", on=date(2026, 4, 3), reason="困难企业"
    )
    ((_d, a),) = _listed(world, date(2026, 4, 3))
    assert (a.charge_paid, a.charge_waived, a.charge_owed) == (D("10.00"), D("0.00"), D("20.00"))
    late_charge_confirm(actor=confirmer, settlement=waiver)
    assert LateChargeSettlement.objects.get(pk=waiver.pk).voucher is None, "a waiver posts nothing"
    assert _listed(world, date(2026, 4, 3)) == []
    assert AllocationDeclaration.objects.get(pk=decl.pk).late_settled_on == date(2026, 4, 3)


def test_nothing_is_settled_before_the_principal_is_paid(world):
    open_books(world.target, world.child)
    decl = declaration(world)
    paid(world, decl, "1200.00", date(2026, 3, 10))
    recorder, _confirmer = clerks(world)
    with pytest.raises(ValidationError) as info:
        late_charge_record(actor=recorder, declaration=decl, kind="receipt", amount="1.00", on=date(2026, 3, 20))
    assert info.value.code == "principal"


def test_a_cancelled_record_leaves_the_charge_owed(world):
    decl = _paid_late(world)
    recorder, confirmer = clerks(world)
    got = late_charge_record(actor=recorder, declaration=decl, kind="receipt", amount="30.00", on=date(2026, 4, 2))
    late_charge_cancel(actor=confirmer, settlement=got, reason="录错")
    with pytest.raises(ValidationError):
        late_charge_confirm(actor=confirmer, settlement=got)
    assert _listed(world, date(2026, 4, 30))[0][1].charge_owed == D("30.00")


def test_api_and_xlsx_report_the_late_charge_after_payment(world):
    _paid_late(world)
    client = login(Client(), world.actor("same_with", VIEW_ALLOCATION))
    (row,) = client.get(reverse("v1:finance-arrears-list") + "?as_of=2026-03-31").json()["results"]
    assert (row["outstanding"], row["days_late"], row["late_charge"], row["late_charge_owed"]) == (
        "0.00",
        30,
        "30.00",
        "30.00",
    )
    response = client.get(reverse("finance:allocation_arrears_export") + "?as_of=2026-03-31")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[3]]
    assert values[5] == 0
    assert values[9] == 30
    assert values[12] == 30
    page = client.get(reverse("finance:allocation_arrears") + "?as_of=2026-03-31").content.decode()
    assert "30.00" in page


def test_services_matrix(world):
    decl = _paid_late(world)
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: late_charge_record(
            actor=actor, declaration=decl, kind="waiver", amount="1.00", on=date(2026, 4, 2), reason="减免"
        ),
        state=lambda w: LateChargeSettlement.objects.count(),
        view_perm=VIEW_ALLOCATION,
    )
    recorder, _confirmer = clerks(world)
    recorded = late_charge_record(
        actor=recorder, declaration=decl, kind="waiver", amount="1.00", on=date(2026, 4, 2), reason="减免"
    )
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: late_charge_cancel(actor=actor, settlement=recorded, reason="撤销"),
        state=lambda w: LateChargeSettlement.objects.get(pk=recorded.pk).status,
        view_perm=VIEW_ALLOCATION,
    )


def test_confirm_matrix(world):
    decl = _paid_late(world)
    other = world.staff("rec", world.target, [MANAGE_ALLOCATION, VIEW_ALLOCATION])
    recorded = late_charge_record(
        actor=other, declaration=decl, kind="waiver", amount="1.00", on=date(2026, 4, 2), reason="减免"
    )
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: late_charge_confirm(actor=actor, settlement=recorded),
        state=lambda w: LateChargeSettlement.objects.get(pk=recorded.pk).status,
        view_perm=VIEW_ALLOCATION,
    )


def test_pages_matrix(world):
    decl = _paid_late(world)
    other = world.staff("rec", world.target, [MANAGE_ALLOCATION, VIEW_ALLOCATION])
    recorded = late_charge_record(
        actor=other, declaration=decl, kind="waiver", amount="1.00", on=date(2026, 4, 2), reason="减免"
    )
    count = LateChargeSettlement.objects.count
    http_matrix(
        world,
        MANAGE_ALLOCATION,
        "post",
        reverse("finance:allocation_late_charge", args=[decl.pk]),
        data={"kind": "receipt", "amount": "2.00", "on": "2026-04-02", "reason": "", "reference": ""},
        state=lambda w: count(),
    )
    for name in ("finance:allocation_late_charge_confirm", "finance:allocation_late_charge_cancel"):
        http_matrix(
            world,
            MANAGE_ALLOCATION,
            "post",
            reverse(name, args=[recorded.pk]),
            data={"reason": "撤销"},
            state=lambda w: LateChargeSettlement.objects.get(pk=recorded.pk).status,
        )
    client = login(Client(), world.actor("same_with", VIEW_ALLOCATION))
    page = client.get(reverse("finance:allocation_detail", args=[decl.pk])).content.decode()
    assert "减免" in page
