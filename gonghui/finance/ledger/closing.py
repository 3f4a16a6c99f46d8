"""Year-end closing (结转) arithmetic: the year's income and expenditure balances of a ledger and the lines of the
voucher that closes them into the fund balance (工会资金结余, ``3101``).

Read by the services (to generate the closing voucher, to check it is still right when it is reviewed and posted,
and to refuse closing December while the year keeps an income or expenditure balance) and by ``ledger_verify``.
No actor here: the callers authorise.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.common.money import cents
from gonghui.finance.ledger.chart import FUND_BALANCE
from gonghui.finance.models import ZERO, Account, AccountKind, Entry, Ledger

CLOSED_KINDS = (AccountKind.INCOME, AccountKind.EXPENSE)


def year_balances(ledger: Ledger, year: int) -> dict[Account, Decimal]:
    """Each income and expenditure account's net balance (debits less credits) over the year's posted entries,
    closing vouchers included (after a complete close every balance is zero). Accounts at zero are left out."""
    rows = (
        Entry.objects.filter(ledger=ledger, period__year=year, account__kind__in=CLOSED_KINDS)
        .values("account_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    nets = {r["account_id"]: cents(r["d"]) - cents(r["c"]) for r in rows}
    nets = {pk: net for pk, net in nets.items() if net != 0}
    accounts = Account.objects.filter(pk__in=nets).order_by("code")
    return {a: nets[a.pk] for a in accounts}


def fund_balance_account(ledger: Ledger) -> Account:
    """The account the year's surplus or deficit goes to: 3101 工会资金结余, which must be a leaf."""
    account = Account.objects.filter(ledger=ledger, code=FUND_BALANCE).first()
    if account is None or account.kind != AccountKind.NET_ASSETS:
        raise ValidationError(_("账套缺少“3101 工会资金结余”科目，不能年度结转。"), code="fund_account")
    if Account.objects.filter(parent=account).exists():
        raise ValidationError(_("“3101 工会资金结余”已设明细科目，年度结转须记入 3101 本身。"), code="fund_account")
    return account


def closing_lines(ledger: Ledger, year: int) -> list[tuple[Account, Decimal, Decimal]]:
    """``(account, debit, credit)`` of the closing voucher: each income and expenditure balance reversed onto its
    opposite side (income, a credit balance, is debited; expenditure, a debit balance, is credited), and the
    difference, the year's surplus (or deficit), credited (or debited) to 3101. Empty when nothing is left."""
    balances = year_balances(ledger, year)
    if not balances:
        return []
    lines: list[tuple[Account, Decimal, Decimal]] = []
    total = ZERO
    for account, net in balances.items():
        total += net
        lines.append((account, -net, ZERO) if net < 0 else (account, ZERO, net))
    if total < 0:  # income exceeds expenditure: a surplus, credited to the fund balance
        lines.append((fund_balance_account(ledger), ZERO, -total))
    elif total > 0:  # a deficit
        lines.append((fund_balance_account(ledger), total, ZERO))
    return lines
