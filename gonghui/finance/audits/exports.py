"""The audit report as ``.xlsx``: findings with severity, amount (numbers, ``#,##0.00``) and rectification."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gonghui.finance.audits.selectors import AuditDetail
from gonghui.finance.models import Rectification

MONEY = "#,##0.00"


def audit_workbook(detail: AuditDetail, *, exported_by: str, exported_at: str) -> bytes:
    audit = detail.audit
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("审计报告")
    ws.append([audit.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("审计组织"), audit.planning_unit.name, _("被审计工会"), audit.audited_unit.name])
    ws.append([_("审计类型"), audit.get_kind_display(), _("审计年度"), audit.year])
    ws.append([_("状态"), audit.get_status_display(), _("导出人"), f"{exported_by} {exported_at}"])
    ws.append([_("审计结论"), audit.report_summary])
    ws.append([])
    ws.append(
        [
            _("序号"),
            _("问题摘要"),
            _("严重程度"),
            _("涉及金额（元）"),
            _("问题状态"),
            _("整改要求"),
            _("整改期限"),
            _("整改状态"),
            _("整改情况"),
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for f in detail.findings:
        rects: list[Rectification | None] = [*f.rectifications.all()] or [None]
        for r in rects:
            ws.append(
                [
                    f.number,
                    f.title,
                    f.get_severity_display(),
                    f.amount,
                    f.get_status_display(),
                    r.instructions if r else "",
                    r.due_on.isoformat() if r else "",
                    r.get_status_display() if r else "",
                    r.reply if r else "",
                ]
            )
            ws.cell(row=ws.max_row, column=4).number_format = MONEY
            for col in (2, 6, 9):
                ws.cell(row=ws.max_row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([_("合计"), "", "", detail.amount_total])
    ws.cell(row=ws.max_row, column=4).number_format = MONEY
    for letter, width in zip("ABCDEFGHI", (8, 30, 10, 16, 10, 36, 12, 14, 36), strict=True):
        ws.column_dimensions[letter].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
