"""Reads of the year end: where a union's year-end closing (结转) stands, and the final-accounts statements
(年度决算): 收入支出决算表 (income and expenditure of the year by account) and 资产负债表 (assets, liabilities and net
assets at the year's start and end), per union or rolled up over a subtree.

Per union: whoever may read its books (``finance.scope``). Rolled up: the audit roll-up's scope rule, holders of
``finance.audit_books`` at the subtree's top (as ``ledger.selectors.rollup_trial_balance``); every ledger of the
subtree summed by account code, with no elimination of what unions owe each other (1202 / 2201 stay gross, as
in the roll-up trial balance). Both report by the **reporting chart** (``ledger.chart.REPORTING``): every account
under its first-level ancestor's 工会会计制度 code and name, so unions that renamed or added sub-accounts differently
add up line by line. The year-end closing voucher is not income or expenditure: the statements leave it
out, and what has not been carried into 工会资金结余 yet shows as its own line so the balance sheet balances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.finance import scope
from gonghui.finance.ledger.chart import REPORTING
from gonghui.finance.ledger.closing import CLOSED_KINDS, closing_lines
from gonghui.finance.models import (
    DEBIT_NORMAL,
    ZERO,
    Account,
    AccountKind,
    Entry,
    Ledger,
    Period,
    PeriodStatus,
    Voucher,
    VoucherStatus,
)
from gonghui.finance.permissions import AUDIT_BOOKS, CLOSE_PERIOD
from gonghui.orgs.models import OrgUnit

PENDING = (VoucherStatus.DRAFT, VoucherStatus.SUBMITTED, VoucherStatus.APPROVED)


# ---------------------------------------------------------------------------------------------------- year close


@dataclass
class ClosingLine:
    code: str
    name: str
    debit: Decimal
    credit: Decimal


@dataclass
class YearCloseStatus:
    ledger: Ledger
    year: int
    open_before: list[Period]  # months before December still open (they must be closed first)
    december: Period | None
    pending: int  # December vouchers waiting for review or posting
    preview: list[ClosingLine]  # what a closing voucher generated now would carry
    vouchers: list[Voucher]  # the year's closing vouchers (any status)
    can_prepare: bool  # the actor may generate it (``finance.close_period`` at the union)
    problem: str = ""  # why the preview could not be computed (no 3101 leaf)

    @property
    def december_closed(self) -> bool:
        return self.december is not None and not self.december.is_open

    @property
    def ready(self) -> bool:
        """Everything in place for generating the closing voucher now."""
        waiting = any(v.status in PENDING for v in self.vouchers)
        return (
            not self.open_before
            and not self.december_closed
            and not self.pending
            and not waiting
            and bool(self.preview)
            and not self.problem
        )


def year_close_status(*, actor: Actor, ledger: Ledger, year: int) -> YearCloseStatus:
    scope.require_read(actor, ledger.unit)
    periods = Period.objects.filter(ledger=ledger)
    open_before = list(
        periods.filter(status=PeriodStatus.OPEN)
        .filter(Q(year__lt=year) | Q(year=year, month__lt=12))
        .order_by("year", "month")
    )
    december = periods.filter(year=year, month=12).first()
    pending = (
        december.vouchers.filter(status__in=PENDING, closes_year__isnull=True).count() if december is not None else 0
    )
    problem = ""
    try:
        preview = [ClosingLine(a.code, a.name, d, c) for a, d, c in closing_lines(ledger, year)]
    except ValidationError as exc:
        preview, problem = [], " ".join(exc.messages)
    vouchers = list(
        Voucher.objects.filter(ledger=ledger, closes_year=year).select_related("prepared_by", "period").order_by("id")
    )
    return YearCloseStatus(
        ledger=ledger,
        year=year,
        open_before=open_before,
        december=december,
        pending=pending,
        preview=preview,
        vouchers=vouchers,
        can_prepare=access.check(actor, CLOSE_PERIOD, ledger.unit),
        problem=problem,
    )


# ---------------------------------------------------------------------------------------------------- final accounts


@dataclass
class AmountLine:
    code: str  # the reporting chart's code (``chart.REPORTING``)
    name: str
    amount: Decimal
    standard: bool = True  # False: a first-level account the union created, outside the reporting chart


@dataclass
class PositionLine:
    code: str
    name: str
    opening: Decimal  # 年初数
    closing: Decimal  # 年末数
    standard: bool = True


def _total(lines: list[Any], attr: str) -> Decimal:
    return sum((getattr(x, attr) for x in lines), ZERO)


@dataclass
class FinalAccounts:
    """收入支出决算表 and 资产负债表 of ``unit`` (its own books, or its subtree's when ``rollup``) for ``year``."""

    unit: OrgUnit
    year: int
    rollup: bool
    income: list[AmountLine] = field(default_factory=list)
    expense: list[AmountLine] = field(default_factory=list)
    assets: list[PositionLine] = field(default_factory=list)
    liabilities: list[PositionLine] = field(default_factory=list)
    net_assets: list[PositionLine] = field(default_factory=list)
    unclosed_opening: Decimal = ZERO  # income less expenditure of earlier years not carried into 3101
    unclosed_closing: Decimal = ZERO  # ... at the year's end (zero once the year is closed)
    ledgers: list[tuple[str, bool]] = field(default_factory=list)  # (union, year closed) of every ledger summed

    @property
    def income_total(self) -> Decimal:
        return _total(self.income, "amount")

    @property
    def expense_total(self) -> Decimal:
        return _total(self.expense, "amount")

    @property
    def surplus(self) -> Decimal:
        return self.income_total - self.expense_total

    @property
    def assets_opening(self) -> Decimal:
        return _total(self.assets, "opening")

    @property
    def assets_closing(self) -> Decimal:
        return _total(self.assets, "closing")

    @property
    def liabilities_opening(self) -> Decimal:
        return _total(self.liabilities, "opening")

    @property
    def liabilities_closing(self) -> Decimal:
        return _total(self.liabilities, "closing")

    @property
    def net_assets_opening(self) -> Decimal:
        return _total(self.net_assets, "opening") + self.unclosed_opening

    @property
    def net_assets_closing(self) -> Decimal:
        return _total(self.net_assets, "closing") + self.unclosed_closing

    @property
    def balanced(self) -> bool:
        return (
            self.assets_opening == self.liabilities_opening + self.net_assets_opening
            and self.assets_closing == self.liabilities_closing + self.net_assets_closing
        )

    @property
    def closed(self) -> bool:
        """Every ledger summed has closed the year (December closed after the year-end closing)."""
        return bool(self.ledgers) and all(done for _name, done in self.ledgers)


def _reporting(accounts: QuerySet[Account], ids: set[int]) -> dict[int, tuple[str, str, str, bool]]:
    """Each account id → its reporting line ``(code, name, kind, in the reporting chart)``: the first-level ancestor
    mapped through ``chart.REPORTING`` (a union's own first-level account: its own code and name). Reads the
    accounts and their ancestors level by level (one query per level of sub-accounts)."""
    rows: dict[int, tuple[str, str, str, int | None]] = {}
    wanted = set(ids)
    while wanted:
        found = accounts.filter(pk__in=wanted).values_list("pk", "code", "name", "kind", "parent_id")
        for pk, code, name, kind, parent_id in found:
            rows[pk] = (code, name, kind, parent_id)
        wanted = {r[3] for r in rows.values() if r[3] is not None and r[3] not in rows}
    out: dict[int, tuple[str, str, str, bool]] = {}
    for pk in ids:
        top = rows[pk]
        while top[3] is not None:
            top = rows[top[3]]
        code, name, kind, _parent = top
        standard = REPORTING.get(code)
        out[pk] = (standard[0], str(standard[1]), kind, True) if standard else (code, name, kind, False)
    return out


def _final_accounts(
    entries: QuerySet[Entry],
    accounts: QuerySet[Account],
    ledgers: QuerySet[Ledger],
    unit: OrgUnit,
    year: int,
    rollup: bool,
) -> FinalAccounts:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    ordinary = Q(date__gte=start) & Q(voucher__closes_year__isnull=True)
    keys = ("od", "oc", "yd", "yc", "d", "c")
    by_account: dict[int, dict[str, Decimal]] = {}
    for r in (
        entries.filter(date__lt=end)
        .values("account_id")
        .annotate(
            od=Sum("debit", filter=Q(date__lt=start)),
            oc=Sum("credit", filter=Q(date__lt=start)),
            yd=Sum("debit", filter=ordinary),
            yc=Sum("credit", filter=ordinary),
            d=Sum("debit"),
            c=Sum("credit"),
        )
        .order_by()
    ):
        by_account[r["account_id"]] = {k: cents(r[k]) for k in keys}
    # Summed by reporting line: what a union renamed or added below a first-level account reports under it.
    lines: dict[str, tuple[str, str, bool]] = {}
    sums: dict[str, dict[str, Decimal]] = {}
    for pk, (code, name, kind, standard) in _reporting(accounts, set(by_account)).items():
        lines.setdefault(code, (name, kind, standard))
        total = sums.setdefault(code, dict.fromkeys(keys, ZERO))
        for k in keys:
            total[k] += by_account[pk][k]
    report = FinalAccounts(unit=unit, year=year, rollup=rollup)
    for code in sorted(lines):
        name, kind, standard = lines[code]
        s = sums[code]
        sign = Decimal(1) if kind in DEBIT_NORMAL else Decimal(-1)
        opening, closing = sign * (s["od"] - s["oc"]), sign * (s["d"] - s["c"])
        if kind in CLOSED_KINDS:
            # Not yet carried into 工会资金结余: income adds to net assets, expenditure takes from them.
            report.unclosed_opening -= s["od"] - s["oc"]
            report.unclosed_closing -= s["d"] - s["c"]
            amount = sign * (s["yd"] - s["yc"])
            if amount:
                target = report.income if kind == AccountKind.INCOME else report.expense
                target.append(AmountLine(code, name, amount, standard))
            continue
        if not opening and not closing:
            continue
        group = {
            AccountKind.ASSET: report.assets,
            AccountKind.LIABILITY: report.liabilities,
            AccountKind.NET_ASSETS: report.net_assets,
        }[AccountKind(kind)]
        group.append(PositionLine(code, name, opening, closing, standard))
    closed = set(
        Period.objects.filter(ledger__in=ledgers, year=year, month=12, status=PeriodStatus.CLOSED).values_list(
            "ledger_id", flat=True
        )
    )
    report.ledgers = [(x.unit.name, x.pk in closed) for x in ledgers.select_related("unit").order_by("unit__path")]
    return report


def final_accounts(*, actor: Actor, ledger: Ledger, year: int) -> FinalAccounts:
    """The final accounts of one union's own books (four queries)."""
    scope.require_read(actor, ledger.unit)
    return _final_accounts(
        Entry.objects.filter(ledger=ledger),
        Account.objects.filter(ledger=ledger),
        Ledger.objects.filter(pk=ledger.pk),
        ledger.unit,
        year,
        rollup=False,
    )


def final_accounts_rollup(*, actor: Actor, unit: OrgUnit, year: int) -> FinalAccounts:
    """The final accounts of every ledger in ``unit``'s subtree summed by account code; needs
    ``finance.audit_books`` at ``unit`` (the audit roll-up's rule)."""
    access.require_visible(actor, AUDIT_BOOKS, unit)
    subtree = Q(ledger__unit__path__startswith=unit.path)
    return _final_accounts(
        Entry.objects.filter(subtree),
        Account.objects.filter(subtree),
        Ledger.objects.filter(unit__path__startswith=unit.path),
        unit,
        year,
        rollup=True,
    )
