"""Reading roster files row by row: ``.xlsx`` through python-calamine, ``.csv`` in UTF-8 (with or without BOM)
or GB18030 (detected: strict UTF-8 first, else GB18030). CSV files are streamed; rows are lists of cell values
(``str`` for CSV; ``str``/``float``/``int``/``date``/``datetime``/``bool`` for xlsx)."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20


class ReadError(ValueError):
    pass


def format_of(name: str) -> str | None:
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
    """The detected encoding ("" for xlsx) and an iterator over all rows, the header row first."""
    if fmt == "csv":
        encoding = detect_encoding(path)
        return encoding, _csv_rows(path, "utf-8-sig" if encoding.startswith("utf-8") else encoding)
    if fmt == "xlsx":
        return "", _xlsx_rows(path)
    raise ReadError(fmt)
