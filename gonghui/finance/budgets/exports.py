"""Budget vs actual as ``.xlsx`` (numbers as numbers, format ``#,##0.00``)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.finance.budgets.selectors import BudgetReport, BudgetRow

MONEY = "#,##0.00"


def budget_workbook(report: BudgetReport, *, exported_by: str, exported_at: str) -> bytes:
    budget = report.budget
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("预算执行")
    ws.append(
        [
            _("%(unit)s %(year)s 年度预算执行情况（第 %(v)s 版，%(status)s）")
            % {
                "unit": budget.ledger.unit.name,
                "year": budget.year,
                "v": budget.version,
                "status": budget.get_status_display(),
            }
        ]
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("导出人：%(who)s  导出时间：%(at)s") % {"who": exported_by, "at": exported_at}])
    ws.append([])
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

    def block(title: str, rows: list[BudgetRow]) -> None:
        ws.append([title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.append(header)
        for r in rows:
            ws.append(
                [r.category, r.account.code, r.account.name, r.budgeted, r.actual, r.committed, r.remaining, r.rate]
            )
            for col in (4, 5, 6, 7):
                ws.cell(row=ws.max_row, column=col).number_format = MONEY
            ws.cell(row=ws.max_row, column=8).number_format = "0.0"
        ws.append(
            [
                _("合计"),
                "",
                "",
                sum(r.budgeted for r in rows),
                sum(r.actual for r in rows),
                sum(r.committed for r in rows),
                sum(r.remaining for r in rows),
                None,
            ]
        )
        for col in (4, 5, 6, 7):
            ws.cell(row=ws.max_row, column=col).number_format = MONEY
        ws.append([])

    block(_("收入预算"), report.income)
    block(_("支出预算"), report.expense)
    for col, width in zip("ABCDEFGH", (16, 12, 24, 16, 16, 16, 16, 10), strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
