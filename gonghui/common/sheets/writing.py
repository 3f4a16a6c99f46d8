"""Writing ``.xlsx`` and ``.csv`` files: the one writer every export, report and error file goes through.

Text is always stored as text. A value that a person typed (a name such as ``=HYPERLINK(...)``, an employer
``=1+1``, a summary, a row error's cell content) never becomes a live formula in a workbook: string cells are
written as strings whatever they start with. In CSV, which has no cell types, a text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with ``'`` (OWASP's advice for CSV injection), so that a
spreadsheet program shows it instead of evaluating it. Numbers (``int``, ``float``, ``Decimal``) and dates stay
numbers and dates, with a number format per column (:data:`MONEY`, :data:`DATE`, ...). Control characters,
which a workbook cannot hold, are dropped from text instead of failing the whole file.

Workbooks are written in openpyxl's write-only (streaming) mode, in constant memory whatever their length.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.000%"
ONE_DECIMAL = "0.0"
TEXT = "@"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (C0 controls but tab and line ends, surrogates, U+FFFE and U+FFFF); openpyxl's own
# check misses the last two, and one of them in any cell makes the whole workbook unreadable.
NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def csv_safe(value: object) -> object:
    """``value`` for a CSV cell: a text that a spreadsheet would evaluate gets a leading ``'``."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(lines: Iterable[Sequence[object]], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """A CSV file (UTF-8 with BOM, for Excel) as byte chunks: ``lines`` first (a stamp, the header), then ``rows``,
    500 rows a chunk, every cell through :func:`csv_safe`."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    for line in lines:
        yield writer.writerow([csv_safe(v) for v in line]).encode()
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow([csv_safe(v) for v in row]))
        if len(buffer) >= 500:
            yield "".join(buffer).encode()
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode()


class Sheet:
    """One sheet of an :class:`XlsxWriter`; rows are appended in order."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws

    def _cell(self, value: object, fmt: str | None, bold: bool, wrap: bool = False) -> WriteOnlyCell:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, str):
            value = NOT_IN_XML.sub("", value)  # control characters cannot be stored in a workbook
        cell = WriteOnlyCell(self._ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text, never a formula
        elif fmt and isinstance(value, int | float | Decimal | date):
            cell.number_format = fmt
        elif isinstance(value, date):
            cell.number_format = DATE
        if bold:
            cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def row(
        self,
        values: Sequence[object],
        *,
        formats: Mapping[int, str] | None = None,
        bold: bool = False,
        wrap: Collection[int] = (),
    ) -> None:
        """Append one row; ``formats`` maps a column index (0-based) to a number format; the cells of the columns in
        ``wrap`` wrap their text (top-aligned), for long texts such as a finding or a reply."""
        fmts = formats or {}
        self._ws.append([self._cell(v, fmts.get(i), bold, i in wrap) for i, v in enumerate(values)])

    def rows(self, rows: Iterable[Sequence[object]], *, formats: Mapping[int, str] | None = None) -> None:
        for values in rows:
            self.row(values, formats=formats)

    def title(self, text: object, *, size: int = 14) -> None:
        cell = self._cell(text, None, False)
        cell.font = Font(bold=True, size=size)
        self._ws.append([cell])

    def blank(self) -> None:
        self._ws.append([])


_SHEET_TITLE_REFUSED = re.compile(r"[\\/*?:\[\]\x00-\x1f]")


class XlsxWriter:
    """A streaming ``.xlsx`` workbook. Create the sheets, append rows, then :meth:`to_bytes` or
    :meth:`to_tempfile` (for large files served with ``FileResponse``)."""

    def __init__(self, *, creator: str = "", title: str = "", description: str = "") -> None:
        self._wb = Workbook(write_only=True)
        props = self._wb.properties
        props.creator = creator or None
        props.title = title or None
        props.description = description or None
        props.created = timezone.now().replace(tzinfo=None)

    def sheet(self, title: object, *, widths: Sequence[int] = (), freeze: str | None = None) -> Sheet:
        """A new sheet; ``widths`` are the first columns' widths. The title is made one Excel takes: the characters
        Excel refuses (``[]:*?/\\``) become ``-``, it is cut to 31 characters, and a repeated title gets a number."""
        ws = self._wb.create_sheet(self._title(title))
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            ws.freeze_panes = freeze
        return Sheet(ws)

    def _title(self, title: object) -> str:
        text = _SHEET_TITLE_REFUSED.sub("-", str(title)).strip("'") or "Sheet"
        taken = {name.casefold() for name in self._wb.sheetnames}
        candidate, n = text[:31], 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = text[: 31 - len(suffix)] + suffix
        return candidate

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._wb.save(buffer)
        return buffer.getvalue()

    def to_tempfile(self) -> IO[bytes]:
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the caller (FileResponse)
        self._wb.save(handle)
        handle.seek(0)
        return handle
