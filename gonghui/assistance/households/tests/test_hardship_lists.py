"""The console lists of hardship assistance keep a fixed number of queries as the data grows (3 rows vs 30), and
the statistics add money up in the database to the same figures as a sum over every row."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.assistance.households.selectors import hardship_stats
from gonghui.assistance.models import (
    AnnualReview,
    FileStatus,
    HardshipApplication,
    HardshipStatus,
    HouseholdFile,
    HouseholdMember,
    SupportItem,
    SupportStatus,
)
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.authz.testing import login
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.finance.tests.factories import books
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

CATEGORIES = ("deep", "relative", "accident")
CAUSES = ("illness", "disability", "schooling", "unemployment")
KINDS = ("living", "medical", "schooling", "festival")


def _grow(world, n: int, start: int) -> None:
    """``n`` more households at ``world.child`` in every state the lists show: an application submitted (the visit
    queue) and one approved with its file, a paid money item, a planned one and an open annual review."""
    clerk = User.objects.filter(username="grow-clerk").first() or User.objects.create_user(
        username="grow-clerk", name="建档员"
    )
    for i in range(start, start + n):
        member = MemberFactory.create(unit=world.child, name=f"职工{i}")
        HardshipApplication.objects.create(
            member=member,
            unit=world.child,
            created_by=clerk,
            cause=CAUSES[i % len(CAUSES)],
            status=HardshipStatus.SUBMITTED,
            category=CATEGORIES[i % 3],
        )
        other = MemberFactory.create(unit=world.child, name=f"建档职工{i}")
        approved = HardshipApplication.objects.create(
            member=other,
            unit=world.child,
            created_by=clerk,
            cause=CAUSES[i % len(CAUSES)],
            status=HardshipStatus.APPROVED,
            category=CATEGORIES[i % 3],
        )
        child = HouseholdMember.objects.create(application=approved, name=f"子女{i}", relation="child")
        file = HouseholdFile.objects.create(
            file_no=f"KN-T{i:05d}",
            member=other,
            unit=world.child,
            application=approved,
            category=CATEGORIES[i % 3],
            cause=CAUSES[i % len(CAUSES)],
            status=FileStatus.IN_REVIEW if i % 2 else FileStatus.ACTIVE,
            opened_on=date(2025, 1, 1) + timedelta(days=i),
        )
        SupportItem.objects.create(
            file=file,
            kind="schooling",
            period="2026",
            child=child,
            beneficiary_key=str(child.pk),
            amount=Decimal("1000.00"),
            planned_by=clerk,
        )
        SupportItem.objects.create(
            file=file,
            kind="festival",
            form="goods",
            period="2026-spring",
            description="米油一套",
            planned_by=clerk,
        )
        AnnualReview.objects.create(file=file, year=2026, opened_on=date(2026, 1, 5), due_on=date(2026, 2, 5))


LISTS = (
    "assistance:hardship_list",
    "assistance:hardship_visits",
    "assistance:file_list",
    "assistance:support_list",
    "assistance:review_list",
    "assistance:hardship_stats",
)


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(world, name):
    staff = world.actor("same_with", VIEW_HARDSHIP)
    client = login(Client(), staff)
    url = reverse(name)
    counts, sizes = [], []
    for n, start in ((3, 0), (27, 3)):
        _grow(world, n, start)
        client.get(url)  # warm the per-request caches (session, permissions) the same way for both sizes
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        sizes.append(response.content.count(b"<tr") + response.content.count(b"<li><a"))
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries with 3 rows, {counts[1]} with 30"
    if name != "assistance:hardship_stats":
        assert sizes[1] > sizes[0], f"{name}: the list did not show the added rows"


def _paid(items: list[SupportItem], approver: User, cashier: User) -> None:
    """Finance approves every request and pays two of every three (the third waits for the cashier)."""
    from gonghui.finance.payments.services import payment_approve, payment_record

    for n, item in enumerate(items):
        payment = payment_approve(actor=approver, payment=PaymentRequest.objects.get(pk=int(item.payment_id or 0)))
        if n % 3:
            payment_record(actor=cashier, payment=payment, paid_on=date(2026, 4, 1))


def test_statistics_equal_a_sum_over_every_row(world):
    from gonghui.assistance.applications.tests.factories import journey
    from gonghui.assistance.households import services
    from gonghui.assistance.households.services import SupportInput

    _ledger, cashier, approver = books(world.child)
    j = journey(world)
    file = HouseholdFile.objects.get(application=j.approved())
    child = file.application.people.get(relation="child")
    plans = [
        SupportInput(kind="living", period="2026-01", amount="800.00"),
        SupportInput(kind="living", period="2026-02", amount="812.34"),
        SupportInput(kind="medical", period="2026-02", amount="1500.01"),
        SupportInput(kind="schooling", period="2026", amount="3000.00", child=child),
        SupportInput(kind="festival", period="2026-spring", amount="500.00"),
        SupportInput(kind="living", period="2025-12", amount="700.00"),
    ]
    items = [services.support_plan(actor=j.clerk, file=file, item=p) for p in plans]
    services.support_plan(actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="9.99"))
    items = [services.support_pay(actor=j.clerk, item=i) for i in items]
    _paid(items, approver, cashier)

    stats = hardship_stats(actor=j.county)
    want_kind: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0"), Decimal("0")])
    want_period: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0"), Decimal("0")])
    for item in SupportItem.objects.filter(payment_id__isnull=False):
        payment = PaymentRequest.objects.get(pk=int(item.payment_id or 0))
        paid = payment.amount if payment.status == PaymentStatus.PAID else Decimal("0")
        for bucket, key in ((want_kind, item.get_kind_display()), (want_period, item.period[:7])):
            bucket[key][0] += item.amount or 0
            bucket[key][1] += paid
    assert {label: [r, p] for label, r, p in stats.money_by_kind if r or p} == dict(want_kind)
    assert [(p, r, paid) for p, r, paid in stats.money_by_period] == sorted((k, *v) for k, v in want_period.items())
    assert stats.requested_total == Decimal("7312.35")  # the planned-only 9.99 is not counted
    assert stats.paid_total == sum((v[1] for v in want_kind.values()), Decimal("0"))
    assert stats.files_open == 1
    assert dict(stats.files_by_category)[file.get_category_display()] == 1

    yearly = hardship_stats(actor=j.county, year=2025)
    assert yearly.requested_total == Decimal("700.00")
    assert [p for p, _r, _p in yearly.money_by_period] == ["2025-12"]
    sibling = world.actor("sibling", VIEW_HARDSHIP)
    assert hardship_stats(actor=sibling).requested_total == Decimal("0")
    assert SupportItem.objects.filter(status=SupportStatus.PLANNED).count() == 1
