"""``.xlsx`` of the arrears list (numbers as numbers, ``#,##0.00``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from gonghui.common.sheets.writing import DATE, MONEY, PERCENT, XlsxWriter

FORMATS = {4: MONEY, 5: MONEY, 6: DATE, 8: PERCENT, 9: MONEY, 10: MONEY, 11: MONEY, 12: MONEY}


def arrears_xlsx(rows: Sequence[tuple[Any, Any]], *, as_of: date) -> bytes:
    book = XlsxWriter()
    sheet = book.sheet(_("欠缴经费"))
    sheet.row([_("截至日期"), as_of.isoformat()])
    sheet.row(
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
            _("已收滞纳金"),
            _("已减免滞纳金"),
            _("尚欠滞纳金"),
        ]
    )
    for d, a in rows:
        sheet.row(
            [
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
                a.charge_paid,
                a.charge_waived,
                a.charge_owed,
            ],
            formats=FORMATS,
        )
    return book.to_bytes()
