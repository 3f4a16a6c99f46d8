"""The import's downloadable files: the template to fill in and the error report of a dry run (through the roster
export's :func:`~gonghui.members.roster.exports.export_file`, on the kernel writer)."""

from __future__ import annotations

import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz.access import Actor
from gonghui.common.sheets.writing import TEXT, Sheet
from gonghui.members.imports.headers import FIELDS, TEMPLATE_ORDER
from gonghui.members.models import ImportJob, ImportRowError
from gonghui.members.roster.exports import CHUNK, ExportFile, _actor_name, export_file

ERROR_COLUMNS = ("行号", "列", "内容", "原因", "错误代码")


def error_report(*, job: ImportJob, errors: QuerySet[ImportRowError], actor: Actor, fmt: str) -> ExportFile:
    stamp = _("导入错误报告：%(file)s 导出人：%(who)s 导出时间：%(when)s") % {
        "file": job.file_name,
        "who": _actor_name(actor),
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    }
    return export_file(
        stem=f"import-{job.pk}-errors",
        fmt=fmt,
        stamp=stamp,
        header=ERROR_COLUMNS,
        rows=([e.row, e.column, e.value, e.reason, e.code] for e in errors.iterator(chunk_size=CHUNK)),
        count=job.invalid,
        title=_("导入错误"),
        creator=_actor_name(actor),
    )


TEMPLATE_EXAMPLE = {
    "name": "王兰芳",
    "id_type": "居民身份证",
    "id_number": "330106199001011248",
    "gender": "女",
    "ethnicity": "汉族",
    "phone": "13800000001",
    "education": "本科",
    "employer": "杭州示例科技有限公司",
    "job": "工程师",
    "joined_on": "2024-05-01",
    "gig_type": "",
}


TEXT_COLUMNS = ("id_number", "phone", "joined_on")
FORMATTED_ROWS = 1000


def template_xlsx() -> IO[bytes]:
    """The import template: Chinese headers, one example row, the ID, phone and date columns formatted as text.

    A normal (not streaming) openpyxl workbook: the text format ``@`` is set on the first 1,000 empty rows of those
    columns, which the kernel's streaming writer cannot express (it formats only the cells it writes). The header
    and example cells are written by the kernel writer's :class:`~gonghui.common.sheets.writing.Sheet` all the
    same, so they follow its text rule (strings are text, never formulas)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # noqa: S101 - a new workbook always has a sheet
    ws.title = "会员导入"
    sheet = Sheet(ws)
    sheet.row([FIELDS[key][0] for key in TEMPLATE_ORDER], bold=True)
    sheet.row([TEMPLATE_EXAMPLE[key] for key in TEMPLATE_ORDER])
    for col, key in enumerate(TEMPLATE_ORDER, start=1):
        ws.column_dimensions[get_column_letter(col)].width = 22 if key in ("id_number", "employer") else 14
        if key in TEXT_COLUMNS:
            for row in range(2, FORMATTED_ROWS + 3):
                ws.cell(row=row, column=col).number_format = TEXT
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
