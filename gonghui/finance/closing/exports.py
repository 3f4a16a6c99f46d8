"""The final accounts (年度决算) as ``.xlsx``: one workbook, two sheets (收入支出决算表, 资产负债表), written through
``gonghui.common.sheets.writing`` (money as numbers in ``#,##0.00``, text never a formula); each export is audited
(``finance.report_export``, through the ledger's export record)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz.access import Actor
from gonghui.common.sheets.writing import MONEY, Sheet, XlsxWriter
from gonghui.finance.closing.selectors import AmountLine, FinalAccounts, PositionLine
from gonghui.finance.ledger.reports import ExportedReport, report_export_record


def _head(sheet: Sheet, title: str, report: FinalAccounts, actor: Actor) -> None:
    who = str(getattr(actor, "name", "") or getattr(actor, "username", "") or actor)
    scope_text = _("%(unit)s及下级工会汇总") % {"unit": report.unit.name} if report.rollup else report.unit.name
    sheet.title(title)
    sheet.row(
        [
            _("工会：%(unit)s") % {"unit": scope_text},
            _("年度：%(year)d") % {"year": report.year},
            _("导出人：%(who)s") % {"who": who},
            _("导出时间：%(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        ]
    )
    sheet.blank()


def _name(line: AmountLine | PositionLine) -> str:
    return line.name if line.standard else _("%(name)s（自设科目）") % {"name": line.name}


def final_accounts_xlsx(*, actor: Actor, report: FinalAccounts) -> ExportedReport:
    book = XlsxWriter()
    money = {2: MONEY, 3: MONEY}

    income = book.sheet(_("收入支出决算表"), widths=(14, 30, 18), freeze="A5")
    _head(income, _("收入支出决算表"), report, actor)
    income.row([_("科目编码"), _("项目"), _("本年数")], bold=True)
    income.row(["", _("一、收入"), None])
    for x in report.income:
        income.row([x.code, _name(x), x.amount], formats={2: MONEY})
    income.row(["", _("收入合计"), report.income_total], formats={2: MONEY}, bold=True)
    income.row(["", _("二、支出"), None])
    for x in report.expense:
        income.row([x.code, _name(x), x.amount], formats={2: MONEY})
    income.row(["", _("支出合计"), report.expense_total], formats={2: MONEY}, bold=True)
    income.row(["", _("三、本年收支结余"), report.surplus], formats={2: MONEY}, bold=True)

    position = book.sheet(_("资产负债表"), widths=(14, 30, 18, 18), freeze="A5")
    _head(position, _("资产负债表"), report, actor)
    position.row([_("科目编码"), _("项目"), _("年初数"), _("年末数")], bold=True)

    def block(title: str, lines: list[PositionLine], total_label: str, opening: object, closing: object) -> None:
        position.row(["", title, None, None])
        for x in lines:
            position.row([x.code, _name(x), x.opening, x.closing], formats=money)
        position.row(["", total_label, opening, closing], formats=money, bold=True)

    block(_("一、资产"), report.assets, _("资产合计"), report.assets_opening, report.assets_closing)
    block(_("二、负债"), report.liabilities, _("负债合计"), report.liabilities_opening, report.liabilities_closing)
    lines = list(report.net_assets)
    if report.unclosed_opening or report.unclosed_closing:
        lines.append(PositionLine("", _("未结转收支结余"), report.unclosed_opening, report.unclosed_closing))
    block(_("三、净资产"), lines, _("净资产合计"), report.net_assets_opening, report.net_assets_closing)
    position.row(
        [
            "",
            _("负债和净资产合计"),
            report.liabilities_opening + report.net_assets_opening,
            report.liabilities_closing + report.net_assets_closing,
        ],
        formats=money,
        bold=True,
    )
    kind = "final_accounts_rollup" if report.rollup else "final_accounts"
    rows = len(report.income) + len(report.expense) + len(report.assets) + len(report.liabilities)
    report_export_record(actor=actor, unit=report.unit, report=kind, period=str(report.year), rows=rows)
    return ExportedReport(filename=f"{kind}-{report.year}.xlsx", content=book.to_bytes())
