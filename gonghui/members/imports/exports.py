"""The import's downloadable files: the template to fill in and the error report of a dry run (through the roster
export's writers, ``roster.exports``)."""

from __future__ import annotations

import tempfile
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz.access import Actor
from gonghui.members.imports.headers import FIELDS, TEMPLATE_ORDER
from gonghui.members.models import ImportJob, ImportRowError
from gonghui.members.roster.exports import CHUNK, ExportFile, _actor_name, csv_chunks, xlsx_file

ERROR_COLUMNS = ("行号", "列", "内容", "原因", "错误代码")


def error_report(*, job: ImportJob, errors: QuerySet[ImportRowError], actor: Actor, fmt: str) -> ExportFile:
    stamp = _("导入错误报告：%(file)s 导出人：%(who)s 导出时间：%(when)s") % {
        "file": job.file_name,
        "who": _actor_name(actor),
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    }
    rows = ([e.row, e.column, e.value, e.reason, e.code] for e in errors.iterator(chunk_size=CHUNK))
    stem = f"import-{job.pk}-errors"
    if fmt == "xlsx":
        handle = xlsx_file(stamp, ERROR_COLUMNS, rows, title=_("导入错误"), creator=_actor_name(actor))
        return ExportFile(
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            job.invalid,
            handle=handle,
        )
    return ExportFile(
        f"{stem}.csv", "text/csv; charset=utf-8", job.invalid, chunks=csv_chunks(stamp, ERROR_COLUMNS, rows)
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


def template_xlsx() -> IO[bytes]:
    """The import template: Chinese headers, one example row, the ID and phone columns formatted as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "会员导入"
    for col, key in enumerate(TEMPLATE_ORDER, start=1):
        cell = sheet.cell(row=1, column=col, value=FIELDS[key][0])
        cell.font = Font(bold=True)
        example = sheet.cell(row=2, column=col, value=TEMPLATE_EXAMPLE[key])
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 22 if key in ("id_number", "employer") else 14
        if key in ("id_number", "phone", "joined_on"):
            example.number_format = "@"
            for row in range(3, 1003):
                sheet.cell(row=row, column=col).number_format = "@"
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
