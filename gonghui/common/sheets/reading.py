"""Reading spreadsheet files row by row: ``.xlsx`` through the kernel's streaming reader (``sheets.xlsx``: constant
memory, bounded), ``.xls`` (Excel 97-2003) through python-calamine, ``.csv`` in UTF-8 (with or without BOM) or
GB18030 (detected: strict UTF-8 first, else GB18030). CSV and ``.xlsx`` files are streamed; rows are lists of cell
values (``str`` for CSV; ``str``/``float``/``int``/``date``/``datetime``/``bool`` for workbooks).

Every file is bounded while it is read (``xlsx.Limits``: rows, columns, characters a cell, and for ``.xlsx`` the
package's uncompressed size and compression ratio): passing a bound raises :class:`ReadError` with the reason.
An ``.xls`` is read whole by calamine (its format caps a sheet at 65,536 rows and 256 columns); callers that read
untrusted files run the reading in a child process with a memory limit (``members.imports.parallel``).

Row numbers are the sheet's own: the first row read is row 1, blank rows above the first cell included.

A workbook may hold several sheets (an instructions sheet before the data): :func:`sheet_names` lists the visible
worksheets, :func:`open_rows` reads the one named (the first by default). A file that cannot be read raises
:class:`ReadError` whose message says why in Chinese (an ``.xls`` that is really a web page, a workbook with an
open password, a file that is not a workbook at all)."""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from gonghui.common.sheets import xlsx
from gonghui.common.sheets.xlsx import DEFAULT as LIMITS
from gonghui.common.sheets.xlsx import Limits, SheetLimitError

CHUNK = 1 << 20


class ReadError(ValueError):
    pass


WORKBOOKS = ("xlsx", "xls")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def format_of(name: str) -> str | None:
    """``"csv"``, ``"xlsx"`` or ``"xls"`` from a file name, else ``None``."""
    lower = name.lower()
    for fmt in ("csv", "xlsx", "xls"):
        if lower.endswith(f".{fmt}"):
            return fmt
    return None


def _sniffed(path: Path, fmt: str) -> str:
    """The workbook format the file's first bytes say (an ``.xls`` that is really an ``.xlsx``, and the other way
    round, are read as what they are); raises ``ReadError`` with the reason for what no reader can open."""
    with path.open("rb") as fh:
        head = fh.read(512)
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in _ole_names(path):
            # an .xlsx inside an OLE container, as Excel saves a workbook with an open password
            raise ReadError(_("文件设置了打开密码，无法读取：请在 Excel 中取消密码后重新上传。"))
        return "xls"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<", b"mime-version")):
        raise ReadError(
            _("这个文件实际是网页（HTML）格式，只是扩展名为 .%(ext)s：请用 Excel 打开后“另存为” .xlsx 再上传。")
            % {"ext": fmt}
        )
    raise ReadError(_("文件不是有效的 Excel 文件（可能已损坏或不是表格文件），请确认后重新上传。"))


def _ole_names(path: Path) -> bytes:
    """The first 64 KiB of an OLE file: enough to hold its directory entries' UTF-16 names."""
    with path.open("rb") as fh:
        return fh.read(1 << 16)


def _workbook(path: Path, fmt: str) -> Any:
    from python_calamine import CalamineWorkbook

    actual = _sniffed(path, fmt)
    try:
        if actual == fmt:
            return CalamineWorkbook.from_path(str(path))
        with path.open("rb") as fh:  # mis-named: calamine picks its reader by the extension
            return CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # noqa: BLE001 - any calamine failure means the file is not a readable workbook
        raise ReadError(
            _("文件无法读取（%(why)s），请确认是 .xlsx、.xls 或 .csv 文件。") % {"why": str(exc)[:120]}
        ) from exc


def sheet_names(path: Path, fmt: str) -> list[str]:
    """The visible worksheets of a workbook, in order (``[""]`` for a CSV file: it has one unnamed sheet)."""
    if fmt not in WORKBOOKS:
        return [""]
    if _sniffed(path, fmt) == "xlsx":
        try:
            return xlsx.visible_sheets(path)
        except SheetLimitError as exc:
            raise ReadError(str(exc)) from None
    workbook = _workbook(path, fmt)
    names = [
        meta.name
        for meta in workbook.sheets_metadata
        if str(meta.typ).endswith("WorkSheet") and str(meta.visible).endswith(".Visible")
    ]
    return names or list(workbook.sheet_names)


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` (BOM) or ``utf-8`` when the whole file decodes strictly as UTF-8, else ``gb18030``."""
    with path.open("rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig" if bom else "utf-8"


def _csv_rows(path: Path, encoding: str, limits: Limits = LIMITS) -> Iterator[list[object]]:
    # Process-wide, but one value serves every reader: no cell of any file the platform reads may be longer.
    csv.field_size_limit(limits.cell_chars)
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        number = 0
        try:
            for number, row in enumerate(reader, start=1):  # noqa: B007 - the number is reported on failure
                if len(row) > limits.columns:
                    raise ReadError(
                        _("第 %(row)s 行有 %(n)s 列，超出了导入能读取的 %(max)s 列：请删除多余的列后重新上传。")
                        % {"row": number, "n": len(row), "max": limits.columns}
                    )
                if number > limits.rows:
                    raise ReadError(
                        _("文件超过 %(n)s 行，超出了导入能读取的行数：请拆分后分批上传。") % {"n": f"{limits.rows:,}"}
                    )
                yield row  # type: ignore[misc]
        except csv.Error as exc:
            if "field larger" not in str(exc):
                why = {"row": number, "why": exc}
                raise ReadError(_("第 %(row)s 行之后的内容无法读取（%(why)s）。") % why) from None
            raise ReadError(
                _("第 %(row)s 行有一个单元格超过 %(n)s 个字符（Excel 单元格的上限），文件可能已损坏或被篡改。")
                % {"row": number + 1, "n": f"{limits.cell_chars:,}"}
            ) from None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[object]]:
    try:
        yield from xlsx.iter_rows(path, sheet)
    except SheetLimitError as exc:
        raise ReadError(str(exc)) from None


def _workbook_rows(path: Path, fmt: str, sheet: str | None) -> Iterator[list[object]]:
    if _sniffed(path, fmt) == "xlsx":
        return _xlsx_rows(path, sheet)
    workbook = _workbook(path, fmt)
    try:
        found = workbook.get_sheet_by_index(0) if sheet is None else workbook.get_sheet_by_name(sheet)
        rows = found.iter_rows()
    except Exception as exc:  # noqa: BLE001 - any calamine failure means the sheet cannot be read
        raise ReadError(
            _("工作表“%(sheet)s”无法读取（%(why)s）。") % {"sheet": sheet or "1", "why": str(exc)[:120]}
        ) from exc
    return _bounded(rows, sheet or "1")


def _bounded(rows: Iterator[list[object]], sheet: str, limits: Limits = LIMITS) -> Iterator[list[object]]:
    """An ``.xls`` sheet's rows, with the cell length bound of the other formats (the format bounds the rest)."""
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if isinstance(cell, str) and len(cell) > limits.cell_chars:
                raise ReadError(
                    _("工作表“%(sheet)s”第 %(row)s 行有一个单元格超过 %(n)s 个字符（Excel 单元格的上限）。")
                    % {"sheet": sheet, "row": number, "n": f"{limits.cell_chars:,}"}
                )
        yield list(row)


def open_rows(path: Path, fmt: str, sheet: str | None = None) -> tuple[str, Iterator[list[object]]]:
    """The detected encoding ("" for a workbook) and an iterator over all rows of ``sheet`` (a workbook's sheet
    name; ``None``: the first sheet), the first row first."""
    if fmt == "csv":
        encoding = detect_encoding(path)
        return encoding, _csv_rows(path, "utf-8-sig" if encoding.startswith("utf-8") else encoding)
    if fmt in WORKBOOKS:
        return "", _workbook_rows(path, fmt, sheet)
    raise ReadError(_("只支持 .xlsx、.xls 或 .csv 文件。"))


def upload_rows(upload: UploadedFile, *, max_bytes: int) -> Iterator[list[object]]:
    """Rows of a small uploaded ``.xlsx`` or ``.csv`` (a bank statement, a dues list), read whole. Raises
    ``ValidationError`` for another format, a file over ``max_bytes`` or a file that cannot be read."""
    fmt = format_of(upload.name or "")
    if fmt is None:
        raise ValidationError(_("只能上传 .xlsx、.xls 或 .csv 文件。"), code="format")
    if (upload.size or 0) > max_bytes:
        raise ValidationError(_("文件不能超过 %(mb)d MB。") % {"mb": max_bytes // (1 << 20)}, code="size")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload.{fmt}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        upload.seek(0)
        try:
            _encoding, rows = open_rows(path, fmt)
            materialised = list(rows)
        except ReadError as exc:
            raise ValidationError(str(exc), code="unreadable") from None
        except (UnicodeError, ValueError):
            raise ValidationError(_("文件无法读取，请检查格式。"), code="unreadable") from None
    yield from materialised
