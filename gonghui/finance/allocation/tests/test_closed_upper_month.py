"""A receipt dated in a month an upper union has already closed (issue 22): each union's voucher goes into that
union's first open period; the bank date stays the receipt's date, the value date of the late charge."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from gonghui.finance.allocation import selectors
from gonghui.finance.ledger.services import first_open_day, period_close, period_for
from gonghui.finance.models import AllocationShare, Voucher
from gonghui.finance.permissions import VIEW_ALLOCATION
from gonghui.finance.tests.allocation_kit import declaration, open_books, paid
from gonghui.finance.tests.factories import staff

pytestmark = pytest.mark.django_db


def _close(ledger, *months):
    closer = staff(ledger.unit)
    for month in months:
        period_for(ledger, date(2026, month, 1))
        period_close(actor=closer, ledger=ledger, year=2026, month=month)


def test_first_open_day(world):
    (ledger,) = open_books(world.city)
    assert first_open_day(ledger, date(2026, 3, 10)) == date(2026, 3, 10)
    _close(ledger, 1, 2, 3)
    assert first_open_day(ledger, date(2026, 3, 10)) == date(2026, 4, 1)
    assert first_open_day(ledger, date(2026, 1, 31)) == date(2026, 4, 1)
    assert first_open_day(ledger, date(2026, 4, 2)) == date(2026, 4, 2)
    _close(ledger, *range(4, 13))
    assert first_open_day(ledger, date(2026, 12, 31)) == date(2027, 1, 1), "over the year end"


def test_a_receipt_in_a_month_the_city_closed_posts_in_each_unions_first_open_period(world):
    province, city, county, child = open_books(world.province, world.city, world.target, world.child)
    _close(city, 1, 2, 3)  # the city closed March; the grassroots, the county and the province did not
    decl = declaration(world)  # 2,000.00 due 2026-02-16
    receipt = paid(world, decl, "2000.00", date(2026, 3, 10))
    assert receipt.received_on == date(2026, 3, 10), "the bank date is kept"
    shares = {s.level: s for s in AllocationShare.objects.filter(receipt=receipt).select_related("voucher")}
    vouchers = {level: s.voucher for level, s in shares.items() if s.voucher is not None}
    assert vouchers["grassroots"].date == date(2026, 3, 10)
    assert vouchers["county"].date == date(2026, 3, 10)
    assert vouchers["province"].date == date(2026, 3, 10)
    city_voucher = vouchers["city"]
    assert (city_voucher.date, city_voucher.period.month) == (date(2026, 4, 1), 4)
    assert "2026-03-10" in city_voucher.summary
    assert city_voucher.ledger == city
    assert shares["city"].amount == D("240.00")  # 2,000.00 × 40% × 30%
    assert Voucher.objects.filter(ledger=child, date=date(2026, 3, 10)).count() == 1
    # The late charge runs to the bank date: 2-17 … 3-10 = 12 + 10 = 22 days × 2,000.00 × 0.05% = 22.00.
    actor = world.actor("same_with", VIEW_ALLOCATION)
    rows = selectors.arrears_for(
        list(selectors.arrears_list(actor=actor, as_of=date(2026, 4, 30))), as_of=date(2026, 4, 30)
    )
    ((_d, a),) = rows
    assert (a.days, a.charge) == (22, D("22.00"))
    del province, county
