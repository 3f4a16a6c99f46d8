"""Report exports of the books (``.xlsx``): trial balance, account ledger, income and expenditure statement and the
audit roll-up. Each workbook states the union, the period, who exported it and when; every export writes a
``finance.report_export`` audit event (reports are read through the selectors, which authorise the reader)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets.writing import DATE, MONEY, XLSX_TYPE, Sheet, XlsxWriter
from gonghui.finance import scope
from gonghui.finance.ledger.selectors import AccountLedger, IncomeStatement, TrialBalance
from gonghui.finance.permissions import AUDIT_BOOKS
from gonghui.orgs.models import OrgUnit

REPORTS = (
    "trial_balance",
    "account_ledger",
    "income_statement",
    "rollup",
    "final_accounts",
    "final_accounts_rollup",
)


def report_export_record(*, actor: Actor, unit: OrgUnit, report: str, period: str, rows: int) -> None:
    """Log that ``actor`` exported ``report`` of ``unit``'s books for ``period`` (``*rollup``: of its subtree)."""
    if report not in REPORTS:
        raise ValueError(report)
    if report.endswith("rollup"):
        access.require_visible(actor, AUDIT_BOOKS, unit)
    else:
        scope.require_read(actor, unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="finance.report_export",
            target=unit,
            unit=unit,
            data={"report": report, "period": period, "rows": rows, "format": "xlsx"},
        )


@dataclass
class ExportedReport:
    filename: str
    content: bytes
    content_type: str = XLSX_TYPE


def _actor_name(actor: Actor) -> str:
    return str(getattr(actor, "name", "") or getattr(actor, "username", "") or actor)


class _Report:
    """One report sheet: the title, who exported what and when, the column header (frozen), then its rows with the
    money columns as numbers in ``#,##0.00``."""

    def __init__(
        self, title: str, *, unit: OrgUnit, period: str, actor: Actor, columns: Sequence[str], money: Iterable[int]
    ) -> None:
        self.book = XlsxWriter()
        self.sheet: Sheet = self.book.sheet(title, widths=(14, 28, 12, 16, 16, 16, 16, 16, 16, 16), freeze="A5")
        self.formats = dict.fromkeys(money, MONEY)
        self.sheet.title(title)
        exported_at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        self.sheet.row(
            [
                _("工会：%(unit)s") % {"unit": unit.name},
                _("期间：%(period)s") % {"period": period},
                _("导出人：%(who)s") % {"who": _actor_name(actor)},
                _("导出时间：%(at)s") % {"at": exported_at},
            ]
        )
        self.sheet.blank()
        self.sheet.row(list(columns), bold=True)

    def row(self, values: Sequence[object]) -> None:
        self.sheet.row(values, formats=self.formats)

    def save(self, filename: str) -> ExportedReport:
        return ExportedReport(filename=filename, content=self.book.to_bytes())


def _period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def trial_balance_xlsx(
    *, actor: Actor, unit: OrgUnit, tb: TrialBalance, report: str = "trial_balance"
) -> ExportedReport:
    period = _period(tb.year, tb.month)
    title = _("科目余额表") if report == "trial_balance" else _("汇总科目余额表")
    columns = [
        _("科目编码"),
        _("科目名称"),
        _("期初方向"),
        _("期初余额"),
        _("本期借方"),
        _("本期贷方"),
        _("期末方向"),
        _("期末余额"),
    ]
    out = _Report(title, unit=unit, period=period, actor=actor, columns=columns, money=(3, 4, 5, 7))
    for r in tb.rows:
        out.row([r.code, r.name, r.opening_side, r.opening, r.debit, r.credit, r.closing_side, r.closing])
    out.row([_("合计"), "", "", None, tb.debit_total, tb.credit_total, "", None])
    report_export_record(actor=actor, unit=unit, report=report, period=period, rows=len(tb.rows))
    return out.save(f"{report}-{period}.xlsx")


def account_ledger_xlsx(*, actor: Actor, unit: OrgUnit, ledger: AccountLedger) -> ExportedReport:
    period = f"{ledger.date_from.isoformat()} ~ {ledger.date_to.isoformat()}"
    title = _("明细账：%(account)s") % {"account": ledger.account}
    columns = [_("日期"), _("凭证号"), _("摘要"), _("借方"), _("贷方"), _("余额")]
    out = _Report(title, unit=unit, period=period, actor=actor, columns=columns, money=(3, 4, 5))
    out.formats[0] = DATE
    out.row([ledger.date_from, "", _("期初余额"), None, None, ledger.opening])
    for x in ledger.lines:
        out.row([x.date, x.voucher_label, x.summary, x.debit, x.credit, x.balance])
    out.row(["", "", _("合计"), ledger.debit_total, ledger.credit_total, ledger.closing])
    report_export_record(actor=actor, unit=unit, report="account_ledger", period=period, rows=len(ledger.lines))
    return out.save(f"account_ledger-{ledger.account.code}-{ledger.date_from}-{ledger.date_to}.xlsx")


def income_statement_xlsx(*, actor: Actor, unit: OrgUnit, statement: IncomeStatement) -> ExportedReport:
    period = _period(statement.year, statement.month)
    columns = [_("科目编码"), _("项目"), _("本月数"), _("本年累计数")]
    out = _Report(_("收入支出表"), unit=unit, period=period, actor=actor, columns=columns, money=(2, 3))
    out.row(["", _("一、收入"), None, None])
    for r in statement.income:
        out.row([r.code, r.name, r.month, r.year_to_date])
    out.row(["", _("收入合计"), statement.income_month, statement.income_ytd])
    out.row(["", _("二、支出"), None, None])
    for r in statement.expense:
        out.row([r.code, r.name, r.month, r.year_to_date])
    out.row(["", _("支出合计"), statement.expense_month, statement.expense_ytd])
    out.row(["", _("三、收支结余"), statement.surplus_month, statement.surplus_ytd])
    rows = len(statement.income) + len(statement.expense)
    report_export_record(actor=actor, unit=unit, report="income_statement", period=period, rows=rows)
    return out.save(f"income_statement-{period}.xlsx")
