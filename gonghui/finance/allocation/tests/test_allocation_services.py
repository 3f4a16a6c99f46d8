"""Employer allocation: due dates across month ends and holidays, the late charge and the split between levels
against hand-computed figures, receipts with separation of duties, and the authorization matrix of each service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from gonghui.authz.testing import service_matrix
from gonghui.finance.allocation.services import (
    allocation_declare,
    allocation_receipt_cancel,
    allocation_receipt_confirm,
    allocation_receipt_record,
    due_date,
    late_charge,
    split_plan,
)
from gonghui.finance.models import (
    AllocationDeclaration,
    AllocationReceipt,
    AllocationShare,
    Entry,
    Ledger,
    ReceiptStatus,
    Voucher,
)
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.finance.tests.allocation_kit import clerks, declaration, employer, open_books, paid
from gonghui.policy.models import PolicyRecord
from gonghui.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
D = Decimal


def spring_festival_2026() -> None:
    # 2026 arrangement: 2-15 (Sun) to 2-23 (Mon) off; 2-14 (Sat) and 2-28 (Sat) are make-up working days.
    for day in range(15, 24):
        CalendarDay.objects.create(date=date(2026, 2, day), kind="holiday", name="春节")
    CalendarDay.objects.create(date=date(2026, 2, 14), kind="workday", name="春节调休")
    CalendarDay.objects.create(date=date(2026, 2, 28), kind="workday", name="春节调休")


def _policy(world, key, value, unit=None):
    PolicyRecord.objects.create(key=key, unit=unit or world.province, value=value, effective_from=date(2026, 1, 1))


# --------------------------------------------------------------------------------------------- due dates


def test_due_date_moves_past_the_spring_festival(world):
    spring_festival_2026()
    # January payroll → due 2026-02-15 (a Sunday inside the holiday 2-15..2-23) → next working day Tue 2-24.
    due, traces = due_date(world.child, date(2026, 1, 1))
    assert due == date(2026, 2, 24)
    assert traces["due_shift"]["value"] == "next_working_day"


def test_due_date_without_shift_stays_on_the_holiday(world):
    spring_festival_2026()
    _policy(world, "finance.allocation_due_shift", "none")
    assert due_date(world.child, date(2026, 1, 1))[0] == date(2026, 2, 15)


def test_due_day_31_is_the_month_end_and_a_make_up_saturday_is_a_working_day(world):
    _policy(world, "finance.allocation_due_day", 31)
    # February 2026 has 28 days: due 2-28, a Saturday → Monday 3-2 on an ordinary calendar ...
    assert due_date(world.child, date(2026, 1, 1))[0] == date(2026, 3, 2)
    # ... but 2-28 is a make-up working day (调休上班) in 2026, so it stays.
    CalendarDay.objects.create(date=date(2026, 2, 28), kind="workday", name="春节调休")
    from gonghui.workdays import cache

    cache.invalidate([2026])
    assert due_date(world.child, date(2026, 1, 1))[0] == date(2026, 2, 28)
    # December payroll is due in January of the next year: 2027-01-31 is a Sunday → Monday 2027-02-01.
    assert due_date(world.child, date(2026, 12, 1))[0] == date(2027, 2, 1)


# --------------------------------------------------------------------------------------------- late charge


def test_late_charge_whole_amount_across_a_month_end():
    # 2,000.00 due 2026-02-24, nothing paid, as of 2026-03-31:
    # days 2-25..2-28 (4) + 3-1..3-31 (31) = 35; 2,000.00 × 0.0005 × 35 = 35.00
    assert late_charge(
        amount=D("2000.00"), due_on=date(2026, 2, 24), receipts=[], as_of=date(2026, 3, 31), rate=D("0.0005")
    ) == (35, D("35.00"))


def test_late_charge_with_a_partial_payment():
    # 2,000.00 due 2-24; 1,200.00 received 3-10 (that day still bears the charge on 2,000.00):
    # 2-25..3-10 = 4 + 10 = 14 days × 2,000.00 = 28,000.00
    # 3-11..3-31 = 21 days × 800.00 = 16,800.00
    # (28,000.00 + 16,800.00) × 0.0005 = 22.40
    assert late_charge(
        amount=D("2000.00"),
        due_on=date(2026, 2, 24),
        receipts=[(date(2026, 3, 10), D("1200.00"))],
        as_of=date(2026, 3, 31),
        rate=D("0.0005"),
    ) == (35, D("22.40"))


def test_late_charge_stops_when_paid_and_ignores_early_or_future_receipts():
    # Paid in full one day late: 1 day × 2,000.00 × 0.0005 = 1.00 whatever the as-of date.
    assert late_charge(
        amount=D("2000.00"),
        due_on=date(2026, 3, 16),
        receipts=[(date(2026, 3, 17), D("2000.00"))],
        as_of=date(2026, 6, 30),
        rate=D("0.0005"),
    ) == (1, D("1.00"))
    # Paid on the due date: no charge. Not yet due: no charge. Receipts after as_of do not count.
    assert late_charge(
        amount=D("2000.00"),
        due_on=date(2026, 3, 16),
        receipts=[(date(2026, 3, 16), D("2000.00"))],
        as_of=date(2026, 6, 30),
        rate=D("0.0005"),
    ) == (0, D("0.00"))
    assert late_charge(
        amount=D("2000.00"), due_on=date(2026, 3, 16), receipts=[], as_of=date(2026, 3, 16), rate=D("0.0005")
    ) == (0, D("0.00"))
    # 2 days (3-17, 3-18) × 2,000.00 × 0.0005 = 2.00; the 3-20 receipt is after as_of.
    assert late_charge(
        amount=D("2000.00"),
        due_on=date(2026, 3, 16),
        receipts=[(date(2026, 3, 20), D("2000.00"))],
        as_of=date(2026, 3, 18),
        rate=D("0.0005"),
    ) == (2, D("2.00"))


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        # 1,010.00 × 0.0005 × 1 day = 0.505
        ("fen_half_up", D("0.51")),
        ("fen_down", D("0.50")),
        ("yuan_half_up", D("1.00")),
    ],
)
def test_late_charge_rounding_by_policy(rounding, expected):
    assert late_charge(
        amount=D("1010.00"),
        due_on=date(2026, 3, 16),
        receipts=[],
        as_of=date(2026, 3, 17),
        rate=D("0.0005"),
        rounding=rounding,
    ) == (1, expected)


# --------------------------------------------------------------------------------------------- the split


def test_split_hand_computed_with_every_level_keeping_books(world):
    open_books(world.province, world.city, world.target, world.child)
    plans, _traces = split_plan(world.child, D("333.33"), on=date(2026, 3, 1))
    # upper part 333.33 × 40% = 133.332 → 133.33 (half up); grassroots keeps 333.33 − 133.33 = 200.00.
    # exact shares: county 333.33 × 0.20 = 66.666, city × 0.12 = 39.9996, province × 0.08 = 26.6664;
    # rounded down 66.66 + 39.99 + 26.66 = 133.31: the 2 fen left go to the largest remainders,
    # city (0.96 fen) then province (0.64 fen), not county (0.60 fen) → 66.66, 40.00, 26.67.
    got = {p.level: (p.amount, p.ledger.unit_id if p.ledger else None) for p in plans}
    assert got == {
        "grassroots": (D("200.00"), world.child.pk),
        "county": (D("66.66"), world.target.pk),
        "city": (D("40.00"), world.city.pk),
        "province": (D("26.67"), world.province.pk),
    }


def test_split_of_a_level_without_books_goes_to_the_nearest_ancestor_with_books(world):
    open_books(world.province, world.child)  # the district and the city keep no books here
    plans, _ = split_plan(world.child, D("1000.00"), on=date(2026, 3, 1))
    # county 1,000 × 0.20 = 200.00 and city 120.00 go to the province (the nearest union above with books),
    # which also gets its own 80.00; the grassroots keeps 600.00.
    assert [(p.level, p.amount, p.ledger.unit_id if p.ledger else None) for p in plans] == [
        ("grassroots", D("600.00"), world.child.pk),
        ("county", D("200.00"), world.province.pk),
        ("city", D("120.00"), world.province.pk),
        ("province", D("80.00"), world.province.pk),
    ]


def test_upper_shares_must_sum_to_one():
    from gonghui.policy import registry

    key = registry.get("finance.allocation_upper_shares")
    key.clean({"county": "0.5", "city": "0.3", "province": "0.2"})
    with pytest.raises(ValidationError, match="100%"):
        key.clean({"county": "0.5", "city": "0.3", "province": "0.3"})
    with pytest.raises(ValidationError):
        key.clean({"county": "0.5", "city": "0.5"})
    with pytest.raises(ValidationError):
        key.clean({"county": "-0.5", "city": "1.0", "province": "0.5"})


def test_confirmed_receipt_posts_balanced_vouchers_in_every_ledger(world):
    ledgers = open_books(world.province, world.city, world.target, world.child)
    decl = declaration(world, payroll="16666.50")  # × 2% = 333.33
    assert decl.amount == D("333.33")
    receipt = paid(world, decl, "333.33", date(2026, 3, 10))
    assert receipt.status == ReceiptStatus.POSTED
    lines = {
        (e.ledger_id, e.account.code): (e.debit, e.credit)
        for e in Entry.objects.filter(voucher__source=f"finance.allocationreceipt:{receipt.pk}").select_related(
            "account"
        )
    }
    province, city, target, child = (x.pk for x in ledgers)
    assert lines == {
        (child, "1002"): (D("333.33"), D("0")),
        (child, "4101"): (D("0"), D("200.00")),
        (child, "2201"): (D("0"), D("133.33")),
        (target, "1202"): (D("66.66"), D("0")),
        (target, "4101"): (D("0"), D("66.66")),
        (city, "1202"): (D("40.00"), D("0")),
        (city, "4101"): (D("0"), D("40.00")),
        (province, "1202"): (D("26.67"), D("0")),
        (province, "4101"): (D("0"), D("26.67")),
    }
    for ledger in ledgers:
        totals = Entry.objects.filter(ledger=ledger).aggregate(d=Sum("debit"), c=Sum("credit"))
        assert totals["d"] == totals["c"]
    assert AllocationDeclaration.objects.get(pk=decl.pk).paid == D("333.33")
    assert AllocationShare.objects.filter(receipt=receipt).count() == 4
    voucher = Voucher.objects.get(ledger_id=child, source=f"finance.allocationreceipt:{receipt.pk}")
    assert voucher.prepared_by_id != voucher.reviewed_by_id


def test_receipt_confirm_refuses_the_recorder_and_a_second_confirmation(world):
    open_books(world.child)
    recorder, confirmer = clerks(world)
    decl = declaration(world)
    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount="500.00", received_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="登记人"):
        allocation_receipt_confirm(actor=recorder, receipt=receipt)
    allocation_receipt_confirm(actor=confirmer, receipt=receipt)
    with pytest.raises(ValidationError, match="已处理"):
        allocation_receipt_confirm(actor=confirmer, receipt=receipt)
    assert Voucher.objects.filter(source=f"finance.allocationreceipt:{receipt.pk}").count() == 1


def test_receipt_refuses_more_than_outstanding_counting_pending(world):
    open_books(world.child)
    recorder, _ = clerks(world)
    decl = declaration(world)  # 2,000.00
    allocation_receipt_record(actor=recorder, declaration=decl, amount="1500.00", received_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="500.00"):
        allocation_receipt_record(actor=recorder, declaration=decl, amount="600.00", received_on=date(2026, 3, 1))


def test_redeclare_only_before_any_receipt(world):
    open_books(world.child)
    recorder, _ = clerks(world)
    emp = employer(world.child)
    decl = allocation_declare(actor=recorder, employer=emp, month=date(2026, 2, 1), payroll="1000.00")
    decl = allocation_declare(actor=recorder, employer=emp, month=date(2026, 2, 1), payroll="2000.00")
    assert decl.amount == D("40.00")
    allocation_receipt_record(actor=recorder, declaration=decl, amount="40.00", received_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="不能再修改"):
        allocation_declare(actor=recorder, employer=emp, month=date(2026, 2, 1), payroll="3000.00")


def test_no_books_anywhere_is_refused(world):
    recorder, confirmer = clerks(world)
    decl = declaration(world)
    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount="10.00", received_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="均未建账"):
        allocation_receipt_confirm(actor=confirmer, receipt=receipt)
    assert AllocationReceipt.objects.get(pk=receipt.pk).status == ReceiptStatus.RECORDED


# --------------------------------------------------------------------------------------------- matrices


def test_declare_matrix(world):
    emp = employer(world.child)
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: allocation_declare(actor=actor, employer=emp, month=date(2026, 5, 1), payroll="100.00"),
        state=lambda w: AllocationDeclaration.objects.count(),
        view_perm=VIEW_ALLOCATION,
    )


def test_receipt_record_matrix(world):
    decl = declaration(world)
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: allocation_receipt_record(
            actor=actor, declaration=decl, amount="10.00", received_on=date(2026, 3, 1)
        ),
        state=lambda w: AllocationReceipt.objects.count(),
        view_perm=VIEW_ALLOCATION,
    )


def test_receipt_confirm_and_cancel_matrix(world):
    open_books(world.child)
    decl = declaration(world)
    recorder = world.staff("rec", world.city, ["finance.manage_allocation", "finance.view_allocation"])
    receipt = allocation_receipt_record(actor=recorder, declaration=decl, amount="10.00", received_on=date(2026, 3, 1))
    state = lambda w: (AllocationReceipt.objects.get(pk=receipt.pk).status, Voucher.objects.count())  # noqa: E731
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: allocation_receipt_confirm(actor=actor, receipt=receipt),
        state=state,
        view_perm=VIEW_ALLOCATION,
    )
    service_matrix(
        world,
        MANAGE_ALLOCATION,
        act=lambda actor, w: allocation_receipt_cancel(actor=actor, receipt=receipt, reason="重复登记"),
        state=state,
        view_perm=VIEW_ALLOCATION,
    )


def test_ledgers_stay_balanced_and_nothing_posts_in_a_sibling(world):
    open_books(world.province, world.city, world.target, world.child, world.sibling)
    decl = declaration(world)
    paid(world, decl, "2000.00", date(2026, 3, 20))
    assert not Entry.objects.filter(ledger__unit=world.sibling).exists()
    assert Ledger.objects.count() == 5
