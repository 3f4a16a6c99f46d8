"""Reading spreadsheet files row by row: ``.xlsx`` through python-calamine, ``.csv`` in UTF-8 (with or without BOM)
or GB18030 (detected: strict UTF-8 first, else GB18030). CSV files are streamed; rows are lists of cell values
(``str`` for CSV; ``str``/``float``/``int``/``date``/``datetime``/``bool`` for xlsx). Row numbers are the sheet's
own: the first row read is row 1."""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

CHUNK = 1 << 20


class ReadError(ValueError):
    pass


def format_of(name: str) -> str | None:
    """``"csv"`` or ``"xlsx"`` from a file name, else ``None``."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    return None


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


def _csv_rows(path: Path, encoding: str) -> Iterator[list[object]]:
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        for row in csv.reader(fh):
            yield list(row)


def _xlsx_rows(path: Path) -> Iterator[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:  # noqa: BLE001 - any calamine failure means the file is not a readable workbook
        raise ReadError(str(exc)) from exc
    for row in rows:
        yield list(row)


def open_rows(path: Path, fmt: str) -> tuple[str, Iterator[list[object]]]:
    """The detected encoding ("" for xlsx) and an iterator over all rows, the first row first."""
    if fmt == "csv":
        encoding = detect_encoding(path)
        return encoding, _csv_rows(path, "utf-8-sig" if encoding.startswith("utf-8") else encoding)
    if fmt == "xlsx":
        return "", _xlsx_rows(path)
    raise ReadError(fmt)


def upload_rows(upload: UploadedFile, *, max_bytes: int) -> Iterator[list[object]]:
    """Rows of a small uploaded ``.xlsx`` or ``.csv`` (a bank statement, a dues list), read whole. Raises
    ``ValidationError`` for another format, a file over ``max_bytes`` or a file that cannot be read."""
    fmt = format_of(upload.name or "")
    if fmt is None:
        raise ValidationError(_("只能上传 .xlsx 或 .csv 文件。"), code="format")
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
        except (ReadError, UnicodeError, ValueError):
            raise ValidationError(_("文件无法读取，请检查格式。"), code="unreadable") from None
    yield from materialised
