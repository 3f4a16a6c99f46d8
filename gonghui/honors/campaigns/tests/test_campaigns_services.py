"""Campaign services: the authorization matrix of each, quotas (allot, hand back, used by nominations), the
eligibility rules, the whole way from nomination to award through the review kernel (unit publicity with an
objection, level-by-level review, final publicity), an upheld objection, withdrawal, and the benefits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books
from gonghui.honors.campaigns import services
from gonghui.honors.campaigns.tests import kit
from gonghui.honors.models import (
    Benefit,
    BenefitKind,
    BenefitStatus,
    Campaign,
    CampaignQuota,
    CampaignStatus,
    Honoree,
    HonorTitle,
    Nomination,
    NominationStatus,
)
from gonghui.honors.permissions import (
    MANAGE_BENEFITS,
    MANAGE_CAMPAIGNS,
    NOMINATE,
    VIEW_CAMPAIGNS,
    VIEW_HONOREES,
)
from gonghui.honors.register.tests import kit as register_kit
from gonghui.review.models import CaseStatus, Objection, ReviewCase
from gonghui.review.services import case_act, objection_raise, objection_resolve, publicity_close

pytestmark = pytest.mark.django_db


def _code(error: ValidationError) -> str | None:
    if getattr(error, "code", None):
        return error.code
    return next(e.code for errors in error.error_dict.values() for e in errors)


def _quota(pk: int) -> tuple[int, int, int]:
    q = CampaignQuota.objects.get(pk=pk)
    return q.places, q.allotted, q.used


def test_campaign_create_matrix_reads_the_craftsman_rule(world):
    service_matrix(
        world,
        MANAGE_CAMPAIGNS,
        lambda actor, w: services.campaign_create(
            actor=actor, unit=w.target, data=kit.data(title=HonorTitle.CRAFTSMAN)
        ),
        view_perm=VIEW_CAMPAIGNS,
        state=lambda w: Campaign.objects.count(),
    )
    made = services.campaign_create(
        actor=kit.province_clerk(world), unit=world.province, data=kit.data(title=HonorTitle.CRAFTSMAN, places=4)
    )
    assert made.min_years_in_trade == 10
    assert made.rule_trace["craftsman_min_years"]["value"] == 10
    root = CampaignQuota.objects.get(campaign=made)
    assert (root.unit_id, root.places, root.parent_id) == (world.province.pk, 4, None)
    with pytest.raises(ValidationError) as error:
        services.campaign_create(actor=kit.province_clerk(world), unit=world.province, data=kit.data(title="craftsman"))
    assert _code(error.value) == "duplicate"
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=kit.province_clerk(world), unit=world.province, data=kit.data(places=0, title="advanced")
        )
    with pytest.raises(ValidationError):
        services.campaign_create(actor=kit.province_clerk(world), unit=world.child, data=kit.data(title="advanced"))


def test_quota_allot_and_hand_back_matrix(world):
    campaign, quota = kit.campaign(world, to_target=3)
    service_matrix(
        world,
        MANAGE_CAMPAIGNS,
        lambda actor, w: services.quota_allot(actor=actor, source=quota, unit=w.child, places=2),
        view_perm=VIEW_CAMPAIGNS,
        state=lambda w: _quota(quota.pk),
    )
    child = services.quota_allot(actor=kit.target_clerk(world), source=quota, unit=world.child, places=2)
    assert _quota(quota.pk) == (3, 2, 0)
    with pytest.raises(ValidationError) as error:
        services.quota_allot(actor=kit.target_clerk(world), source=quota, unit=world.child, places=2)
    assert _code(error.value) == "over_allot"
    service_matrix(
        world,
        MANAGE_CAMPAIGNS,
        lambda actor, w: services.quota_hand_back(actor=actor, quota=child, places=1),
        view_perm=VIEW_CAMPAIGNS,
        state=lambda w: _quota(child.pk),
    )
    services.quota_hand_back(actor=kit.target_clerk(world), quota=child, places=1)
    assert _quota(child.pk) == (1, 0, 0)
    assert _quota(quota.pk) == (3, 1, 0)
    root = CampaignQuota.objects.get(campaign=campaign, parent=None)
    with pytest.raises(ValidationError):
        services.quota_hand_back(actor=kit.province_clerk(world), quota=root, places=1)
    # The province cannot skip the target: the child's places come from the target's quota.
    with pytest.raises(ValidationError) as error:
        services.quota_allot(actor=kit.province_clerk(world), source=root, unit=world.child, places=1)
    assert _code(error.value) == "parent"


def test_nominate_matrix_quota_and_duplicates(world):
    _campaign, quota = kit.campaign(world, to_target=2)
    who = kit.member(world)
    service_matrix(
        world,
        NOMINATE,
        lambda actor, w: services.nomination_create(
            actor=actor, quota=quota, member=who, deeds="事迹", years_in_trade=3
        ),
        view_perm=VIEW_CAMPAIGNS,
        state=lambda w: (Nomination.objects.count(), _quota(quota.pk)),
    )
    first = kit.nomination(world, quota, member=who)
    assert first.status == NominationStatus.DRAFT
    assert _quota(quota.pk) == (2, 0, 1)
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota, member=who)
    assert _code(error.value) == "duplicate"
    kit.nomination(world, quota)
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota)
    assert _code(error.value) == "quota"
    assert Nomination.objects.filter(campaign=quota.campaign).count() == 2
    # Withdrawing a draft frees its place; the member may be nominated again.
    services.nomination_withdraw(actor=kit.target_clerk(world), nomination=first, reason="人选调整")
    assert _quota(quota.pk) == (2, 0, 1)
    again = kit.nomination(world, quota, member=who)
    assert again.pk != first.pk


def test_eligibility_rules(world):
    _campaign, quota = kit.campaign(world, title=HonorTitle.CRAFTSMAN)
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota, years_in_trade=9)
    assert _code(error.value) == "years"
    kit.nomination(world, quota, years_in_trade=10)
    outsider = kit.member(world, unit=world.sibling)
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota, member=outsider)
    assert _code(error.value) == "subtree"
    holder = kit.member(world)
    register_kit.factories.honoree(holder, title=HonorTitle.CRAFTSMAN, level="provincial", year=2019)
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota, member=holder)
    assert _code(error.value) == "holder"


def test_nominations_outside_the_window_are_refused(world):
    today = timezone.localdate()
    _campaign, quota = kit.campaign(
        world, nominate_from=today + timedelta(days=1), nominate_until=today + timedelta(days=20)
    )
    with pytest.raises(ValidationError) as error:
        kit.nomination(world, quota)
    assert _code(error.value) == "window"


def test_submit_matrix_and_double_submit(world):
    _campaign, quota = kit.campaign(world)
    draft = kit.nomination(world, quota)
    service_matrix(
        world,
        NOMINATE,
        lambda actor, w: services.nomination_submit(actor=actor, nomination=draft),
        view_perm=VIEW_CAMPAIGNS,
        state=lambda w: Nomination.objects.get(pk=draft.pk).status,
    )
    done = services.nomination_submit(actor=kit.target_clerk(world), nomination=draft)
    assert done.status == NominationStatus.IN_REVIEW
    case = ReviewCase.objects.get(pk=done.review_case_id or 0)
    assert case.status == CaseStatus.IN_PUBLICITY
    assert case.current_unit_id == world.target.pk
    with pytest.raises(ValidationError):
        services.nomination_submit(actor=kit.target_clerk(world), nomination=draft)
    assert ReviewCase.objects.filter(subject_id=str(draft.pk)).count() == 1


def _end_publicity(case: ReviewCase, actor) -> ReviewCase:
    ReviewCase.objects.filter(pk=case.pk).update(publicity_ends_on=timezone.localdate())
    case.refresh_from_db()
    return publicity_close(actor=actor, case=case, expected_version=case.version)


def _approve(case: ReviewCase, actor) -> ReviewCase:
    case.refresh_from_db()
    return case_act(actor=actor, case=case, action="approve", comment="同意", expected_version=case.version)


def test_the_whole_way_to_the_award_writes_the_register(world):
    campaign, quota = kit.campaign(world)
    worker = kit.member(world, with_user=True)
    nomination = kit.submitted(world, quota, member=worker)
    case = ReviewCase.objects.get(pk=nomination.review_case_id or 0)
    # Unit publicity: a colleague objects; the objection is recorded, decided (dismissed) and the publicity ends.
    objection = objection_raise(
        actor=worker.user, case=case, contact_name="李四", contact_phone="13900001111", content="事迹有夸大"
    )
    assert Objection.objects.filter(case=case).count() == 1
    target_reviewer = kit.reviewer(world, world.target)
    with pytest.raises(ValidationError):
        _end_publicity(case, target_reviewer)  # an objection is still open
    objection_resolve(actor=target_reviewer, objection=objection, upheld=False, resolution="经核实，事迹属实")
    case = _end_publicity(case, target_reviewer)
    assert case.status == CaseStatus.IN_REVIEW
    assert case.current_unit_id == world.target.pk
    case = _approve(case, target_reviewer)
    assert case.current_unit_id == world.city.pk
    case = _approve(case, kit.reviewer(world, world.city))
    province_reviewer = kit.reviewer(world, world.province)
    case = _approve(case, province_reviewer)
    assert case.status == CaseStatus.IN_PUBLICITY
    assert case.current_unit_id == world.province.pk
    with pytest.raises(ValidationError) as error:
        services.campaign_award(actor=kit.province_clerk(world), campaign=campaign)
    assert _code(error.value) == "pending"
    case = _end_publicity(case, province_reviewer)
    assert case.status == CaseStatus.APPROVED
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
    service_matrix(
        world,
        MANAGE_CAMPAIGNS,
        lambda actor, w: services.campaign_award(actor=actor, campaign=campaign),
        view_perm=VIEW_CAMPAIGNS,
        allowed=("ancestor",),
        strict_kind=False,  # the campaign is the province's: the target's staff are refused as outsiders
        state=lambda w: Honoree.objects.count(),
    )
    assert services.campaign_award(actor=kit.province_clerk(world), campaign=campaign) == 1
    nomination.refresh_from_db()
    honoree = Honoree.objects.get(pk=nomination.honoree_id or 0)
    assert (honoree.member_id, honoree.title, honoree.level, honoree.year) == (
        worker.pk,
        campaign.title,
        campaign.level,
        campaign.year,
    )
    assert honoree.certificate_no == "ZJLM0001"
    assert nomination.status == NominationStatus.AWARDED
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.AWARDED
    with pytest.raises(ValidationError):
        services.campaign_award(actor=kit.province_clerk(world), campaign=campaign)
    assert Honoree.objects.filter(member=worker).count() == 1


def test_an_upheld_objection_rejects_and_frees_the_place(world):
    _campaign, quota = kit.campaign(world, to_target=1)
    nomination = kit.submitted(world, quota)
    case = ReviewCase.objects.get(pk=nomination.review_case_id or 0)
    objection = objection_raise(
        actor=None, case=case, contact_name="张三", contact_phone="13900002222", content="有违纪"
    )
    reviewer = kit.reviewer(world, world.target)
    objection_resolve(actor=reviewer, objection=objection, upheld=True, resolution="经核实，曾受处分")
    case = _end_publicity(case, reviewer)
    assert case.status == CaseStatus.REJECTED
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.REJECTED
    assert "曾受处分" in nomination.decision_note
    assert _quota(quota.pk) == (1, 0, 0)
    kit.nomination(world, quota)  # the place is free again


def test_returned_nomination_is_edited_and_resubmitted(world):
    _campaign, quota = kit.campaign(world)
    nomination = kit.submitted(world, quota)
    case = ReviewCase.objects.get(pk=nomination.review_case_id or 0)
    reviewer = kit.reviewer(world, world.target)
    case = _end_publicity(case, reviewer)
    case = case_act(actor=reviewer, case=case, action="return", comment="补充材料", expected_version=case.version)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETURNED
    clerk = kit.target_clerk(world)
    services.nomination_update(actor=clerk, nomination=nomination, deeds="补充后的事迹", years_in_trade=15)
    again = services.nomination_submit(actor=clerk, nomination=nomination)
    assert again.status == NominationStatus.IN_REVIEW
    assert ReviewCase.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW


def test_withdrawing_a_submitted_nomination_frees_the_place(world):
    _campaign, quota = kit.campaign(world, to_target=1)
    nomination = kit.submitted(world, quota)
    service_matrix(
        world,
        NOMINATE,
        lambda actor, w: services.nomination_withdraw(actor=actor, nomination=nomination),
        view_perm=VIEW_CAMPAIGNS,
        allowed=(),
        state=lambda w: Nomination.objects.get(pk=nomination.pk).status,
        strict_kind=False,
    )
    # Only whoever submitted it withdraws it from review (the review kernel's rule).
    withdrawn = services.nomination_withdraw(
        actor=ReviewCase.objects.get(pk=nomination.review_case_id or 0).submitted_by, nomination=nomination
    )
    assert withdrawn.status == NominationStatus.WITHDRAWN
    assert _quota(quota.pk) == (1, 0, 0)


# --- benefits -----------------------------------------------------------------------------------------------------


def test_plan_year_matrix_and_idempotent(world):
    first = register_kit.title(world)
    register_kit.factories.honoree(first.member, title=HonorTitle.CRAFTSMAN, level="national", year=2015)
    register_kit.title(world)
    year = timezone.localdate().year
    service_matrix(
        world,
        MANAGE_BENEFITS,
        lambda actor, w: services.benefit_plan_year(actor=actor, unit=w.target, year=year),
        view_perm=VIEW_HONOREES,
        state=lambda w: Benefit.objects.count(),
    )
    clerk = world.actor("same_with", MANAGE_BENEFITS)
    assert services.benefit_plan_year(actor=clerk, unit=world.target, year=year) == 6  # two people, three items
    assert services.benefit_plan_year(actor=clerk, unit=world.target, year=year) == 0
    # One set per person, on their highest title.
    assert set(Benefit.objects.filter(honoree__member=first.member).values_list("honoree__level", flat=True)) == {
        "national"
    }


def test_allowance_cap_done_and_idempotent_payment(world):
    honoree = register_kit.title(world)
    year = timezone.localdate().year
    clerk = world.actor("same_with", MANAGE_BENEFITS)
    with pytest.raises(ValidationError) as error:
        services.benefit_allowance_add(actor=clerk, honoree=honoree, year=year, amount="5000.01", note="重病")
    assert _code(error.value) == "cap"
    service_matrix(
        world,
        MANAGE_BENEFITS,
        lambda actor, w: services.benefit_allowance_add(
            actor=actor, honoree=honoree, year=year, amount="3000", note="重病"
        ),
        view_perm=VIEW_HONOREES,
        state=lambda w: Benefit.objects.count(),
    )
    allowance = services.benefit_allowance_add(actor=clerk, honoree=honoree, year=year, amount="3000", note="重病")
    assert allowance.amount == Decimal("3000.00")
    assert allowance.amount_rule["value"] == "5000.00"
    with pytest.raises(ValidationError):
        services.benefit_done(actor=clerk, benefit=allowance)
    with pytest.raises(ValidationError) as error:
        services.benefit_pay(actor=clerk, benefit=allowance)
    assert _code(error.value) == "no_books"
    books(world.target)
    service_matrix(
        world,
        MANAGE_BENEFITS,
        lambda actor, w: services.benefit_pay(actor=actor, benefit=allowance),
        view_perm=VIEW_HONOREES,
        state=lambda w: PaymentRequest.objects.count(),
    )
    payment = services.benefit_pay(actor=clerk, benefit=allowance)
    again = services.benefit_pay(actor=clerk, benefit=allowance)
    assert payment.pk == again.pk
    assert PaymentRequest.objects.filter(source=allowance.source).count() == 1
    assert payment.amount == Decimal("3000.00")
    allowance.refresh_from_db()
    assert allowance.status == BenefitStatus.DONE
    assert allowance.payment_key == allowance.source
    assert AuditEvent.objects.filter(action="honors.benefit_pay").count() == 1


def test_benefit_done_and_cancel_matrix(world):
    honoree = register_kit.title(world)
    clerk = world.actor("same_with", MANAGE_BENEFITS)
    services.benefit_plan_year(actor=clerk, unit=world.target, year=timezone.localdate().year)
    visit = Benefit.objects.get(honoree=honoree, kind=BenefitKind.VISIT)
    checkup = Benefit.objects.get(honoree=honoree, kind=BenefitKind.CHECKUP)
    service_matrix(
        world,
        MANAGE_BENEFITS,
        lambda actor, w: services.benefit_done(actor=actor, benefit=visit, note="春节走访"),
        view_perm=VIEW_HONOREES,
        state=lambda w: Benefit.objects.get(pk=visit.pk).status,
    )
    services.benefit_done(actor=clerk, benefit=visit, note="春节走访")
    with pytest.raises(ValidationError):
        services.benefit_done(actor=clerk, benefit=visit)
    with pytest.raises(ValidationError):
        services.benefit_cancel(actor=clerk, benefit=checkup, reason="")
    services.benefit_cancel(actor=clerk, benefit=checkup, reason="本人已在单位体检")
    assert Benefit.objects.get(pk=checkup.pk).status == BenefitStatus.CANCELLED
