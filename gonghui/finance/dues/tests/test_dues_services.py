"""Dues: rounding by policy, single/import/payroll recording, one voucher per batch, separation of duties, the
inactivity flag reading the dues record, and the authorization matrix of each service."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.authz.testing import service_matrix
from gonghui.finance.dues.services import (
    dues_for,
    dues_import,
    dues_payroll_batch,
    dues_receipt_cancel,
    dues_receipt_confirm,
    dues_record,
    dues_wage_set,
    parse_months,
)
from gonghui.finance.models import DuesPayment, DuesReceipt, Entry, ReceiptStatus, Voucher
from gonghui.finance.permissions import MANAGE_DUES, VIEW_DUES
from gonghui.finance.tests.allocation_kit import confirm_dues, employer, open_books
from gonghui.members.models import Member
from gonghui.members.roster.services import members_flag_inactive
from gonghui.members.tests.factories import MemberFactory, id_number_of

pytestmark = pytest.mark.django_db


def id_number(member: Member) -> str:
    return id_number_of(member)


D = Decimal


@pytest.mark.parametrize(
    ("wage", "rounding", "expected"),
    [
        ("4321.00", "jiao_half_up", "21.60"),  # 21.605 → 21.6
        ("4330.00", "jiao_half_up", "21.70"),  # 21.65 → 21.7 (half up at the jiao)
        ("4309.99", "jiao_half_up", "21.50"),  # 21.54995 → 21.5
        ("4309.99", "fen_half_up", "21.55"),  # 21.54995 → 21.55
        ("4301.00", "jiao_up", "21.60"),  # 21.505 → 21.6 (any remainder goes up)
        ("4300.00", "jiao_up", "21.50"),  # 21.5 exactly stays
        ("4301.00", "yuan_half_up", "22.00"),  # 21.505 → 22
        ("0.00", "jiao_half_up", "0.00"),
    ],
)
def test_dues_rounding(wage, rounding, expected):
    assert dues_for(D(wage), D("0.005"), rounding) == D(expected)


def test_parse_months():
    assert parse_months("2026-01") == [date(2026, 1, 1)]
    assert parse_months("2025年12月~2026年2月") == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert parse_months("2026-01，2026-03") == [date(2026, 1, 1), date(2026, 3, 1)]
    for bad in ("2026-13", "2026-03至2026-01", "明年"):
        with pytest.raises(ValidationError):
            parse_months(bad)


def _clerks(world):
    return world.actor("same_with", MANAGE_DUES), world.actor("ancestor", MANAGE_DUES)


def test_record_computes_from_wage_and_one_voucher_posts_on_confirm(world):
    (ledger,) = open_books(world.child)
    clerk, confirmer = _clerks(world)
    member = MemberFactory.create(unit=world.child)
    dues_wage_set(actor=clerk, member=member, wage="4321.00", declared_on=date(2026, 1, 1))
    receipt = dues_record(
        actor=clerk, member=member, months=[date(2026, 1, 1), date(2026, 2, 1)], received_on=date(2026, 3, 2)
    )
    assert receipt.total == D("43.20")  # 2 × 21.60
    with pytest.raises(ValidationError, match="已交纳"):
        dues_record(actor=clerk, member=member, months=[date(2026, 2, 1)], received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError, match="登记人"):
        dues_receipt_confirm(actor=clerk, receipt=receipt)
    dues_receipt_confirm(actor=confirmer, receipt=receipt)
    entries = {
        (e.account.code, e.debit, e.credit) for e in Entry.objects.filter(ledger=ledger).select_related("account")
    }
    assert entries == {("1002", D("43.20"), D("0")), ("4001", D("0"), D("43.20"))}
    assert DuesPayment.objects.filter(member=member, posted=True).count() == 2


def test_payroll_batch_is_one_voucher_and_skips_paid_and_undeclared(world):
    open_books(world.child)
    clerk, confirmer = _clerks(world)
    emp = employer(world.child)
    members = [MemberFactory.create(unit=world.child, employer=emp) for _ in range(4)]
    for m, wage in zip(members[:3], ("5000.00", "6010.00", "3999.00"), strict=True):
        dues_wage_set(actor=clerk, member=m, wage=wage, declared_on=date(2026, 1, 1))
    dues_record(actor=clerk, member=members[0], months=[date(2026, 4, 1)], received_on=date(2026, 4, 5))
    result = dues_payroll_batch(actor=clerk, employer=emp, month=date(2026, 4, 1), received_on=date(2026, 4, 30))
    # members[1]: 6,010 × 0.5% = 30.05 → 30.1; members[2]: 3,999 × 0.5% = 19.995 → 20.0 → total 50.10
    assert (result.paid, result.skipped_paid, result.skipped_no_wage) == (2, 1, 1)
    (receipt,) = result.receipts
    assert receipt.total == D("50.10")
    confirm_dues(world, receipt)
    assert Voucher.objects.filter(source=f"finance.duesreceipt:{receipt.pk}").count() == 1


def _csv(text: str, name: str = "dues.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("gb18030"), content_type="text/csv")


def test_import_all_or_nothing_with_row_numbered_errors(world):
    open_books(world.child)
    clerk, _ = _clerks(world)
    a = MemberFactory.create(unit=world.child)
    b = MemberFactory.create(unit=world.child)
    outsider = MemberFactory.create(unit=world.sibling)
    body = (
        "会员编号,证件号后六位,姓名,月份,金额\n"
        f"{a.member_no},,,2026-01~2026-03,90.00\n"
        f",{id_number(b)[-6:]},{b.name},2026-01,20.50\n"
        f"{outsider.member_no},,,2026-01,10.00\n"
        f"{a.member_no},,,2026-03,30.00\n"
        f"{b.member_no},,,2026-02,10.01~\n"
        f"{b.member_no},,,2026-02~2026-04,10.00\n"
    )
    outcome = dues_import(actor=clerk, unit=world.child, upload=_csv(body), received_on=date(2026, 4, 1))
    rows = [row for row, _msg in outcome.errors]
    assert rows == [4, 5, 6, 7]
    messages = dict(outcome.errors)
    assert "没有会员编号" in messages[4]
    assert "第 2 行" in messages[5]
    assert "不能平均分到" in messages[7]
    assert not DuesReceipt.objects.exists()
    good = (
        "会员编号,证件号后六位,姓名,月份,金额\n"
        f"{a.member_no},,,2026-01~2026-03,90.00\n"
        f",{id_number(b)[-6:]},{b.name},2026-01,20.50\n"
    )
    outcome = dues_import(actor=clerk, unit=world.child, upload=_csv(good), received_on=date(2026, 4, 1))
    assert outcome.errors == []
    (receipt,) = outcome.receipts
    assert (receipt.count, receipt.total) == (4, D("110.50"))


def test_cancel_frees_the_months(world):
    open_books(world.child)
    clerk, _ = _clerks(world)
    member = MemberFactory.create(unit=world.child)
    receipt = dues_record(
        actor=clerk, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="20.00"
    )
    dues_receipt_cancel(actor=clerk, receipt=receipt, reason="录错")
    assert DuesReceipt.objects.get(pk=receipt.pk).status == ReceiptStatus.CANCELLED
    dues_record(actor=clerk, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="20.00")


def test_inactivity_flag_reads_confirmed_dues(world):
    open_books(world.child)
    clerk, _ = _clerks(world)
    on = dt.date.today() + dt.timedelta(days=400)
    payer = MemberFactory.create(unit=world.child, joined_on=date(2020, 1, 1))
    pending = MemberFactory.create(unit=world.child, joined_on=date(2020, 1, 1))
    quiet = MemberFactory.create(unit=world.child, joined_on=date(2020, 1, 1))
    today = dt.date.today()
    receipt = dues_record(actor=clerk, member=payer, months=[today.replace(day=1)], received_on=today, amount="20.00")
    confirm_dues(world, receipt)
    dues_record(actor=clerk, member=pending, months=[today.replace(day=1)], received_on=today, amount="20.00")
    # Paid "today", which is inside the 6-month period before ``on`` only if on - 6 months < today: use a date
    # 5 months ahead instead so the payment counts but the rows' own updated_at (now) does not protect them.
    on = today + dt.timedelta(days=150)
    Member.objects.filter(pk__in=[payer.pk, pending.pk, quiet.pk]).update(
        updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert members_flag_inactive(on=on) == 2
    assert Member.objects.get(pk=payer.pk).inactive_flagged_on is None
    assert Member.objects.get(pk=pending.pk).inactive_flagged_on == on  # recorded but not confirmed: not yet paid
    assert Member.objects.get(pk=quiet.pk).inactive_flagged_on == on


def test_dues_record_matrix(world):
    open_books(world.child)
    member = MemberFactory.create(unit=world.child)
    service_matrix(
        world,
        MANAGE_DUES,
        act=lambda actor, w: dues_record(
            actor=actor, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="10.00"
        ),
        state=lambda w: DuesPayment.objects.count(),
        view_perm=VIEW_DUES,
    )


def test_dues_wage_and_payroll_and_import_matrix(world):
    open_books(world.child)
    emp = employer(world.child)
    member = MemberFactory.create(unit=world.child, employer=emp)
    service_matrix(
        world,
        MANAGE_DUES,
        act=lambda actor, w: dues_wage_set(actor=actor, member=member, wage="5000.00", declared_on=date(2026, 1, 1)),
        view_perm=VIEW_DUES,
    )
    dues_wage_set(
        actor=world.actor("same_with", MANAGE_DUES), member=member, wage="5000.00", declared_on=date(2026, 1, 1)
    )
    service_matrix(
        world,
        MANAGE_DUES,
        act=lambda actor, w: dues_payroll_batch(
            actor=actor, employer=emp, month=date(2026, 3, 1), received_on=date(2026, 3, 31)
        ),
        state=lambda w: DuesPayment.objects.count(),
        view_perm=VIEW_DUES,
    )
    service_matrix(
        world,
        MANAGE_DUES,
        act=lambda actor, w: dues_import(
            actor=actor,
            unit=w.child,
            received_on=date(2026, 3, 31),
            upload=_csv(f"会员编号,月份,金额\n{member.member_no},2026-03,25.00\n"),
        ),
        state=lambda w: DuesPayment.objects.count(),
        view_perm=VIEW_DUES,
    )


def test_dues_confirm_matrix(world):
    open_books(world.child)
    member = MemberFactory.create(unit=world.child)
    recorder = world.staff("rec", world.city, [MANAGE_DUES, VIEW_DUES])
    receipt = dues_record(
        actor=recorder, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="10.00"
    )
    service_matrix(
        world,
        MANAGE_DUES,
        act=lambda actor, w: dues_receipt_confirm(actor=actor, receipt=receipt),
        state=lambda w: (DuesReceipt.objects.get(pk=receipt.pk).status, Voucher.objects.count()),
        view_perm=VIEW_DUES,
    )


def test_payroll_batch_queries_do_not_grow_with_members(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_books(world.child)
    clerk, _ = _clerks(world)
    counts = []
    for size, month in ((3, date(2026, 5, 1)), (12, date(2026, 6, 1))):
        emp = employer(world.child)
        for _ in range(size):
            m = MemberFactory.create(unit=world.child, employer=emp)
            dues_wage_set(actor=clerk, member=m, wage="5000.00", declared_on=date(2026, 1, 1))
        with CaptureQueriesContext(connection) as ctx:
            dues_payroll_batch(actor=clerk, employer=emp, month=month, received_on=month.replace(day=28))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
