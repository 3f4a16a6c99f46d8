"""Legal aid services: the request (portal and 12351), eligibility with its trace, the decision, the lawyer from the
roster, progress and the arbitration limit, closure, the worker's rating, fees through finance; personal data; the
authorization matrix."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.models import FileStatus, HardshipApplication, HardshipStatus, HouseholdFile
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.common import crypto
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.finance.tests.factories import books
from gonghui.legal_aid.cases import eligibility, services
from gonghui.legal_aid.cases.tests import kit
from gonghui.legal_aid.models import CaseEvent, CaseStage, CaseStatus, Channel, DisputeKind, Lawyer, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.members.models import MemberStatus
from gonghui.members.tests.factories import MemberFactory, resident_id

pytestmark = pytest.mark.django_db


def test_case_from_request_to_rating(world):
    user, member = kit.worker(world.child)
    staff = kit.handler(world)
    case = kit.apply(user, today=date(2026, 11, 2))
    assert case.unit == world.child
    assert case.member == member
    assert case.channel == Channel.PORTAL
    assert case.number == f"FY2026{case.pk:06d}"
    assert case.eligible  # wages: open to every member by default
    assert case.decision_due_on == date(2026, 11, 11)  # 7 working days after Monday 2 November
    case = services.case_decide(actor=staff, case=case, accept=True, on=date(2026, 11, 4))
    assert case.status == CaseStatus.ACCEPTED
    assert case.assign_due_on == date(2026, 11, 9)  # 3 working days after Wednesday 4 November
    lawyer = kit.lawyer(world.target)  # the district's roster serves the grassroots union below it
    case = services.case_assign(actor=staff, case=case, lawyer=lawyer, on=date(2026, 11, 5))
    assert case.status == CaseStatus.ASSIGNED
    assert case.stage == CaseStage.CONSULTATION
    services.case_progress(actor=staff, case=case, stage=CaseStage.MEDIATION, note="调解未成")
    services.case_progress(
        actor=staff,
        case=case,
        stage=CaseStage.ARBITRATION,
        note="仲裁委受理",
        arbitration_accepted_on=date(2026, 11, 20),
    )
    case.refresh_from_db()
    assert case.arbitration_due_on == date(2027, 1, 4)  # 45 calendar days, holidays counted
    case = services.case_close(actor=staff, case=case, outcome="supported", amount_recovered="18600.00")
    assert case.status == CaseStatus.CLOSED
    assert case.amount_recovered == Decimal("18600.00")
    with pytest.raises(Http404):
        services.case_rate(actor=staff, case=case, rating="satisfied")  # only the worker rates
    case = services.case_rate(actor=user, case=case, rating="satisfied")
    with pytest.raises(ValidationError):
        services.case_rate(actor=user, case=case, rating="basic")  # once
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["apply", "accept", "assign", "progress", "progress", "close", "rate"]


def test_dispute_details_are_encrypted_and_the_id_number_never_stored_in_clear(world):
    staff = kit.handler(world)
    other = MemberFactory.create(unit=world.child, name="来电职工", id_number=resident_id(4242))
    number = resident_id(4242)
    case = services.case_record(
        actor=staff,
        unit=world.child,
        data=services.CaseInput(
            employer_name="某某建筑公司",
            dispute_kind="injury",
            facts="工地摔伤，单位不申报工伤",
            applicant_name="来电职工",
            applicant_phone="13900001111",
            id_number=number,
            channel=Channel.HOTLINE,
        ),
    )
    row = LegalAidCase.objects.get(pk=case.pk)
    assert row.member == other  # matched on the roster of the union's subtree
    assert number not in row.id_masked
    assert row.id_masked.endswith(number[-4:])
    assert "工地摔伤" not in row.facts_cipher
    assert services.facts_of(row) == "工地摔伤，单位不申报工伤"
    assert crypto.decrypt(row.id_cipher, associated=services.ID_AAD) == number
    assert not AuditEvent.objects.filter(data__icontains=number).exists()


def test_a_caller_not_on_the_roster_is_recorded_and_ineligible(world):
    staff = kit.handler(world)
    case = services.case_record(
        actor=staff,
        unit=world.child,
        data=services.CaseInput(
            employer_name="外卖平台", dispute_kind="wages", facts="欠薪", applicant_name="路人", channel=Channel.HOTLINE
        ),
    )
    assert case.member is None
    assert not case.eligible
    with pytest.raises(ValidationError) as error:
        services.case_decide(actor=staff, case=case, accept=True)
    assert error.value.code == "ineligible"
    case = services.case_decide(actor=staff, case=case, accept=False)  # the rule's reason is the default
    assert case.status == CaseStatus.REJECTED
    assert "会员" in case.decision_reason


def test_refusing_an_eligible_request_needs_a_reason(world):
    case = kit.case_at(world, "applied")
    staff = kit.handler(world)
    with pytest.raises(ValidationError):
        services.case_decide(actor=staff, case=case, accept=False)
    case = services.case_decide(actor=staff, case=case, accept=False, reason="已超过仲裁时效且无正当理由")
    assert case.status == CaseStatus.REJECTED


def _hardship_file(world, member) -> None:
    application = HardshipApplication.objects.create(
        member=member,
        unit=member.unit,
        created_by=kit.handler(world),
        cause="illness",
        status=HardshipStatus.APPROVED,
        category="deep",
    )
    HouseholdFile.objects.create(
        file_no=f"KN-LA{member.pk}",
        member=member,
        unit=member.unit,
        application=application,
        category="deep",
        cause="illness",
        status=FileStatus.ACTIVE,
        opened_on=date(2025, 1, 1),
    )


def test_a_member_in_hardship_qualifies_for_any_dispute(world):
    user, member = kit.worker(world.child)
    assert not kit.apply(user, kind="hours").eligible  # overtime is not open to every member by default
    _hardship_file(world, member)
    case = kit.apply(user, kind="hours")
    assert case.eligible
    lines = {line.label: line.value for line in case.trace_obj.lines}
    assert lines["困难职工档案户"] is True
    assert lines["是否符合法律援助条件"] is True


HOLDING = [MemberStatus.ACTIVE, MemberStatus.RETIRED]


@given(
    status=st.sampled_from(["", *MemberStatus.values]),
    hardship=st.booleans(),
    kind=st.sampled_from(DisputeKind.values),
    hardship_any=st.booleans(),
    open_kinds=st.lists(st.sampled_from(DisputeKind.values), unique=True),
)
def test_eligibility_rule_matches_the_reference(status, hardship, kind, hardship_any, open_kinds):
    """domain.md §11: members in hardship, and certain disputes. A member (active or retired) qualifies if their
    household has an open hardship file (when policy says hardship covers any dispute) or the dispute is of an open
    kind; a non-member never."""
    expected = status in HOLDING and ((hardship and hardship_any) or kind in open_kinds)
    got, reason = eligibility.decide(
        eligibility.Facts(member_status=status, in_hardship=hardship, dispute_kind=kind),
        hardship_any=hardship_any,
        open_kinds=open_kinds,
    )
    assert got is expected
    assert reason


def test_the_lawyer_comes_from_the_roster_of_the_union_or_above(world):
    case = kit.case_at(world, "accepted")
    staff = kit.handler(world)
    for wrong in (kit.lawyer(world.sibling), kit.lawyer(world.child, active=False)):
        with pytest.raises(ValidationError):
            services.case_assign(actor=staff, case=case, lawyer=wrong)
    first = kit.lawyer(world.province, name="省总律师")
    case = services.case_assign(actor=staff, case=case, lawyer=first)
    second = kit.lawyer(world.child, name="基层律师")
    case = services.case_assign(actor=staff, case=case, lawyer=second)  # reassigned: the first day stays
    assert case.lawyer == second
    assert case.assigned_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.case_assign(actor=staff, case=case, lawyer=second)


def test_arbitration_needs_the_day_the_commission_accepted_it(world):
    case = kit.case_at(world, "assigned")
    staff = kit.handler(world)
    with pytest.raises(ValidationError):
        services.case_progress(actor=staff, case=case, stage=CaseStage.ARBITRATION, note="已立案")
    assert LegalAidCase.objects.get(pk=case.pk).stage == CaseStage.CONSULTATION


def test_fees_go_to_finance_once_per_case_and_kind(world):
    books(world.target)  # the district keeps the books and pays the fees of the grassroots union below it
    case = kit.case_at(world, "assigned")
    with pytest.raises(ValidationError) as error:  # the grassroots clerk does not handle the district's money
        services.case_fee_request(actor=kit.handler(world), case=case, kind="agency", amount="3000.00")
    assert error.value.code == "payer"
    staff = kit.handler(world, world.target)
    one = services.case_fee_request(actor=staff, case=case, kind="agency", amount="3000.00")
    again = services.case_fee_request(actor=staff, case=case, kind="agency", amount="3000.00")
    other = services.case_fee_request(actor=staff, case=case, kind="expenses", amount="200.00")
    assert one.pk == again.pk != other.pk
    assert case.lawyer is not None
    assert one.payee_name == case.lawyer.firm
    assert one.source == case.source
    assert [p.pk for p in payments_for_source(source=case.source)] == [one.pk, other.pk]
    assert CaseEvent.objects.filter(case=case, action="fee").count() == 2


def test_fees_need_a_lawyer_and_books(world):
    case = kit.case_at(world, "accepted")
    staff = kit.handler(world)
    with pytest.raises(ValidationError):
        services.case_fee_request(actor=staff, case=case, kind="agency", amount="100")
    assigned = kit.case_at(world, "assigned")
    with pytest.raises(ValidationError) as error:
        services.case_fee_request(actor=staff, case=assigned, kind="agency", amount="100")
    assert error.value.code == "no_books"
    assert not PaymentRequest.objects.exists()


def test_withdraw_before_the_decision_only_by_the_worker(world):
    user, _member = kit.worker(world.child)
    case = kit.apply(user)
    with pytest.raises(Http404):
        services.case_withdraw(actor=kit.handler(world), case=case)
    assert services.case_withdraw(actor=user, case=case).status == CaseStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.case_withdraw(actor=user, case=case)


def test_a_non_member_cannot_ask_online(world):
    with pytest.raises(Http404):
        kit.apply(world.member)
    assert not LegalAidCase.objects.exists()


def test_bad_input_names_the_field(world):
    user, _member = kit.worker(world.child)
    for data, field in (
        (services.CaseInput(employer_name="", dispute_kind="wages", facts="x"), "employer_name"),
        (services.CaseInput(employer_name="A", dispute_kind="nope", facts="x"), "dispute_kind"),
        (services.CaseInput(employer_name="A", dispute_kind="wages", facts=" "), "facts"),
        (services.CaseInput(employer_name="A", dispute_kind="wages", facts="x", claim_amount="1.234"), "claim_amount"),
    ):
        with pytest.raises(ValidationError) as error:
            services.case_apply(actor=user, data=data)
        assert field in error.value.message_dict
    assert not LegalAidCase.objects.exists()


def test_lawyer_roster(world):
    staff = kit.handler(world)
    data = services.LawyerInput(name="李律师", firm="杭州律所", licence_no="13301201010000001", phone="13900000000")
    lawyer = services.lawyer_save(actor=staff, unit=world.child, data=data)
    with pytest.raises(ValidationError):
        services.lawyer_save(actor=staff, unit=world.child, data=data)  # the licence once per roster
    with pytest.raises(ValidationError):
        services.lawyer_save(
            actor=staff,
            unit=world.child,
            data=services.LawyerInput(name="王", firm="所", licence_no="123", phone="1"),
        )
    services.lawyer_save(
        actor=staff,
        unit=world.child,
        lawyer=lawyer,
        data=services.LawyerInput(
            name="李律师", firm="杭州律所", licence_no="13301201010000001", phone="139", active=False
        ),
    )
    assert Lawyer.objects.get(pk=lawyer.pk).active is False


# --- the authorization matrix ---------------------------------------------------------------------------------------


def _status(pk):
    return lambda w: LegalAidCase.objects.get(pk=pk).status


def test_decide_matrix(world):
    case = kit.case_at(world, "applied", unit=world.target)
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_decide(actor=actor, case=case, accept=True),
        state=_status(case.pk),
        view_perm=VIEW_CASES,
    )


def test_assign_progress_close_matrices(world):
    accepted = kit.case_at(world, "accepted", unit=world.target)
    lawyer = kit.lawyer(world.target)
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_assign(actor=actor, case=accepted, lawyer=lawyer),
        state=_status(accepted.pk),
        view_perm=VIEW_CASES,
    )
    assigned = kit.case_at(world, "assigned", unit=world.target)
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_progress(actor=actor, case=assigned, stage="mediation", note="调解"),
        state=lambda w: (LegalAidCase.objects.get(pk=assigned.pk).stage, assigned.progress.count()),
        view_perm=VIEW_CASES,
    )
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_close(actor=actor, case=assigned, outcome="settled", amount_recovered="1"),
        state=_status(assigned.pk),
        view_perm=VIEW_CASES,
    )


def test_record_and_roster_matrices(world):
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_record(
            actor=actor,
            unit=w.target,
            data=services.CaseInput(
                employer_name="A", dispute_kind="wages", facts="欠薪", applicant_name="来访人", channel="visit"
            ),
        ),
        state=lambda w: LegalAidCase.objects.count(),
        view_perm=VIEW_CASES,
    )
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.lawyer_save(
            actor=actor,
            unit=w.target,
            data=services.LawyerInput(name="赵律师", firm="所", licence_no="13301201010000009", phone="139"),
        ),
        state=lambda w: Lawyer.objects.count(),
        view_perm=VIEW_CASES,
    )


def test_fee_matrix(world):
    books(world.target)
    case = kit.case_at(world, "assigned", unit=world.target)
    service_matrix(
        world,
        HANDLE_CASES,
        act=lambda actor, w: services.case_fee_request(actor=actor, case=case, kind="agency", amount="100"),
        state=lambda w: PaymentRequest.objects.count(),
        view_perm=VIEW_CASES,
    )


def test_decided_late_is_audited_as_late(world):
    user, _member = kit.worker(world.child)
    case = kit.apply(user, today=timezone.localdate() - timedelta(days=30))
    services.case_decide(actor=kit.handler(world), case=case, accept=True)
    event = AuditEvent.objects.filter(action="legal_aid.case_decide").latest("pk")
    assert event.data["late"] is True
