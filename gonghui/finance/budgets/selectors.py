"""Reads of yearly budgets: lists scoped to what the actor may read (the union's finance and audit roles, the
ancestors' audit committees, the levels above that approve), and budget vs actual from posted entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.finance import scope
from gonghui.finance.budgets.services import BUDGET_KINDS, IN_FLIGHT_VOUCHERS, UNPAID_PAYMENTS
from gonghui.finance.models import (
    ZERO,
    Account,
    AccountKind,
    Budget,
    BudgetStatus,
    Entry,
    Ledger,
    PaymentRequest,
    VoucherLine,
)
from gonghui.finance.permissions import APPROVE_BUDGET, PREPARE_BUDGET


def budgets_q(actor: Actor, *, path_field: str = "ledger__unit__path") -> Q:
    return scope.books_q(actor, path_field=path_field) | access.scope_q(actor, APPROVE_BUDGET, path_field=path_field)


def budget_list(
    *, actor: Actor, year: int | None = None, status: str = "", unit_id: int | None = None, awaiting: bool = False
) -> QuerySet[Budget]:
    """Budgets in scope; ``awaiting``: only those in review whose approving unit is one the actor approves for."""
    qs = Budget.objects.filter(budgets_q(actor)).select_related("ledger__unit", "prepared_by")
    if awaiting:
        qs = qs.filter(
            access.scope_q(actor, APPROVE_BUDGET, path_field="review_case__current_unit__path"),
            status=BudgetStatus.IN_REVIEW,
        )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(ledger__unit_id=unit_id)
    return qs


def budget_get(*, actor: Actor, budget_id: object) -> Budget:
    budget = budget_list(actor=actor).filter(pk=scope.pk(budget_id)).first()
    if budget is None:
        raise access.NotVisible()
    return budget


def preparable_ledgers(*, actor: Actor) -> QuerySet[Ledger]:
    """Ledgers whose budgets the actor prepares (held only where granted)."""
    return access.scope(Ledger.objects.select_related("unit"), actor, PREPARE_BUDGET).order_by("unit__path")


def budget_accounts(ledger: Ledger) -> list[Account]:
    return list(
        Account.objects.filter(ledger=ledger, kind__in=BUDGET_KINDS, is_active=True)
        .select_related("parent")
        .order_by("code")
    )


@dataclass
class BudgetRow:
    account: Account
    category: str
    budgeted: Decimal
    actual: Decimal
    committed: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.actual - self.committed

    @property
    def rate(self) -> Decimal | None:
        """Execution rate in percent (one place), ``None`` without a budget."""
        if not self.budgeted:
            return None
        return (self.actual * 100 / self.budgeted).quantize(Decimal("0.1"))

    @property
    def over(self) -> bool:
        return self.actual + self.committed > self.budgeted


@dataclass
class BudgetReport:
    budget: Budget
    income: list[BudgetRow] = field(default_factory=list)
    expense: list[BudgetRow] = field(default_factory=list)

    @staticmethod
    def _total(rows: list[BudgetRow], attr: str) -> Decimal:
        return sum((getattr(r, attr) for r in rows), ZERO)

    @property
    def income_budgeted(self) -> Decimal:
        return self._total(self.income, "budgeted")

    @property
    def income_actual(self) -> Decimal:
        return self._total(self.income, "actual")

    @property
    def expense_budgeted(self) -> Decimal:
        return self._total(self.expense, "budgeted")

    @property
    def expense_actual(self) -> Decimal:
        return self._total(self.expense, "actual")

    @property
    def expense_committed(self) -> Decimal:
        return self._total(self.expense, "committed")

    def chart_data(self) -> dict[str, Any]:
        """For the chart script (strings, never floats: the script parses them)."""
        return {
            "labels": [f"{r.account.code} {r.account.display_name}" for r in self.expense],
            "budgeted": [str(r.budgeted) for r in self.expense],
            "actual": [str(r.actual) for r in self.expense],
            "income_labels": [f"{r.account.code} {r.account.display_name}" for r in self.income],
            "income_budgeted": [str(r.budgeted) for r in self.income],
            "income_actual": [str(r.actual) for r in self.income],
        }


def _by_code(rows: Any) -> dict[str, Decimal]:
    return {code: cents(value) for code, value in rows}


def budget_vs_actual(*, actor: Actor, budget: Budget) -> BudgetReport:
    """Each budget line with the year's posted amount under it (sub-accounts included) and, for expenditure, the
    money on its way out (vouchers submitted or approved but not posted, payments requested but not paid). Five
    queries whatever the number of lines."""
    from gonghui.finance.budgets.services import require_budget_visible

    ledger = budget.ledger
    require_budget_visible(actor, ledger.unit)
    lines = list(budget.lines.select_related("account").order_by("account__code"))
    sums = (
        Entry.objects.filter(
            ledger=ledger,
            date__year=budget.year,
            account__kind__in=BUDGET_KINDS,
            voucher__closes_year__isnull=True,  # the year-end closing (结转) is neither income nor spending
        )
        .values_list("account__code")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    posted: dict[str, tuple[Decimal, Decimal]] = {code: (cents(d), cents(c)) for code, d, c in sums}
    committed = _by_code(
        PaymentRequest.objects.filter(ledger=ledger, status__in=UNPAID_PAYMENTS, requested_at__year=budget.year)
        .values_list("expense_account__code")
        .annotate(a=Sum("amount"))
        .order_by()
    )
    for code, d, c in (
        VoucherLine.objects.filter(
            voucher__ledger=ledger,
            voucher__status__in=IN_FLIGHT_VOUCHERS,
            voucher__date__year=budget.year,
            voucher__closes_year__isnull=True,
            account__kind=AccountKind.EXPENSE,
        )
        .values_list("account__code")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    ):
        committed[code] = committed.get(code, ZERO) + cents(d) - cents(c)
    tops = {a.code: a.name for a in Account.objects.filter(ledger=ledger, parent__isnull=True, kind__in=BUDGET_KINDS)}
    report = BudgetReport(budget=budget)
    for line in lines:
        code = line.account.code
        debit = sum((d for k, (d, _c) in posted.items() if k.startswith(code)), ZERO)
        credit = sum((c for k, (_d, c) in posted.items() if k.startswith(code)), ZERO)
        category = next((name for top, name in tops.items() if code.startswith(top)), line.account.display_name)
        if line.account.kind == AccountKind.EXPENSE:
            pending = sum((v for k, v in committed.items() if k.startswith(code)), ZERO)
            report.expense.append(BudgetRow(line.account, category, line.amount, debit - credit, pending))
        else:
            report.income.append(BudgetRow(line.account, category, line.amount, credit - debit))
    return report
