"""Innovation studio services: the journey from application through the review kernel to naming and the grant paid
once through the ledger, returned and rejected applications, the yearly evaluation (a failure revokes), revocation,
results and 名师带徒 pairs, the grant's year rule against a reference model, and the authorization matrix of every
service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.models import PaymentRequest
from gonghui.honors.models import (
    ApprenticeProgress,
    Apprenticeship,
    ApprenticeshipStatus,
    Studio,
    StudioEvaluation,
    StudioGrant,
    StudioResult,
    StudioStatus,
)
from gonghui.honors.permissions import APPROVE_STUDIOS, MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.honors.studios import services
from gonghui.honors.studios.selectors import studio_case
from gonghui.honors.studios.tests import kit
from gonghui.honors.tests import factories
from gonghui.policy.services import policy_seed
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db

DATA = services.StudioInput(name="王劳模数控创新工作室", field="数控加工", description="精密零件加工攻关", grade="city")


def _act(user, studio, action="approve", comment=""):
    case = studio_case(studio)
    assert case is not None
    return case_act(actor=user, case=case, action=action, comment=comment, expected_version=case.version)


def test_apply_review_name_and_grant_paid_once(world):
    people = kit.people(world)
    leader = kit.leader(world)
    studio = services.studio_apply(actor=people.clerk, leader=leader, data=DATA)
    assert studio.status == StudioStatus.IN_REVIEW
    case = studio_case(studio)
    assert case is not None
    assert case.process.code == services.CITY_PROCESS
    _act(people.grassroots, studio)
    _act(people.city, studio, comment="同意命名")
    studio.refresh_from_db()
    year = timezone.localdate().year
    assert (studio.status, studio.named_by_id, studio.named_on) == (
        StudioStatus.NAMED,
        world.city.pk,
        timezone.localdate(),
    )
    grant = StudioGrant.objects.get(studio=studio, year=year)
    payment = PaymentRequest.objects.get(idempotency_key=f"honors.studio_grant:{studio.pk}:city:{year}")
    assert grant.payment_id == payment.pk
    assert (payment.amount, payment.ledger.unit_id) == (Decimal("30000.00"), world.city.pk)
    # Asking again (a double click, a retry) gives the same grant and payment.
    again = services.studio_grant_request(actor=people.city, studio=studio, year=year)
    assert again.pk == grant.pk
    assert PaymentRequest.objects.filter(source__startswith=f"honors.studio_grant:{studio.pk}:").count() == 1
    actions = list(studio.events.values_list("action", flat=True))
    assert actions == ["apply", "approve"]
    assert AuditEvent.objects.filter(action="honors.studio_grant").count() == 1
    # One open or named studio per leader.
    with pytest.raises(ValidationError) as duplicate:
        services.studio_apply(actor=people.clerk, leader=leader, data=DATA)
    assert duplicate.value.code == "duplicate"


def test_provincial_grade_goes_to_the_province_and_takes_its_amount(world):
    people = kit.people(world)
    policy_seed(
        actor=world.actor("ancestor", "policy.manage_policy"),
        key="honors.studio_grant_provincial",
        unit=world.province,
        value="60000.00",
        effective_from=date(2020, 1, 1),
        note="省总工会文件",
    )
    studio = services.studio_apply(
        actor=people.clerk,
        leader=kit.leader(world),
        data=services.StudioInput(name="省级工作室", field="焊接", description="焊接工艺攻关", grade="provincial"),
    )
    _act(people.grassroots, studio)
    _act(people.city, studio)
    studio.refresh_from_db()
    assert studio.status == StudioStatus.IN_REVIEW  # the province still to decide
    _act(people.province, studio)
    studio.refresh_from_db()
    assert (studio.status, studio.named_by_id) == (StudioStatus.NAMED, world.province.pk)
    grant = StudioGrant.objects.select_related("payment").get(studio=studio)
    assert grant.payment.amount == Decimal("60000.00")
    assert grant.policy_record_id is not None  # the decision keeps the policy version it used


def test_returned_then_resubmitted_and_rejected(world):
    people = kit.people(world)
    studio = services.studio_apply(actor=people.clerk, leader=kit.leader(world), data=DATA)
    _act(people.grassroots, studio, action="return", comment="请补充创新方向")
    studio.refresh_from_db()
    assert (studio.status, studio.review_comment) == (StudioStatus.RETURNED, "请补充创新方向")
    with pytest.raises(ValidationError):
        services.studio_resubmit(
            actor=people.clerk, studio=studio, data=services.StudioInput(**{**DATA.__dict__, "grade": "provincial"})
        )
    changed = services.StudioInput(**{**DATA.__dict__, "description": "精密零件加工与智能制造攻关"})
    studio = services.studio_resubmit(actor=people.clerk, studio=studio, data=changed, comment="已补充")
    assert studio.status == StudioStatus.IN_REVIEW
    _act(people.grassroots, studio)
    _act(people.city, studio, action="reject", comment="创新成果不足")
    studio.refresh_from_db()
    assert studio.status == StudioStatus.REJECTED
    assert not StudioGrant.objects.filter(studio=studio).exists()
    # A rejected studio frees its leader for a new application.
    assert services.studio_apply(actor=people.clerk, leader=studio.leader, data=DATA).status == StudioStatus.IN_REVIEW


def test_leader_must_hold_a_current_title(world):
    people = kit.people(world)
    revoked = kit.leader(world, revoked_on=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.studio_apply(actor=people.clerk, leader=revoked, data=DATA)
    assert "leader" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.studio_apply(
            actor=people.clerk,
            leader=kit.leader(world),
            data=services.StudioInput(name="", field="x", description="y", grade="city"),
        )
    assert not Studio.objects.exists()


def test_evaluation_pass_opens_next_year_and_fail_revokes(world):
    kit.open_books(world.target)
    year = timezone.localdate().year
    studio = kit.studio(world, named_on=date(year - 2, 3, 1))
    approver = world.actor("same_with", APPROVE_STUDIOS)
    with pytest.raises(ValidationError) as missing:
        services.studio_grant_request(actor=approver, studio=studio, year=year - 1)
    assert "考核合格" in missing.value.message_dict["year"][0]
    services.studio_evaluate(actor=approver, studio=studio, year=year - 2, result="pass")
    grant = services.studio_grant_request(actor=approver, studio=studio, year=year - 1)
    assert grant.payment.amount == Decimal("30000.00")
    with pytest.raises(ValidationError) as twice:
        services.studio_evaluate(actor=approver, studio=studio, year=year - 2, result="pass")
    assert "已考核" in twice.value.message_dict["year"][0]
    with pytest.raises(ValidationError):
        services.studio_evaluate(actor=approver, studio=studio, year=year + 1, result="pass")
    with pytest.raises(ValidationError):  # a failure needs its reason
        services.studio_evaluate(actor=approver, studio=studio, year=year - 1, result="fail")
    services.studio_evaluate(actor=approver, studio=studio, year=year - 1, result="fail", comment="无新成果")
    studio.refresh_from_db()
    assert studio.status == StudioStatus.REVOKED
    assert "无新成果" in studio.revoke_reason
    with pytest.raises(ValidationError):
        services.studio_grant_request(actor=approver, studio=studio, year=year)


def test_revoke_needs_a_reason_and_a_named_studio(world):
    studio = kit.studio(world)
    approver = world.actor("same_with", APPROVE_STUDIOS)
    with pytest.raises(ValidationError):
        services.studio_revoke(actor=approver, studio=studio, reason=" ")
    services.studio_revoke(actor=approver, studio=studio, reason="领衔人调离")
    studio.refresh_from_db()
    assert (studio.status, studio.revoke_reason) == (StudioStatus.REVOKED, "领衔人调离")
    with pytest.raises(ValidationError):
        services.studio_revoke(actor=approver, studio=studio, reason="再次")


def test_results_and_pairs_with_progress(world):
    studio = kit.studio(world)
    clerk = world.actor("same_with", MANAGE_STUDIOS)
    year = timezone.localdate().year
    services.studio_result_add(
        actor=clerk,
        studio=studio,
        data=services.ResultInput(kind="patent", title="一种夹具", year=year, patent_no="ZL202310000001"),
    )
    services.studio_result_add(
        actor=clerk,
        studio=studio,
        data=services.ResultInput(kind="saving", title="刀具寿命提升", year=year, savings="125000.50"),
    )
    with pytest.raises(ValidationError):  # a patent needs its number
        services.studio_result_add(
            actor=clerk, studio=studio, data=services.ResultInput(kind="patent", title="x", year=year)
        )
    with pytest.raises(ValidationError):
        services.studio_result_add(
            actor=clerk, studio=studio, data=services.ResultInput(kind="saving", title="x", year=year, savings="-1")
        )
    assert StudioResult.objects.filter(studio=studio).count() == 2
    apprentice = factories.member(world.child)
    pair = services.apprenticeship_add(
        actor=clerk, studio=studio, mentor=studio.leader.member, apprentice=apprentice, goal="独立完成五轴编程"
    )
    with pytest.raises(ValidationError):
        services.apprenticeship_add(
            actor=clerk, studio=studio, mentor=studio.leader.member, apprentice=apprentice, goal="再来一次"
        )
    with pytest.raises(ValidationError):
        services.apprenticeship_add(
            actor=clerk, studio=studio, mentor=apprentice, apprentice=apprentice, goal="自己带自己"
        )
    outsider = factories.member(world.sibling)
    with pytest.raises(ValidationError):
        services.apprenticeship_add(
            actor=clerk, studio=studio, mentor=studio.leader.member, apprentice=outsider, goal="x"
        )
    services.apprenticeship_progress(actor=clerk, pair=pair, note="完成基础编程", percent=40)
    with pytest.raises(ValidationError):
        services.apprenticeship_progress(actor=clerk, pair=pair, note="x", percent=140)
    services.apprenticeship_progress(actor=clerk, pair=pair, note="通过考核出师", percent=100)
    pair.refresh_from_db()
    assert pair.status == ApprenticeshipStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.apprenticeship_progress(actor=clerk, pair=pair, note="x", percent=50)
    assert ApprenticeProgress.objects.filter(apprenticeship=pair).count() == 2
    # Not on a studio that is not named.
    waiting = kit.studio(world, status=StudioStatus.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.studio_result_add(
            actor=clerk, studio=waiting, data=services.ResultInput(kind="other", title="x", year=year)
        )


@given(
    named=st.integers(2015, 2026),
    year=st.integers(2013, 2028),
    passed=st.sets(st.integers(2013, 2028), max_size=8),
)
def test_grant_year_rule_matches_the_reference(named, year, passed):
    this_year = 2026

    def reference() -> str:
        # domain: a grant for the naming year, then one a year for each year whose year before passed evaluation.
        if year < named or year > this_year:
            return "year"
        if year == named:
            return ""
        return "" if (year - 1) in passed else "evaluation"

    assert services.grant_refusal(named_year=named, year=year, this_year=this_year, passed=passed) == reference()


# --- the authorization matrix ------------------------------------------------------------------------------------


def test_apply_matrix(world):
    leader = kit.leader(world)
    service_matrix(
        world,
        MANAGE_STUDIOS,
        lambda actor, w: services.studio_apply(actor=actor, leader=leader, data=DATA),
        view_perm=VIEW_STUDIOS,
        state=lambda w: (Studio.objects.count(), ReviewCase.objects.count()),
    )


def test_evaluate_grant_revoke_matrix(world):
    kit.open_books(world.target)
    year = timezone.localdate().year
    studio = kit.studio(world, named_on=date(year - 1, 5, 1))
    StudioEvaluation.objects.create(studio=studio, year=year - 1, result="pass", evaluated_by=factories.recorder())
    state = lambda w: (  # noqa: E731
        Studio.objects.get(pk=studio.pk).status,
        StudioEvaluation.objects.count(),
        StudioGrant.objects.count(),
        PaymentRequest.objects.count(),
    )
    service_matrix(
        world,
        APPROVE_STUDIOS,
        lambda actor, w: services.studio_evaluate(actor=actor, studio=studio, year=year, result="fail", comment="差"),
        view_perm=VIEW_STUDIOS,
        state=state,
    )
    service_matrix(
        world,
        APPROVE_STUDIOS,
        lambda actor, w: services.studio_grant_request(actor=actor, studio=studio, year=year),
        view_perm=VIEW_STUDIOS,
        state=state,
    )
    service_matrix(
        world,
        APPROVE_STUDIOS,
        lambda actor, w: services.studio_revoke(actor=actor, studio=studio, reason="撤销"),
        view_perm=VIEW_STUDIOS,
        state=state,
    )


def test_results_and_pairs_matrix(world):
    studio = kit.studio(world)
    year = timezone.localdate().year
    service_matrix(
        world,
        MANAGE_STUDIOS,
        lambda actor, w: services.studio_result_add(
            actor=actor, studio=studio, data=services.ResultInput(kind="other", title="工法", year=year)
        ),
        view_perm=VIEW_STUDIOS,
        state=lambda w: StudioResult.objects.count(),
    )
    apprentice = factories.member(world.child)
    service_matrix(
        world,
        MANAGE_STUDIOS,
        lambda actor, w: services.apprenticeship_add(
            actor=actor, studio=studio, mentor=studio.leader.member, apprentice=apprentice, goal="出师"
        ),
        view_perm=VIEW_STUDIOS,
        state=lambda w: Apprenticeship.objects.count(),
    )
    pair = Apprenticeship.objects.create(
        studio=studio,
        mentor=studio.leader.member,
        apprentice=apprentice,
        goal="出师",
        started_on=timezone.localdate(),
        created_by=factories.recorder(),
    )
    service_matrix(
        world,
        MANAGE_STUDIOS,
        lambda actor, w: services.apprenticeship_progress(actor=actor, pair=pair, note="进展", percent=10),
        view_perm=VIEW_STUDIOS,
        state=lambda w: ApprenticeProgress.objects.count(),
    )
