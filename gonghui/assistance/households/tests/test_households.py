"""Household files: support with money only through the ledger and never twice for one period, caps by policy,
annual reviews opened by the job, leaving after the income stays above the line, files following a transfer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.applications.tests.factories import journey
from gonghui.assistance.households import services
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import (
    AnnualReview,
    FileEvent,
    FileStatus,
    HouseholdFile,
    ReviewStatus,
    SupportItem,
    SupportStatus,
)
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(world):
    j = journey(world)
    application = j.approved()
    books(world.child)
    return j, HouseholdFile.objects.get(application=application)


def test_money_goes_through_the_ledger_once(opened):
    j, file = opened
    item = services.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00")
    )
    services.support_pay(actor=j.clerk, item=item, bank_account="6222021202004567891")
    item.refresh_from_db()
    assert item.status == SupportStatus.PAYMENT_REQUESTED
    payment = PaymentRequest.objects.get(pk=int(item.payment_id or 0))
    assert payment.amount == Decimal("800.00")
    assert payment.source == f"assistance.support:{item.pk}"
    assert payment.idempotency_key == f"assistance.support:{file.pk}:living:2026-03:-"
    with pytest.raises(ValidationError):  # a second click
        services.support_pay(actor=j.clerk, item=item)
    assert PaymentRequest.objects.count() == 1
    with pytest.raises(ValidationError, match="不能重复"):
        services.support_plan(
            actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="500.00")
        )
    assert SupportItem.objects.count() == 1


def test_schooling_per_child_capped_by_policy(opened):
    j, file = opened
    child = file.application.people.get(relation="child")
    with pytest.raises(ValidationError, match="上限"):
        services.support_plan(
            actor=j.clerk,
            file=file,
            item=SupportInput(kind="schooling", period="2026", amount="3000.01", child=child),
        )
    services.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="schooling", period="2026", amount="3000.00", child=child)
    )
    with pytest.raises(ValidationError, match="子女"):
        services.support_plan(actor=j.clerk, file=file, item=SupportInput(kind="schooling", period="2027", amount="1"))


def test_goods_and_referral_are_delivered_not_paid(opened):
    j, file = opened
    goods = services.support_plan(
        actor=j.clerk,
        file=file,
        item=SupportInput(kind="festival", period="2026-spring", form="goods", description="米油一套"),
    )
    job = services.support_plan(
        actor=j.clerk,
        file=file,
        item=SupportInput(kind="job", period="2026-03", form="service", description="推荐至西湖物业保洁岗"),
    )
    with pytest.raises(ValidationError):
        services.support_pay(actor=j.clerk, item=goods)
    assert services.support_deliver_many(actor=j.clerk, items=[goods, job]) == 2
    assert set(SupportItem.objects.values_list("status", flat=True)) == {SupportStatus.DELIVERED}
    with pytest.raises(ValidationError, match="期间|按月|年份"):
        services.support_plan(actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026", amount="1"))


def test_annual_review_and_leaving(opened):
    j, file = opened
    HouseholdFile.objects.filter(pk=file.pk).update(opened_on=date(2025, 1, 15))
    today = timezone.localdate()
    assert services.reviews_open_due(today=today) == 1
    assert services.reviews_open_due(today=today) == 0  # once a year
    file.refresh_from_db()
    assert file.status == FileStatus.IN_REVIEW
    review = AnnualReview.objects.get(file=file)
    services.review_complete(
        actor=j.clerk,
        review=review,
        monthly_income="12000.00",
        monthly_costs="0.00",
        household_size=3,
        findings="爱人重新就业",
    )
    file.refresh_from_db()
    assert file.status == FileStatus.ACTIVE
    assert file.above_line_since == today
    review.refresh_from_db()
    assert review.status == ReviewStatus.DONE
    assert review.category == "none"
    with pytest.raises(ValidationError, match="6 个月"):
        services.file_close(actor=j.clerk, file=file, reason="income_above")
    HouseholdFile.objects.filter(pk=file.pk).update(above_line_since=today - timedelta(days=190))
    services.file_close(actor=j.clerk, file=file, reason="income_above", note="收入稳定")
    file.refresh_from_db()
    assert file.status == FileStatus.CLOSED
    assert file.leave_reason == "income_above"
    with pytest.raises(ValidationError, match="已退出"):
        services.support_plan(actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-04", amount="1"))


def test_file_follows_the_member_on_transfer(opened, world):
    from gonghui.members.transfers.services import transfer_accept, transfer_release, transfer_request
    from gonghui.orgs.models import OrgUnit, UnitKind

    j, file = opened
    other = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=world.target.pk),
        instance=OrgUnit(name="矩阵另一基层工会", kind=UnitKind.GRASSROOTS, region_code="330106"),
    )
    from gonghui.assistance.applications.tests.factories import staff
    from gonghui.members.permissions import TRANSFER_MEMBER, VIEW_MEMBER

    mover = staff(world.target, perms=(TRANSFER_MEMBER, VIEW_MEMBER))
    transfer = transfer_request(actor=mover, member=j.member, to_unit=other, reason="调动")
    transfer_release(actor=mover, transfer=transfer)
    transfer_accept(actor=mover, transfer=transfer)
    file.refresh_from_db()
    assert file.unit == other
    assert FileEvent.objects.filter(file=file, action="move").exists()
