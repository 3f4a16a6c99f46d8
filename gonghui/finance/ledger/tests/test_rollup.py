"""The roll-up trial balance (经审汇总) sums every ledger of a subtree by account code, with openings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.finance.ledger.selectors import rollup_trial_balance, trial_balance
from gonghui.finance.permissions import AUDIT_BOOKS
from gonghui.finance.tests.factories import books, posted, staff

pytestmark = pytest.mark.django_db


def test_rollup_matches_the_sum_of_the_ledgers(world):
    target, t_prep, t_rev = books(world.target)
    child, c_prep, c_rev = books(world.child)
    sibling, s_prep, s_rev = books(world.sibling)
    posted(target, t_prep, t_rev, date(2026, 2, 27), "1000.00")
    posted(target, t_prep, t_rev, date(2026, 3, 31), "10.10", debit="5001", credit="1002")
    posted(child, c_prep, c_rev, date(2026, 3, 1), "200.20")
    posted(child, c_prep, c_rev, date(2026, 4, 1), "7.00")  # after the month: not in the report
    posted(sibling, s_prep, s_rev, date(2026, 3, 2), "999.99")  # outside the subtree
    auditor = staff(world.target, (AUDIT_BOOKS,))
    tb = rollup_trial_balance(actor=auditor, unit=world.target, year=2026, month=3)
    rows = {r.code: r for r in tb.rows}
    assert (rows["1002"].opening, rows["1002"].debit, rows["1002"].credit, rows["1002"].closing) == (
        Decimal("1000.00"),
        Decimal("200.20"),
        Decimal("10.10"),
        Decimal("1190.10"),
    )
    assert (rows["4001"].opening, rows["4001"].credit, rows["4001"].closing) == (
        Decimal("1000.00"),
        Decimal("200.20"),
        Decimal("1200.20"),
    )
    assert rows["5001"].debit == Decimal("10.10")
    assert tb.balanced
    each = [trial_balance(actor=auditor, ledger=x, year=2026, month=3) for x in (target, child)]
    assert tb.debit_total == sum((x.debit_total for x in each), Decimal("0.00"))
    assert tb.closing_debit == sum((x.closing_debit for x in each), Decimal("0.00"))
    with pytest.raises(Http404):
        rollup_trial_balance(actor=auditor, unit=world.sibling, year=2026, month=3)
    # December (the month's end is in the next year): everything, the April dues included.
    december = {r.code: r for r in rollup_trial_balance(actor=auditor, unit=world.target, year=2026, month=12).rows}
    assert december["1002"].closing == Decimal("1197.10")
    assert december["4001"].closing == Decimal("1207.20")
