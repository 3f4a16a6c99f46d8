"""The hardship application from draft to the household file, through the real services and the review kernel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.applications import services
from gonghui.assistance.applications.tests.factories import household, image_upload, journey
from gonghui.assistance.models import (
    ApplicationEvent,
    HardshipApplication,
    HardshipCategory,
    HardshipStatus,
    HouseholdFile,
    HouseholdMember,
)
from gonghui.audit.models import AuditEvent
from gonghui.review.models import CaseStatus

pytestmark = pytest.mark.django_db


def test_draft_stores_the_household_encrypted(world):
    j = journey(world)
    application = j.draft()
    assert application.status == HardshipStatus.DRAFT
    people = list(HouseholdMember.objects.filter(application=application))
    assert len(people) == 3
    me = people[0]
    assert me.id_masked.startswith("330")
    assert "*" in me.id_masked
    assert "慢性肾病" not in me.health_cipher
    assert me.health_cipher
    assert me.id_bidx
    assert me.id_cipher
    assert me.id_masked[-4:] in household().people[0].id_number


def test_submit_decides_with_a_trace(world):
    j = journey(world)
    application = j.submitted()  # (1800 - 600) / 3 people = 400 < 1240
    assert application.status == HardshipStatus.SUBMITTED
    assert application.category == HardshipCategory.DEEP
    assert application.per_capita == Decimal("400.00")
    labels = [line.label for line in application.trace_obj.lines]
    assert "最低生活保障标准（低保）" in labels
    assert "认定结果" in labels
    assert application.trace_obj.results[0].value == "深度困难"


def test_visit_gates_the_review(world):
    j = journey(world)
    application = j.submitted()
    with pytest.raises(ValidationError):
        services.application_send(actor=j.clerk, application=application)
    with pytest.raises(ValidationError, match="两名"):
        services.visit_record(
            actor=j.clerk,
            application=application,
            visited_on=timezone.localdate(),
            partner=j.clerk,
            findings="x",
            income_confirmed=True,
            signed_record=image_upload(),
        )
    application.refresh_from_db()
    assert application.status == HardshipStatus.SUBMITTED


def test_whole_journey_opens_the_file(world):
    j = journey(world)
    application = j.approved()
    assert application.status == HardshipStatus.APPROVED
    assert application.review_case is not None
    assert application.review_case.status == CaseStatus.APPROVED
    file = HouseholdFile.objects.get(application=application)
    assert file.category == HardshipCategory.DEEP
    assert file.unit == world.child
    actions = list(ApplicationEvent.objects.filter(application=application).values_list("action", flat=True))
    assert actions == ["create", "submit", "visit", "send", "approve"]
    assert AuditEvent.objects.filter(action="assistance.file_open").count() == 1


def test_not_eligible_is_not_sent(world):
    j = journey(world)
    application = j.visited(income="20000.00", costs="")
    with pytest.raises(ValidationError, match="不符合"):
        services.application_send(actor=j.clerk, application=application)
    services.application_decline(actor=j.clerk, application=application, reason="收入高于标准")
    application.refresh_from_db()
    assert application.status == HardshipStatus.REJECTED


def test_one_open_application_per_member(world):
    j = journey(world)
    j.draft()
    with pytest.raises(ValidationError, match="已有"):
        j.draft()
    assert HardshipApplication.objects.count() == 1


def test_bad_input_is_refused_with_nothing_written(world):
    j = journey(world)
    bad = household()
    bad_people = [*bad.people[:1], services.PersonInput(name="李四", relation="self")]
    with pytest.raises(ValidationError, match="本人"):
        services.application_create(
            actor=j.clerk, member=j.member, household=services.Household(cause="illness", people=bad_people)
        )
    with pytest.raises(ValidationError, match="身份证号"):
        services.application_create(
            actor=j.clerk,
            member=j.member,
            household=services.Household(
                cause="illness", people=[services.PersonInput(name="王兰芳", relation="self", id_number="12345")]
            ),
        )
    with pytest.raises(ValidationError, match="负数"):
        services.application_create(
            actor=j.clerk,
            member=j.member,
            household=services.Household(
                cause="illness",
                people=[services.PersonInput(name="王兰芳", relation="self")],
                incomes=[services.IncomeInput(source="wage", amount="-1")],
            ),
        )
    assert HardshipApplication.objects.count() == 0
    assert HouseholdMember.objects.count() == 0


def test_return_and_resubmit(world):
    j = journey(world)
    application = services.application_send(actor=j.clerk, application=j.visited())
    case = application.review_case
    from gonghui.review.services import case_act

    case_act(actor=j.reviewer, case=case, action="return", comment="请补充医疗票据", expected_version=case.version)
    application.refresh_from_db()
    assert application.status == HardshipStatus.RETURNED
    assert application.review_comment == "请补充医疗票据"
    user = application.member.user
    services.application_update(actor=user, application=application, household=household(costs="700.00"))
    application = services.application_resubmit(actor=j.clerk, application=application)
    assert application.status == HardshipStatus.IN_REVIEW
    assert application.per_capita == Decimal("366.67")
