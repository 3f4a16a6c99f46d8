"""Budget vs actual as ``.xlsx`` (numbers as numbers, format ``#,##0.00``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.common.sheets.writing import MONEY, ONE_DECIMAL, Sheet, XlsxWriter
from gonghui.finance.budgets.selectors import BudgetReport, BudgetRow

FORMATS = {3: MONEY, 4: MONEY, 5: MONEY, 6: MONEY, 7: ONE_DECIMAL}


def budget_workbook(report: BudgetReport, *, exported_by: str, exported_at: str) -> bytes:
    budget = report.budget
    book = XlsxWriter()
    sheet = book.sheet(_("预算执行"), widths=(16, 12, 24, 16, 16, 16, 16, 10))
    sheet.title(
        _("%(unit)s %(year)s 年度预算执行情况（第 %(v)s 版，%(status)s）")
        % {
            "unit": budget.ledger.unit.name,
            "year": budget.year,
            "v": budget.version,
            "status": budget.get_status_display(),
        },
        size=13,
    )
    sheet.row([_("导出人：%(who)s  导出时间：%(at)s") % {"who": exported_by, "at": exported_at}])
    sheet.blank()
    header = [
        _("类别"),
        _("科目编码"),
        _("科目名称"),
        _("预算数"),
        _("实际数"),
        _("在途未记账"),
        _("剩余"),
        _("执行率（%）"),
    ]

    def block(sheet: Sheet, title: str, rows: list[BudgetRow]) -> None:
        sheet.row([title], bold=True)
        sheet.row(header)
        for r in rows:
            sheet.row(
                [
                    r.category,
                    r.account.code,
                    r.account.display_name,
                    r.budgeted,
                    r.actual,
                    r.committed,
                    r.remaining,
                    r.rate,
                ],
                formats=FORMATS,
            )
        sheet.row(
            [
                _("合计"),
                "",
                "",
                sum(r.budgeted for r in rows),
                sum(r.actual for r in rows),
                sum(r.committed for r in rows),
                sum(r.remaining for r in rows),
                None,
            ],
            formats=FORMATS,
        )
        sheet.blank()

    block(sheet, _("收入预算"), report.income)
    block(sheet, _("支出预算"), report.expense)
    return book.to_bytes()
