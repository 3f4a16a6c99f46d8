"""Claims services: the checks (cover, waiting period, family cover, illness list, duplicates), the computation by
the version in force on the event date (and a later version never altering it), the yearly-cap holds, review
(confirm, adjust, return, reject), payment, appeal, reveal, and the authorization matrix of each service."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.tests import factories, kit
from gonghui.mutual_aid.models import (
    AppealStatus,
    BenefitKind,
    CapUsage,
    Claim,
    ClaimAppeal,
    ClaimInvoice,
    ClaimStatus,
    Relation,
)
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS, MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH, VIEW_MUTUAL_AID

pytestmark = pytest.mark.django_db


def used(claim: Claim) -> Decimal:
    row = CapUsage.objects.filter(cover_id=claim.cover_id, kind=claim.kind).first()
    return row.used if row else Decimal("0")


def test_file_compute_confirm_pay(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    # 30,000 invoiced: base 30,000, above the 1,000 deductible 29,000: 10,000 × 50% + 19,000 × 60% = 16,400.
    claim = kit.submitted(world, who, "30000")
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.computed == Decimal("16400.00")
    assert claim.version is not None
    assert claim.version.number == 1
    assert claim.trace["lines"][-1]["value"] == "16400.00"
    assert used(claim) == Decimal("16400.00")
    claim = services.claim_decide(actor=people.grassroots, claim=claim, decision="confirm")
    assert claim.status == ClaimStatus.APPROVED
    assert claim.amount == Decimal("16400.00")
    payment = PaymentRequest.objects.get(source=claim.source)
    assert payment.amount == Decimal("16400.00")
    assert Claim.objects.get(pk=claim.pk).payment_key == claim.source
    assert used(claim) == Decimal("16400.00")


def test_yearly_cap_across_claims_and_release_on_rejection(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    first = kit.submitted(world, who, "30000")  # 16,400
    second = kit.submitted(world, who, "30000")  # the per-event cap allows 16,400, the yearly cap 13,600 left
    assert second.computed == Decimal("13600.00")
    assert used(first) == Decimal("30000.00")
    third = kit.submitted(world, who, "5000")
    assert third.computed == Decimal("0.00")
    services.claim_decide(actor=people.grassroots, claim=second, decision="reject", comment="材料不实")
    assert used(first) == Decimal("16400.00")
    assert not ClaimInvoice.objects.filter(claim=second, active=True).exists()


def test_adjust_with_reason_never_above_the_caps(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "10000")  # above 9,000 × 50% = 4,500
    with pytest.raises(ValidationError):
        services.claim_decide(actor=people.grassroots, claim=claim, decision="adjust", amount="20000.01", comment="x")
    with pytest.raises(ValidationError):
        services.claim_decide(actor=people.grassroots, claim=claim, decision="adjust", amount="100", comment="")
    claim = services.claim_decide(
        actor=people.grassroots, claim=claim, decision="adjust", amount="4000", comment="部分自费药品应除外"
    )
    assert claim.status == ClaimStatus.APPROVED
    assert claim.amount == Decimal("4000.00")
    assert claim.adjust_reason == "部分自费药品应除外"
    assert used(claim) == Decimal("4000.00")


def test_same_invoice_twice_refused_whoever_claims(world):
    kit.reviewers(world)
    one, other = kit.member(world), kit.member(world)
    first = kit.draft(kit.u(one), one)
    services.invoice_add(actor=kit.u(one), claim=first, invoice=kit.invoice("DUP-1", "1000"))
    second = kit.draft(kit.u(other), other)
    with pytest.raises(ValidationError) as info:
        services.invoice_add(actor=kit.u(other), claim=second, invoice=kit.invoice("dup-1", "1000"))
    assert "已被申请过" in str(info.value)
    services.claim_withdraw(actor=kit.u(one), claim=first)
    services.invoice_add(actor=kit.u(other), claim=second, invoice=kit.invoice("DUP-1", "1000"))


def test_checks_cover_waiting_family_illness(world):
    kit.reviewers(world)
    uncovered = kit.member(world, covered=False)
    with pytest.raises(ValidationError) as info:
        services.claim_create(actor=kit.u(uncovered), member=uncovered, data=kit.claim_input())
    assert "不在该会员的互助保障期内" in str(info.value)
    newcomer = kit.member(world, covered=False)
    plan = kit.the_plan(world)
    start = kit.event_day() - timedelta(days=30)
    factories.enrol(world.child, plan, [newcomer], covered_from=start, first_time=True)
    with pytest.raises(ValidationError) as info:
        services.claim_create(actor=kit.u(newcomer), member=newcomer, data=kit.claim_input())
    assert "等待期" in str(info.value)
    who = kit.member(world)
    with pytest.raises(ValidationError) as info:
        services.claim_create(
            actor=kit.u(who), member=who, data=kit.claim_input(kind=BenefitKind.CRITICAL, illness_code="X99")
        )
    assert "保障病种" in str(info.value)
    services.claim_create(
        actor=kit.u(who), member=who, data=kit.claim_input(kind=BenefitKind.CRITICAL, illness_code="C01")
    )
    with pytest.raises(ValidationError):
        services.claim_create(
            actor=kit.u(who), member=who, data=kit.claim_input(relation=Relation.SPOUSE, patient_name="")
        )
    family = services.claim_create(
        actor=kit.u(who), member=who, data=kit.claim_input(relation=Relation.SPOUSE, patient_name="张三")
    )
    assert family.patient_name_cipher
    assert "张三" not in family.patient_name_cipher
    plan.family_cover = False
    plan.save()
    with pytest.raises(ValidationError) as info:
        services.claim_create(
            actor=kit.u(who), member=who, data=kit.claim_input(relation=Relation.SPOUSE, patient_name="张三")
        )
    assert "不保障家属" in str(info.value)


def test_a_new_version_never_alters_a_past_claim(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "30000")
    services.claim_decide(actor=people.grassroots, claim=claim, decision="confirm")
    before = Claim.objects.get(pk=claim.pk)
    plan = kit.the_plan(world)
    rules = dict(factories.HOSPITAL_RULE, deductible=Decimal("5000.00"))
    factories.version(plan, number=2, effective_from=plan.starts_on, rules={BenefitKind.HOSPITAL: rules})
    after = Claim.objects.get(pk=claim.pk)
    assert (after.amount, after.computed, after.trace, after.version_id) == (
        before.amount,
        before.computed,
        before.trace,
        before.version_id,
    )
    # A new claim is computed by the new version (in force on its event date).
    fresh = kit.submitted(world, kit.member(world), "30000")
    assert fresh.version is not None
    assert fresh.version.number == 2
    assert fresh.computed == Decimal("14000.00")  # above 25,000: 10,000 × 50% + 15,000 × 60%


def test_return_resubmit_recomputes_and_withdraw_releases(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "10000")
    claim = services.claim_decide(actor=people.grassroots, claim=claim, decision="return", comment="请补充费用清单")
    assert claim.status == ClaimStatus.RETURNED
    services.invoice_add(actor=kit.u(who), claim=claim, invoice=kit.invoice("RESUB-1", "2000"))
    claim = services.claim_resubmit(actor=kit.u(who), claim=claim)
    assert claim.computed == Decimal("5600.00")  # 12,000 − 1,000: 10,000 × 50% + 1,000 × 60%
    assert used(claim) == Decimal("5600.00")
    claim = services.claim_withdraw(actor=kit.u(who), claim=claim)
    assert claim.status == ClaimStatus.WITHDRAWN
    assert used(claim) == Decimal("0.00")


def test_appeal_once_within_the_period_by_the_level_above(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "10000")
    claim = services.claim_decide(
        actor=people.grassroots, claim=claim, decision="adjust", amount="3000", comment="除外"
    )
    appeal = services.claim_appeal(actor=kit.u(who), claim=claim, reason="除外项目认定有误")
    assert appeal.reviewer_unit == world.target
    with pytest.raises(ValidationError):
        services.claim_appeal(actor=kit.u(who), claim=claim, reason="再次申诉")
    # The deciding union may not decide the appeal of its own decision.
    with pytest.raises((PermissionDenied, Http404, ValidationError)):
        services.appeal_decide(
            actor=people.grassroots, appeal=appeal, outcome=AppealStatus.CHANGED, new_amount="4500", decision="改"
        )
    with pytest.raises(ValidationError):
        services.appeal_decide(
            actor=people.district, appeal=appeal, outcome=AppealStatus.CHANGED, new_amount="20000.01", decision="改"
        )
    appeal = services.appeal_decide(
        actor=people.district, appeal=appeal, outcome=AppealStatus.CHANGED, new_amount="4500", decision="按规则给付"
    )
    claim = Claim.objects.get(pk=claim.pk)
    assert appeal.status == AppealStatus.CHANGED
    assert claim.amount == Decimal("4500.00")
    amounts = sorted(p.amount for p in PaymentRequest.objects.filter(source=claim.source))
    assert amounts == [Decimal("1500.00"), Decimal("3000.00")]
    assert used(claim) == Decimal("4500.00")


def test_appeal_period_ends(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "10000")
    claim = services.claim_decide(actor=people.grassroots, claim=claim, decision="reject", comment="不符合")
    Claim.objects.filter(pk=claim.pk).update(decided_at=timezone.now() - timedelta(days=31))
    claim = Claim.objects.get(pk=claim.pk)
    assert not services.can_appeal(claim)
    with pytest.raises(ValidationError) as info:
        services.claim_appeal(actor=kit.u(who), claim=claim, reason="迟到的申诉")
    assert "申诉期限" in str(info.value)


def test_health_data_encrypted_and_reveal_audited(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.submitted(world, who, "10000")
    assert "阑尾炎" not in claim.illness_cipher
    before = AuditEvent.objects.filter(action="mutual_aid.claim_reveal").count()
    health = services.claim_reveal(actor=people.grassroots, claim=claim)
    assert health.illness == "急性阑尾炎"
    assert AuditEvent.objects.filter(action="mutual_aid.claim_reveal").count() == before + 1


# --- authorization matrices --------------------------------------------------------------------------------------


def _target_member(world):
    from gonghui.members.tests.factories import MemberFactory

    who = MemberFactory.create(unit=world.target, name="赵矩阵")
    plan = kit.the_plan(world)
    factories.enrol(world.target, plan, [who], covered_from=plan.starts_on, first_time=False)
    return who


def test_claim_create_matrix(world):
    who = _target_member(world)
    service_matrix(
        world,
        MANAGE_CLAIMS,
        act=lambda actor, w: services.claim_create(actor=actor, member=who, data=kit.claim_input()),
        state=lambda w: Claim.objects.count(),
        view_perm=VIEW_MUTUAL_AID,
    )


def _submitted_at_target(world):
    who = _target_member(world)
    clerk = world.staff("tk", world.target, kit.CLERK)
    claim = kit.draft(clerk, who, "10000")
    return services.claim_submit(actor=clerk, claim=claim)


def test_claim_decide_matrix(world):
    kit.open_books(world.city)
    claim = _submitted_at_target(world)
    service_matrix(
        world,
        DECIDE_CLAIMS,
        act=lambda actor, w: services.claim_decide(actor=actor, claim=claim, decision="confirm"),
        state=lambda w: Claim.objects.get(pk=claim.pk).status,
        view_perm=VIEW_MUTUAL_AID,
        strict_kind=False,
        also_without=["review.act_case"],
    )


def test_claim_reveal_matrix(world):
    claim = _submitted_at_target(world)
    service_matrix(
        world,
        REVEAL_CLAIM_HEALTH,
        act=lambda actor, w: services.claim_reveal(actor=actor, claim=claim),
        view_perm=VIEW_MUTUAL_AID,
    )


def test_invoice_add_and_submit_matrix(world):
    who = _target_member(world)
    clerk = world.staff("tk", world.target, kit.CLERK)
    claim = kit.draft(clerk, who)
    service_matrix(
        world,
        MANAGE_CLAIMS,
        act=lambda actor, w: services.invoice_add(actor=actor, claim=claim, invoice=kit.invoice("MX-1", "100")),
        state=lambda w: ClaimInvoice.objects.filter(claim=claim).count(),
        view_perm=VIEW_MUTUAL_AID,
    )
    services.invoice_add(actor=clerk, claim=claim, invoice=kit.invoice("MX-2", "100"))
    service_matrix(
        world,
        MANAGE_CLAIMS,
        act=lambda actor, w: services.claim_submit(actor=actor, claim=claim),
        state=lambda w: Claim.objects.get(pk=claim.pk).status,
        view_perm=VIEW_MUTUAL_AID,
        also_without=["review.view_case"],
        strict_kind=False,
    )


def test_payment_request_matrix(world):
    claim = _submitted_at_target(world)
    reviewer = world.staff("tr", world.target, kit.REVIEW)
    claim = services.claim_decide(actor=reviewer, claim=claim, decision="confirm")
    assert claim.status == ClaimStatus.APPROVED
    PaymentRequest.objects.filter(source=claim.source).delete()  # no books were open: ask again, as staff would
    Claim.objects.filter(pk=claim.pk).update(payment_key=None)
    kit.open_books(world.target)  # the deciding union's own books pay
    service_matrix(
        world,
        DECIDE_CLAIMS,
        act=lambda actor, w: services.claim_payment_request(actor=actor, claim=Claim.objects.get(pk=claim.pk)),
        state=lambda w: PaymentRequest.objects.filter(source=claim.source).count(),
        view_perm=VIEW_MUTUAL_AID,
    )


def test_appeal_matrices(world):
    claim = _submitted_at_target(world)
    reviewer = world.staff("tr", world.target, kit.REVIEW)
    claim = services.claim_decide(actor=reviewer, claim=claim, decision="reject", comment="不符合")
    service_matrix(
        world,
        MANAGE_CLAIMS,
        act=lambda actor, w: services.claim_appeal(actor=actor, claim=claim, reason="请复核"),
        state=lambda w: ClaimAppeal.objects.count(),
        view_perm=VIEW_MUTUAL_AID,
        also_without=["review.view_case"],
        strict_kind=False,
    )
    clerk = world.staff("ta", world.target, kit.CLERK)
    appeal = services.claim_appeal(actor=clerk, claim=claim, reason="请复核")
    assert appeal.reviewer_unit == world.city
    service_matrix(
        world,
        DECIDE_CLAIMS,
        act=lambda actor, w: services.appeal_decide(
            actor=actor, appeal=appeal, outcome=AppealStatus.UPHELD, decision="维持"
        ),
        state=lambda w: ClaimAppeal.objects.get(pk=appeal.pk).status,
        allowed=("ancestor",),  # the city decides: district staff (same_with) are below it
        strict_kind=False,
        also_without=["review.act_case"],
    )
