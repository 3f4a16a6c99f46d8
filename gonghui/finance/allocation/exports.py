"""``.xlsx`` of the arrears list (numbers as numbers, ``#,##0.00``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

MONEY = "#,##0.00"


def arrears_xlsx(rows: Sequence[tuple[Any, Any]], *, as_of: date) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("欠缴经费"))
    ws.append([_("截至日期"), as_of.isoformat()])
    ws.append(
        [
            _("用人单位"),
            _("统一社会信用代码"),
            _("所属工会"),
            _("所属月份"),
            _("应缴经费"),
            _("欠缴金额"),
            _("缴纳截止日"),
            _("逾期天数"),
            _("日费率"),
            _("滞纳金"),
        ]
    )
    from openpyxl.cell import WriteOnlyCell

    for d, a in rows:
        cells = [
            d.employer.name,
            d.employer.credit_code,
            d.unit.name,
            f"{d.month:%Y-%m}",
            d.amount,
            a.outstanding,
            d.due_on,
            a.days,
            a.rate,
            a.charge,
        ]
        out = []
        for i, value in enumerate(cells):
            c = WriteOnlyCell(ws, value=value)
            if i in (4, 5, 9):
                c.number_format = MONEY
            elif i == 6:
                c.number_format = "yyyy-mm-dd"
            elif i == 8:
                c.number_format = "0.000%"
            out.append(c)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
