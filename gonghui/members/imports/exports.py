"""The import's downloadable files: the template to fill in and the error report of a dry run (through the roster
export's :func:`~gonghui.members.roster.exports.export_file`, on the kernel writer)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.sheets.writing import TEXT, Sheet
from gonghui.members.imports.headers import FIELDS, TEMPLATE_EXAMPLE, TEMPLATE_ORDER, HeaderMap
from gonghui.members.models import ImportJob, ImportRowError
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.members.roster.exports import CHUNK, ExportFile, _actor_name, export_file

ERROR_COLUMNS = ("行号", "姓名", "列", "内容", "原因", "错误代码")
REASON_COLUMN = "错误原因"  # appended to the failed rows file: not a roster column, ignored on re-upload


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
        rows=([e.row, e.name, e.column, e.value, e.reason, e.code] for e in errors.iterator(chunk_size=CHUNK)),
        count=job.invalid,
        title=_("导入错误"),
        creator=_actor_name(actor),
    )


def failed_rows(*, job: ImportJob, errors: QuerySet[ImportRowError], actor: Actor) -> ExportFile:
    """The failed rows alone, as they are in the uploaded file (the header row, then each failed row's own cells,
    with the reasons in a last column), to fix and upload again. Read from the stored upload: available while the
    job keeps its file (until it is imported, cancelled or cleaned up). Raises ``FileNotFoundError`` after."""
    from gonghui.members.imports import files
    from gonghui.members.imports.pipeline import read_headers

    access.require_action(actor, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=job.unit)
    if not job.file_path or not files.stored_path(job).exists():
        raise FileNotFoundError(job.file_path)
    reasons: dict[int, list[str]] = {}
    for row, reason in errors.values_list("row", "reason").iterator(chunk_size=CHUNK):
        reasons.setdefault(row, []).append(reason)
    with files.plain(job) as path:  # the workbook is written whole inside (export_file), then the copy is gone
        _encoding, headers, rows = read_headers(path, job.format)
        header_cells = _header_cells(path, job.format, headers)

        def failed() -> Iterator[list[object]]:
            for number, cells in enumerate(rows, start=headers.row + 1):
                found = reasons.get(number)
                if found:
                    yield [*_padded(cells, len(header_cells)), "；".join(found)]

        with transaction.atomic():
            audit_record(
                actor=actor, action="members.import_failed_rows", target=job, unit=job.unit, data={"rows": len(reasons)}
            )
        stamp = _("需修正的行：%(file)s（共 %(n)s 行，原行号见错误报告）。修正后可直接上传本文件。") % {
            "file": job.file_name,
            "n": len(reasons),
        }
        return export_file(
            stem=f"import-{job.pk}-failed-rows",
            fmt="xlsx",
            stamp=stamp,
            header=[*header_cells, REASON_COLUMN],
            rows=failed(),
            count=len(reasons),
            title=_("需修正的行"),
            creator=_actor_name(actor),
        )


def _header_cells(path: Path, fmt: str, headers: HeaderMap) -> list[str]:
    from gonghui.common.sheets.reading import open_rows

    _encoding, rows = open_rows(path, fmt, headers.sheet or None)
    for number, cells in enumerate(rows, start=1):
        if number == headers.row:
            return [" ".join(str(c if c is not None else "").split()) for c in cells]
    return []


def _padded(cells: list[object], width: int) -> list[object]:
    return [*cells[:width], *([""] * (width - len(cells)))]


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
