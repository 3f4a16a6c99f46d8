"""Year-end closing (结转) and the final accounts (年度决算), against hand-computed books (issue 22).

The year 2026 of a district federation's books, by hand:

| date  | voucher                     | Dr       | Cr       | amount   |
|-------|-----------------------------|----------|----------|----------|
| 01-10 | dues                        | 1002     | 4001     | 1,200.00 |
| 03-05 | allocation                  | 1002     | 4101     | 5,000.00 |
| 06-18 | staff activities            | 5001     | 1002     |   800.00 |
| 11-20 | hardship aid                | 520101   | 1002     |   300.50 |
| 12-08 | other income                | 1002     | 4901     |    49.50 |

Income 6,249.50, expenditure 1,100.50, surplus 5,149.00. The closing voucher: Dr 4001 1,200.00, Dr 4101
5,000.00, Dr 4901 49.50 / Cr 5001 800.00, Cr 520101 300.50, Cr 3101 5,149.00 (debits = credits = 6,249.50).
January 2027 opens with 1002 5,149.00 (Dr) and 3101 5,149.00 (Cr) and nothing else.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.finance.closing.selectors import final_accounts, final_accounts_rollup, year_close_status
from gonghui.finance.ledger.closing import closing_lines
from gonghui.finance.ledger.selectors import income_statement, ledger_problems, trial_balance
from gonghui.finance.ledger.services import (
    period_close,
    period_for,
    voucher_approve,
    voucher_create,
    voucher_post,
    voucher_reverse,
    voucher_submit,
    voucher_update,
    year_close_prepare,
)
from gonghui.finance.models import Period, PeriodStatus, Voucher, VoucherEvent, VoucherStatus
from gonghui.finance.permissions import AUDIT_BOOKS, CLOSE_PERIOD, VIEW_BOOKS
from gonghui.finance.tests.factories import books, lines, posted, staff

pytestmark = pytest.mark.django_db

LOCAL = ("same_with",)


def _code(call) -> str:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.code or ""


def _year_2026(unit):
    ledger, preparer, reviewer = books(unit, opened_on=date(2026, 1, 1))
    posted(ledger, preparer, reviewer, date(2026, 1, 10), "1200.00", "1002", "4001")
    posted(ledger, preparer, reviewer, date(2026, 3, 5), "5000.00", "1002", "4101")
    posted(ledger, preparer, reviewer, date(2026, 6, 18), "800.00", "5001", "1002")
    posted(ledger, preparer, reviewer, date(2026, 11, 20), "300.50", "520101", "1002")
    posted(ledger, preparer, reviewer, date(2026, 12, 8), "49.50", "1002", "4901")
    return ledger, preparer, reviewer


def _close_months(ledger, actor, year, months):
    for month in months:
        if Period.objects.filter(ledger=ledger, year=year, month=month).exists():
            period_close(actor=actor, ledger=ledger, year=year, month=month)


def _closed_year(unit):
    ledger, preparer, reviewer = _year_2026(unit)
    _close_months(ledger, preparer, 2026, range(1, 12))
    voucher = year_close_prepare(actor=preparer, ledger=ledger, year=2026)
    voucher_submit(actor=preparer, voucher=voucher)
    voucher_approve(actor=reviewer, voucher=voucher)
    voucher_post(actor=preparer, voucher=voucher)
    period_close(actor=preparer, ledger=ledger, year=2026, month=12)
    return ledger, preparer, reviewer, voucher


def _lines(voucher):
    return sorted((x.account.code, x.debit, x.credit) for x in voucher.lines.select_related("account"))


def test_a_full_year_closed_and_the_next_opened(world):
    ledger, preparer, reviewer = _year_2026(world.target)
    _close_months(ledger, preparer, 2026, range(1, 12))
    voucher = year_close_prepare(actor=preparer, ledger=ledger, year=2026)
    assert voucher.status == VoucherStatus.DRAFT
    assert voucher.closes_year == 2026
    assert voucher.date == date(2026, 12, 31)
    assert voucher.prepared_by == preparer
    assert _lines(voucher) == sorted(
        [
            ("4001", D("1200.00"), D("0.00")),
            ("4101", D("5000.00"), D("0.00")),
            ("4901", D("49.50"), D("0.00")),
            ("5001", D("0.00"), D("800.00")),
            ("520101", D("0.00"), D("300.50")),
            ("3101", D("0.00"), D("5149.00")),
        ]
    )
    # The normal review: the preparer cannot review it; a second person does; its status moves by the machine.
    voucher_submit(actor=preparer, voucher=voucher)
    assert _code(lambda: voucher_approve(actor=preparer, voucher=voucher)) == "duties"
    voucher_approve(actor=reviewer, voucher=voucher)
    voucher_post(actor=preparer, voucher=voucher)
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.POSTED
    assert voucher.reviewed_by == reviewer
    assert voucher.number
    assert list(VoucherEvent.objects.filter(voucher=voucher).values_list("action", flat=True)) == [
        "create",
        "submit",
        "approve",
        "post",
    ]
    assert AuditEvent.objects.filter(action="finance.year_close_prepare", target_id=str(voucher.pk)).exists()
    period_close(actor=preparer, ledger=ledger, year=2026, month=12)

    # December's statement keeps the year's real figures (the closing is not income or expenditure).
    statement = income_statement(actor=preparer, ledger=ledger, year=2026, month=12)
    assert (statement.income_ytd, statement.expense_ytd, statement.surplus_ytd) == (
        D("6249.50"),
        D("1100.50"),
        D("5149.00"),
    )
    assert statement.income_month == D("49.50")

    # January 2027 opens clean: no income or expenditure balance, the surplus in 3101.
    period_for(ledger, date(2027, 1, 1))
    tb = trial_balance(actor=preparer, ledger=ledger, year=2027, month=1)
    assert {r.code: (r.opening_side, r.opening) for r in tb.rows} == {
        "1002": ("借", D("5149.00")),
        "3101": ("贷", D("5149.00")),
    }
    posted(ledger, preparer, reviewer, date(2027, 1, 15), "100.00", "1002", "4001")
    january = income_statement(actor=preparer, ledger=ledger, year=2027, month=1)
    assert january.income_ytd == D("100.00")
    assert ledger_problems([ledger]) == []


def test_final_accounts_of_the_closed_year(world):
    ledger, preparer, _reviewer, _voucher = _closed_year(world.target)
    report = final_accounts(actor=preparer, ledger=ledger, year=2026)
    assert [(x.code, x.amount) for x in report.income] == [
        ("4001", D("1200.00")),
        ("4101", D("5000.00")),
        ("4901", D("49.50")),
    ]
    # Reported by first-level account of the reporting chart: 520101 困难职工帮扶支出 under 5201 维权支出.
    assert [(x.code, x.name, x.amount) for x in report.expense] == [
        ("5001", "职工活动支出", D("800.00")),
        ("5201", "维权支出", D("300.50")),
    ]
    assert (report.income_total, report.expense_total, report.surplus) == (D("6249.50"), D("1100.50"), D("5149.00"))
    assert [(x.code, x.opening, x.closing) for x in report.assets] == [("1002", D("0.00"), D("5149.00"))]
    assert report.liabilities == []
    assert [(x.code, x.opening, x.closing) for x in report.net_assets] == [("3101", D("0.00"), D("5149.00"))]
    assert report.unclosed_closing == 0
    assert report.balanced
    assert report.closed
    # 2027's opening column is 2026's closing one.
    nxt = final_accounts(actor=preparer, ledger=ledger, year=2027)
    assert [(x.code, x.opening) for x in nxt.net_assets] == [("3101", D("5149.00"))]
    assert nxt.income == []
    assert not nxt.closed


def test_final_accounts_before_the_close_show_the_surplus_not_yet_carried(world):
    ledger, preparer, _reviewer = _year_2026(world.target)
    report = final_accounts(actor=preparer, ledger=ledger, year=2026)
    assert report.surplus == D("5149.00")
    assert report.net_assets == []
    assert report.unclosed_closing == D("5149.00")
    assert report.assets_closing == report.net_assets_closing == D("5149.00")
    assert report.balanced
    assert not report.closed


def test_the_roll_up_of_two_unions(world):
    """Target (above) and child (below) both close 2026; the sibling's books are outside the roll-up.

    Child: dues 300.00 (Dr 1002 / Cr 4001), activities 120.25 (Dr 5001 / Cr 1002), owes its upper share 60.00
    (Dr 4001 / Cr 2201: dues income reduced) → income 240.00, expenditure 120.25, surplus 119.75, 1002 179.75,
    2201 60.00. Summed with the target's year: income 6,489.50, expenditure 1,220.75, surplus 5,268.75; assets
    5,328.75 = liabilities 60.00 + net assets 5,268.75."""
    _closed_year(world.target)
    child, c_prep, c_rev = books(world.child, opened_on=date(2026, 1, 1))
    posted(child, c_prep, c_rev, date(2026, 4, 2), "300.00", "1002", "4001")
    posted(child, c_prep, c_rev, date(2026, 5, 9), "120.25", "5001", "1002")
    posted(child, c_prep, c_rev, date(2026, 5, 20), "60.00", "4001", "2201")
    sibling, s_prep, s_rev = books(world.sibling, opened_on=date(2026, 1, 1))
    posted(sibling, s_prep, s_rev, date(2026, 2, 2), "999.99", "1002", "4001")
    auditor = staff(world.target, (AUDIT_BOOKS,))

    open_child = final_accounts_rollup(actor=auditor, unit=world.target, year=2026)
    assert open_child.unclosed_closing == D("119.75")
    assert not open_child.closed
    assert sorted(open_child.ledgers) == sorted([(world.target.name, True), (world.child.name, False)])

    _close_months(child, c_prep, 2026, range(1, 12))
    closing = year_close_prepare(actor=c_prep, ledger=child, year=2026)
    assert _lines(closing) == sorted(
        [("4001", D("240.00"), D("0.00")), ("5001", D("0.00"), D("120.25")), ("3101", D("0.00"), D("119.75"))]
    )
    voucher_submit(actor=c_prep, voucher=closing)
    voucher_approve(actor=c_rev, voucher=closing)
    voucher_post(actor=c_prep, voucher=closing)
    period_for(child, date(2026, 12, 1))
    period_close(actor=c_prep, ledger=child, year=2026, month=12)

    report = final_accounts_rollup(actor=auditor, unit=world.target, year=2026)
    assert report.closed
    assert {x.code: x.amount for x in report.income} == {
        "4001": D("1440.00"),
        "4101": D("5000.00"),
        "4901": D("49.50"),
    }
    assert {x.code: x.amount for x in report.expense} == {"5001": D("920.25"), "5201": D("300.50")}
    assert (report.income_total, report.expense_total, report.surplus) == (D("6489.50"), D("1220.75"), D("5268.75"))
    assert {x.code: x.closing for x in report.assets} == {"1002": D("5328.75")}
    assert {x.code: x.closing for x in report.liabilities} == {"2201": D("60.00")}
    assert {x.code: x.closing for x in report.net_assets} == {"3101": D("5268.75")}
    assert report.balanced
    assert report.unclosed_closing == 0
    # The audit roll-up's scope: the sibling's committee, or the union's own bookkeeper, cannot roll it up.
    with pytest.raises(Http404):
        final_accounts_rollup(actor=auditor, unit=world.sibling, year=2026)
    assert ledger_problems() == []


def test_the_close_needs_every_earlier_month_closed_and_december_clear(world):
    ledger, preparer, reviewer = _year_2026(world.target)
    assert _code(lambda: year_close_prepare(actor=preparer, ledger=ledger, year=2026)) == "order"
    _close_months(ledger, preparer, 2026, range(1, 12))
    draft = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=date(2026, 12, 20),
        summary="未记账",
        lines=lines(ledger, ("5001", "10.00", ""), ("1002", "", "10.00")),
    )
    assert _code(lambda: year_close_prepare(actor=preparer, ledger=ledger, year=2026)) == "pending"
    # December cannot be closed while the year keeps income or expenditure.
    voucher_submit(actor=preparer, voucher=draft)
    voucher_approve(actor=reviewer, voucher=draft)
    voucher_post(actor=preparer, voucher=draft)
    assert _code(lambda: period_close(actor=preparer, ledger=ledger, year=2026, month=12)) == "year_open"
    voucher = year_close_prepare(actor=preparer, ledger=ledger, year=2026)
    assert _code(lambda: year_close_prepare(actor=preparer, ledger=ledger, year=2026)) == "exists"
    # Generated lines are never edited; the closing is never reversed.
    assert _code(lambda: voucher_update(actor=preparer, voucher=voucher, day=voucher.date, summary="x", lines=[])) == (
        "generated"
    )
    assert ("3101", D("0.00"), D("5139.00")) in _lines(voucher), "5,149.00 less the 10.00 posted on 12-20"
    voucher_submit(actor=preparer, voucher=voucher)
    voucher_approve(actor=reviewer, voucher=voucher)
    voucher_post(actor=preparer, voucher=voucher)
    assert _code(lambda: voucher_reverse(actor=preparer, voucher=voucher, day=date(2026, 12, 31), reason="x")) == (
        "closing_reversal"
    )
    assert _code(lambda: year_close_prepare(actor=preparer, ledger=ledger, year=2026)) == "nothing"
    period_close(actor=preparer, ledger=ledger, year=2026, month=12)
    assert _code(lambda: year_close_prepare(actor=preparer, ledger=ledger, year=2026)) == "closed"


def test_a_closing_voucher_gone_stale_is_refused_then_closed_again(world):
    """A December voucher posted after the closing voucher was generated: the closing no longer equals the year's
    balances and is refused at review and at posting; voided, a new one carries the new balances."""
    ledger, preparer, reviewer = _year_2026(world.target)
    _close_months(ledger, preparer, 2026, range(1, 12))
    voucher = year_close_prepare(actor=preparer, ledger=ledger, year=2026)
    voucher_submit(actor=preparer, voucher=voucher)
    posted(ledger, preparer, reviewer, date(2026, 12, 30), "0.50", "1002", "4901")
    assert _code(lambda: voucher_approve(actor=reviewer, voucher=voucher)) == "closing_stale"
    from gonghui.finance.ledger.services import voucher_void

    voucher_void(actor=preparer, voucher=voucher, reason="余额变化")
    again = year_close_prepare(actor=preparer, ledger=ledger, year=2026)
    assert ("4901", D("50.00"), D("0.00")) in _lines(again)
    assert ("3101", D("0.00"), D("5149.50")) in _lines(again)
    voucher_submit(actor=preparer, voucher=again)
    voucher_approve(actor=reviewer, voucher=again)
    posted(ledger, preparer, reviewer, date(2026, 12, 31), "1.00", "5001", "1002")
    assert _code(lambda: voucher_post(actor=preparer, voucher=again)) == "closing_stale"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(
        st.tuples(
            st.sampled_from(["4001", "4101", "4901", "5001", "520101", "5901"]),
            st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_closing_lines_always_balance_and_zero_every_account(world, amounts):
    """Whatever the year holds, the closing lines balance, put every income and expenditure account to zero, and
    carry to 3101 exactly income less expenditure."""
    from django.db import transaction

    with transaction.atomic():
        ledger, preparer, reviewer = books(world.target, opened_on=date(2026, 1, 1))
        for n, (code, amount) in enumerate(amounts, start=1):
            if code.startswith("4"):
                posted(ledger, preparer, reviewer, date(2026, 12, n), str(amount), "1002", code)
            else:
                posted(ledger, preparer, reviewer, date(2026, 12, n), str(amount), code, "1002")
        generated = closing_lines(ledger, 2026)
        assert sum(d for _a, d, _c in generated) == sum(c for _a, _d, c in generated)
        income = sum((a for code, a in amounts if code.startswith("4")), D("0"))
        expense = sum((a for code, a in amounts if code.startswith("5")), D("0"))
        fund = [(d, c) for a, d, c in generated if a.code == "3101"]
        if income == expense:
            assert fund == []
        else:
            assert fund == [(D("0.00"), income - expense) if income > expense else (expense - income, D("0.00"))]
        transaction.set_rollback(True)


# --- ledger_verify --------------------------------------------------------------------------------------------------


def test_ledger_verify_finds_a_year_closed_with_a_balance_and_a_wrong_closing(world):
    ledger, preparer, reviewer = _year_2026(world.target)
    # A December closed the old way (before this rule) with income still on it.
    Period.objects.filter(ledger=ledger).update(status=PeriodStatus.CLOSED)
    found = [p.what for p in ledger_problems([ledger])]
    assert "2026: closed with a balance of -1200.00 on 4001" in found
    assert "2026: closed with a balance of 800.00 on 5001" in found


def test_ledger_verify_finds_a_closing_voucher_that_does_not_equal_the_year(world):
    ledger, preparer, reviewer, voucher = _closed_year(world.target)
    assert ledger_problems([ledger]) == []
    other, o_prep, o_rev = books(world.child, opened_on=date(2026, 1, 1))
    posted(other, o_prep, o_rev, date(2026, 12, 1), "10.00", "1002", "4001")
    wrong = posted(other, o_prep, o_rev, date(2026, 12, 31), "10.00", "4001", "1002")  # carried to the bank
    Voucher.objects.filter(pk=wrong.pk).update(closes_year=2026)
    Period.objects.filter(ledger=other).update(status=PeriodStatus.CLOSED)
    found = [p.what for p in ledger_problems([other])]
    assert found == ["2026: a closing voucher posts to 1002"]
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("ledger_verify", stdout=io.StringIO(), stderr=io.StringIO())


# --- authorization matrix -------------------------------------------------------------------------------------------


def test_year_close_prepare_matrix(world):
    ledger, preparer, reviewer = _year_2026(world.target)
    _close_months(ledger, preparer, 2026, range(1, 12))
    service_matrix(
        world,
        CLOSE_PERIOD,
        act=lambda actor, w: year_close_prepare(actor=actor, ledger=ledger, year=2026),
        state=lambda w: Voucher.objects.filter(closes_year=2026).count(),
        allowed=LOCAL,
    )


def test_year_close_status_and_final_accounts_are_scoped(world):
    ledger, preparer, _reviewer = _year_2026(world.target)
    sibling = staff(world.sibling)
    with pytest.raises(Http404):
        year_close_status(actor=sibling, ledger=ledger, year=2026)
    with pytest.raises(Http404):
        final_accounts(actor=sibling, ledger=ledger, year=2026)
    status = year_close_status(actor=preparer, ledger=ledger, year=2026)
    assert [str(p) for p in status.open_before] == ["2026-01", "2026-03", "2026-06", "2026-11"]
    assert not status.ready
    assert status.can_prepare


READ = (AUDIT_BOOKS,)  # read pages: VIEW_BOOKS at the union, or AUDIT_BOOKS at or above it


@pytest.mark.parametrize("name", ["finance:year_close", "finance:final_accounts", "finance:final_accounts_xlsx"])
def test_ledger_year_pages_matrix(world, name):
    ledger, _preparer, _reviewer = _year_2026(world.target)
    responses = http_matrix(world, VIEW_BOOKS, "get", reverse(name, args=[ledger.pk, 2026]), also_without=READ)
    assert responses["ancestor"].status_code == 200  # the province's audit committee reads through audit_books


@pytest.mark.parametrize("name", ["finance:final_accounts_rollup", "finance:final_accounts_rollup_xlsx"])
def test_rollup_pages_matrix(world, name):
    _year_2026(world.target)
    http_matrix(world, AUDIT_BOOKS, "get", reverse(name, args=[world.target.pk, 2026]))


def test_year_close_post_matrix(world):
    ledger, preparer, _reviewer = _year_2026(world.target)
    _close_months(ledger, preparer, 2026, range(1, 12))
    http_matrix(
        world,
        CLOSE_PERIOD,
        "post",
        reverse("finance:year_close", args=[ledger.pk, 2026]),
        data={},
        state=lambda w: Voucher.objects.filter(closes_year=2026).count(),
        allowed=LOCAL,
    )


def test_the_pages_through_the_close(world, django_assert_max_num_queries):
    ledger, preparer, reviewer = _year_2026(world.target)
    _close_months(ledger, preparer, 2026, range(1, 12))
    client = login(Client(), preparer)
    page = client.get(reverse("finance:year_close", args=[ledger.pk, 2026])).content.decode()
    assert "5,149.00" in page
    assert "生成 2026 年度结转凭证" in page
    response = client.post(reverse("finance:year_close", args=[ledger.pk, 2026]))
    voucher = Voucher.objects.get(closes_year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:voucher_detail", args=[voucher.pk])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("finance:final_accounts", args=[ledger.pk, 2026])).content.decode()
    assert "6,249.50" in page
    assert "未结转收支结余" in page
    response = client.get(reverse("finance:final_accounts_xlsx", args=[ledger.pk, 2026]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["收入支出决算表", "资产负债表"]
    values = [row for row in book["收入支出决算表"].iter_rows(values_only=True)]
    assert (None, "三、本年收支结余", 5149) in [tuple(r[:3]) for r in values]
    assert AuditEvent.objects.filter(action="finance.report_export", data__report="final_accounts").exists()
    auditor = staff(world.province, (AUDIT_BOOKS,))
    rollup = login(Client(), auditor).get(reverse("finance:final_accounts_rollup", args=[world.province.pk, 2026]))
    assert rollup.status_code == 200
    assert "6,249.50" in rollup.content.decode()


def test_final_accounts_report_by_the_reporting_chart_whatever_a_union_renamed_or_added(world):
    """Two unions: the target renamed 4001 and added its own sub-account 500101 and its own first-level account
    5999; the child kept the default chart. The roll-up adds them line by line under the reporting chart's codes
    and names; the union's own first-level account stays on its own line, marked as outside the chart."""
    from gonghui.finance.ledger.services import account_create, account_update
    from gonghui.finance.tests.factories import account

    target, t_prep, t_rev = books(world.target, opened_on=date(2026, 1, 1))
    account_update(actor=t_prep, account=account(target, "4001"), name="会费（本级）", is_active=True)
    account_create(
        actor=t_prep, ledger=target, code="500101", name="文体活动", kind="expense", parent=account(target, "5001")
    )
    account_create(actor=t_prep, ledger=target, code="5999", name="自设支出", kind="expense")
    posted(target, t_prep, t_rev, date(2026, 2, 1), "500.00", "1002", "4001")
    posted(target, t_prep, t_rev, date(2026, 2, 2), "70.00", "500101", "1002")
    posted(target, t_prep, t_rev, date(2026, 2, 3), "5.00", "5999", "1002")
    child, c_prep, c_rev = books(world.child, opened_on=date(2026, 1, 1))
    posted(child, c_prep, c_rev, date(2026, 2, 4), "40.00", "1002", "4001")
    posted(child, c_prep, c_rev, date(2026, 2, 5), "30.00", "5001", "1002")
    auditor = staff(world.target, (AUDIT_BOOKS,))
    report = final_accounts_rollup(actor=auditor, unit=world.target, year=2026)
    assert [(x.code, x.name, x.amount, x.standard) for x in report.income] == [("4001", "会费收入", D("540.00"), True)]
    assert [(x.code, x.name, x.amount, x.standard) for x in report.expense] == [
        ("5001", "职工活动支出", D("100.00"), True),
        ("5999", "自设支出", D("5.00"), False),
    ]
    assert report.balanced
