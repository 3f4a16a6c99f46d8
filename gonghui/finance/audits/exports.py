"""The audit report as ``.xlsx``: findings with severity, amount (numbers, ``#,##0.00``) and rectification."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.common.sheets.writing import MONEY, XlsxWriter
from gonghui.finance.audits.selectors import AuditDetail
from gonghui.finance.models import Rectification

AMOUNT = {3: MONEY}
LONG_TEXTS = (1, 5, 8)  # the finding, the instructions and the reply wrap


def audit_workbook(detail: AuditDetail, *, exported_by: str, exported_at: str) -> bytes:
    audit = detail.audit
    book = XlsxWriter()
    sheet = book.sheet(_("审计报告"), widths=(8, 30, 10, 16, 10, 36, 12, 14, 36))
    sheet.title(audit.title, size=13)
    sheet.row([_("审计组织"), audit.planning_unit.name, _("被审计工会"), audit.audited_unit.name])
    sheet.row([_("审计类型"), audit.get_kind_display(), _("审计年度"), audit.year])
    sheet.row([_("状态"), audit.get_status_display(), _("导出人"), f"{exported_by} {exported_at}"])
    sheet.row([_("审计结论"), audit.report_summary])
    sheet.blank()
    sheet.row(
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
        ],
        bold=True,
    )
    for f in detail.findings:
        rects: list[Rectification | None] = [*f.rectifications.all()] or [None]
        for r in rects:
            sheet.row(
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
                ],
                formats=AMOUNT,
                wrap=LONG_TEXTS,
            )
    sheet.row([_("合计"), "", "", detail.amount_total], formats=AMOUNT)
    return book.to_bytes()
