"""Critical-illness relief services: the claim's journey through the three default levels to a payment request,
duplicate invoices, the yearly cap across claims, withdraw and reject freeing invoices, the reveal's audit and
the authorization matrix of every service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.assistance.models import ReliefClaim, ReliefEvent, ReliefInvoice, ReliefShare, ReliefStatus
from gonghui.assistance.permissions import APPROVE_RELIEF, MANAGE_RELIEF, REVEAL_RELIEF_HEALTH
from gonghui.assistance.relief import services
from gonghui.assistance.relief.tests import kit
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db


def test_worker_claim_through_three_levels_is_paid_once(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who, "25000", "15000")
    assert claim.on_behalf is False
    assert services.relief_missing(claim) == []
    claim = services.relief_claim_submit(actor=kit.u(who), claim=claim)
    assert claim.status == ReliefStatus.IN_REVIEW
    assert claim.amount == Decimal("7000.00")  # the preview: 40,000 → 4,000 + 3,000
    claim = kit.approve_all(people, claim)
    assert claim.status == ReliefStatus.APPROVED
    assert claim.amount == Decimal("7000.00")
    assert claim.payer_unit_id == world.city.pk
    assert [s.amount for s in ReliefShare.objects.filter(claim=claim).order_by("band_from")] == [
        Decimal("4000.00"),
        Decimal("3000.00"),
        Decimal("0.00"),
    ]
    payment = PaymentRequest.objects.get(source=claim.source)
    assert (payment.amount, payment.idempotency_key, payment.ledger.unit_id) == (
        Decimal("7000.00"),
        f"assistance.relief:{claim.pk}",
        world.city.pk,
    )
    assert payment.payee_user_id == who.user_id
    # asking again (a double click, a retry) gives the same request
    again = services.relief_payment_request(actor=people.city, claim=claim)
    assert again.pk == payment.pk
    assert PaymentRequest.objects.filter(source=claim.source).count() == 1
    actions = list(ReliefEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve"]
    assert claim.trace_obj.results[0].value == "7000.00"


def test_incomplete_claim_is_refused_with_what_is_missing(world):
    who = kit.member(world)
    claim = services.relief_claim_create(actor=kit.u(who), member=who, diagnosis="肺癌")
    with pytest.raises(ValidationError) as error:
        services.relief_claim_submit(actor=kit.u(who), claim=claim)
    assert "至少一张医疗票据" in str(error.value)
    assert "医保结算单" in str(error.value)
    assert ReliefClaim.objects.get(pk=claim.pk).status == ReliefStatus.DRAFT


def test_same_invoice_twice_is_refused_and_freed_by_withdraw(world):
    who = kit.member(world)
    first = kit.draft(kit.u(who), who)
    services.relief_invoice_add(actor=kit.u(who), claim=first, invoice=kit.invoice("ZJ-001", "20000"))
    second = kit.draft(kit.u(who), who)
    with pytest.raises(ValidationError) as error:
        services.relief_invoice_add(actor=kit.u(who), claim=second, invoice=kit.invoice("zj-001", "20000"))
    assert error.value.error_dict["invoice_no"][0].code == "duplicate_invoice"
    services.relief_claim_withdraw(actor=kit.u(who), claim=first)
    assert not ReliefInvoice.objects.filter(claim=first, active=True).exists()
    services.relief_invoice_add(actor=kit.u(who), claim=second, invoice=kit.invoice("ZJ-001", "20000"))
    # another member may hold the same number (numbers are unique per person)
    other = kit.member(world)
    services.relief_invoice_add(
        actor=kit.u(other), claim=kit.draft(kit.u(other), other), invoice=kit.invoice("ZJ-001", "1")
    )


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("out_of_pocket", {"total": "100", "covered": "60", "out_of_pocket": "50"}),
        (
            "ends_on",
            {"ends_on": kit.today().replace(day=1) if kit.today().day > 1 else kit.today(), "starts_on": kit.today()},
        ),
        ("invoice_no", {"invoice_no": "票据=1"}),
    ],
)
def test_bad_invoices_are_refused(world, field, changes):
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who)
    values = vars(kit.invoice("OK1", "10")) | changes
    if field == "ends_on" and values["ends_on"] >= values["starts_on"]:
        pytest.skip("first day of the month: no earlier day this month")
    with pytest.raises(ValidationError):
        services.relief_invoice_add(actor=kit.u(who), claim=claim, invoice=services.InvoiceInput(**values))
    assert not ReliefInvoice.objects.filter(claim=claim).exists()


def test_yearly_cap_spans_the_persons_claims(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    first = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "80000"))
    second = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "40000"))
    assert second.amount == Decimal("7000.00")  # nothing approved yet when it was submitted
    first = kit.approve_all(people, first)
    assert first.amount == Decimal("20000.00")
    assert first.cap_reduction == Decimal("2000.00")
    second = kit.approve_all(people, second)
    assert second.amount == Decimal("0.00")  # the cap is used up this year
    assert second.cap_reduction == Decimal("7000.00")
    lines = {line.label: line.value for line in second.trace_obj.lines}
    assert lines["本年度已核定的大病救助"] == "20000.00"
    assert lines["本年度剩余额度"] == "0.00"
    assert not PaymentRequest.objects.filter(source=second.source).exists()


def test_rejection_frees_the_invoices_and_return_then_resubmit(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "30000"))
    case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
    case_act(
        actor=people.grassroots, case=case, action="return", comment="请补充出院小结", expected_version=case.version
    )
    claim = ReliefClaim.objects.get(pk=claim.pk)
    assert claim.status == ReliefStatus.RETURNED
    assert claim.review_comment == "请补充出院小结"
    services.relief_invoice_add(actor=kit.u(who), claim=claim, invoice=kit.invoice("ADD-9", "5000"))
    claim = services.relief_claim_resubmit(actor=kit.u(who), claim=claim, comment="已补充")
    assert claim.status == ReliefStatus.IN_REVIEW
    assert claim.amount == Decimal("5500.00")
    case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
    case_act(actor=people.grassroots, case=case, action="reject", comment="不符合条件", expected_version=case.version)
    claim = ReliefClaim.objects.get(pk=claim.pk)
    assert claim.status == ReliefStatus.REJECTED
    assert not ReliefInvoice.objects.filter(claim=claim, active=True).exists()


def test_clerk_files_on_behalf(world):
    people = kit.reviewers(world)
    who = kit.member(world, with_user=False)
    claim = kit.draft(people.clerk, who, "12000")
    assert claim.on_behalf is True
    assert claim.filed_by_id == people.clerk.pk
    claim = services.relief_claim_submit(actor=people.clerk, claim=claim)
    assert claim.status == ReliefStatus.IN_REVIEW


def test_left_member_may_not_claim(world):
    who = kit.member(world)
    who.status = "left"
    who.save()
    with pytest.raises(ValidationError):
        services.relief_claim_create(actor=kit.u(who), member=who, diagnosis="肺癌")


def test_reveal_returns_health_data_and_audits(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "30000"))
    health = services.relief_reveal(actor=people.grassroots, claim=claim)
    assert health.diagnosis == "急性白血病"
    assert health.hospitals[0][1] == "浙江大学医学院附属第一医院"
    event = AuditEvent.objects.filter(action="assistance.relief_reveal").latest("id")
    assert event.actor_id == people.grassroots.pk
    assert "急性白血病" not in str(event.data)
    assert "白血病" not in str(event.target_repr)
    assert "急性白血病" not in ReliefClaim.objects.get(pk=claim.pk).diagnosis_cipher


# --- authorization matrices ----------------------------------------------------------------------------------------


def test_create_on_behalf_matrix(world):
    who = kit.member(world, with_user=False)
    service_matrix(
        world,
        MANAGE_RELIEF,
        act=lambda actor, w: services.relief_claim_create(actor=actor, member=who, diagnosis="肺癌"),
        state=lambda w: ReliefClaim.objects.count(),
    )


def test_invoice_add_matrix(world):
    who = kit.member(world, with_user=False)
    clerk = world.staff("k", world.child, [MANAGE_RELIEF, "assistance.view_relief"])
    claim = services.relief_claim_create(actor=clerk, member=who, diagnosis="肺癌")
    service_matrix(
        world,
        MANAGE_RELIEF,
        act=lambda actor, w: services.relief_invoice_add(actor=actor, claim=claim, invoice=kit.invoice("M1", "10")),
        state=lambda w: ReliefInvoice.objects.count(),
    )


def test_submit_matrix(world):
    kit.reviewers(world)
    who = kit.member(world, with_user=False)
    clerk = world.staff("k", world.child, [MANAGE_RELIEF, "assistance.view_relief"])
    claim = kit.draft(clerk, who, "20000")
    service_matrix(
        world,
        MANAGE_RELIEF,
        act=lambda actor, w: services.relief_claim_submit(actor=actor, claim=claim),
        state=lambda w: ReliefClaim.objects.get(pk=claim.pk).status,
    )


def test_reveal_matrix(world):
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who, "20000")
    service_matrix(
        world,
        REVEAL_RELIEF_HEALTH,
        act=lambda actor, w: services.relief_reveal(actor=actor, claim=claim),
        state=lambda w: AuditEvent.objects.filter(action="assistance.relief_reveal").count(),
    )


def test_payment_request_matrix(world):
    """An approved claim whose payment could not be asked for at the approval (no books then)."""
    kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "20000"))
    ReliefClaim.objects.filter(pk=claim.pk).update(status=ReliefStatus.APPROVED, payer_unit=world.target)
    kit.open_books(world.target)
    claim = ReliefClaim.objects.get(pk=claim.pk)
    service_matrix(
        world,
        APPROVE_RELIEF,
        act=lambda actor, w: services.relief_payment_request(actor=actor, claim=claim),
        state=lambda w: PaymentRequest.objects.filter(source=claim.source).count(),
    )


def test_another_worker_cannot_touch_a_claim(world):
    who = kit.member(world)
    other = kit.member(world)
    claim = kit.draft(kit.u(who), who)
    from django.http import Http404

    with pytest.raises(Http404):
        services.relief_invoice_add(actor=kit.u(other), claim=claim, invoice=kit.invoice("X1", "1"))
    with pytest.raises(Http404):
        services.relief_claim_submit(actor=kit.u(other), claim=claim)
