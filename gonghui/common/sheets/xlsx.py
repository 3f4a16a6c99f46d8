"""A streaming ``.xlsx`` reader with bounds: rows come out one at a time, in constant memory, and a hostile file is
refused with its reason before it can cost memory.

Why not python-calamine for ``.xlsx``: it builds a dense grid of every cell up to the last one it finds (a 1.7 KB
file with one cell at ``XFD1048576`` and no ``<dimension>`` asks for 17 billion cells and aborts the process), and
it loads every shared string at open (a 409 KB zip bomb holding one 400 MB string). Here:

- **the package** is checked before anything is decompressed (:func:`check_package`): number of entries, each
  part's declared uncompressed size, the total, and the compression ratio of every part larger than 1 MiB
  (``zipfile`` itself refuses a part that inflates beyond its declared size or fails its CRC);
- **shared strings** are read with expat in 64 KiB pieces, each string refused as soon as it passes
  :data:`Limits.cell_chars` (Excel's own limit: 32,767 characters), and kept packed (one ``str`` per 4,096
  strings, offsets in an ``array``), about 2 bytes a character instead of ~60 bytes of object per string;
- **the sheet** is parsed with expat in 64 KiB pieces and rows are yielded as soon as they end; a cell beyond
  :data:`Limits.columns` or a row beyond :data:`Limits.rows` stops the read with the cell's address in the
  message. Nothing ever depends on the ``<dimension>`` tag.

Values: shared and inline strings as ``str``, numbers as ``float`` (``int`` when whole, as calamine gives them),
booleans as ``bool``, cells whose style is a date format as ``date`` (``datetime`` with a time of day), errors
(``#N/A``) as ``None``. Formulas are never evaluated: their cached value is read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET  # noqa: S405 - parts are size-checked; expat refuses entity amplification
from xml.parsers import expat

from django.utils.translation import gettext as _

PIECE = 1 << 16
_PACK = 4096  # shared strings per packed chunk


class SheetLimitError(ValueError):
    """The file passes a limit; the message says which, in Chinese."""


@dataclass(frozen=True)
class Limits:
    """Bounds on a spreadsheet file. The defaults: Excel's own sheet size (1,048,576 rows), 256 columns (Excel
    2003's width; a roster has about a dozen), 32,767 characters a cell (Excel's limit), 2 GiB of XML in all,
    parts that compress more than 100:1 (real sheets: 5–20:1; a zip bomb: 1,000:1 and more)."""

    rows: int = 1_048_576
    columns: int = 256
    cell_chars: int = 32_767
    entries: int = 10_000
    uncompressed: int = 2 << 30
    ratio: int = 100
    ratio_from: int = 1 << 20  # parts smaller than this are not ratio-checked (tiny parts compress wildly)


DEFAULT = Limits()
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"([A-Z]{1,4})(\d{1,8})")
_SMALL_PART = 64 << 20  # workbook.xml, its rels and styles.xml are parsed whole: bounded here


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def check_package(archive: zipfile.ZipFile, limits: Limits = DEFAULT) -> None:
    """Refuse a package whose entries would inflate beyond the limits (declared sizes; zipfile enforces them)."""
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise SheetLimitError(_("文件包含的部件过多（%(n)s 个），不是正常的 Excel 文件。") % {"n": len(infos)})
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.uncompressed:
            raise SheetLimitError(
                _("文件解压后超过 %(mb)s MB，超出了导入能读取的大小：请拆分后分批上传。")
                % {"mb": limits.uncompressed >> 20}
            )
        if info.file_size >= limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise SheetLimitError(
                _("文件中的“%(part)s”压缩比异常（%(ratio)s 倍，解压后 %(mb)s MB），疑似“压缩炸弹”，已拒绝读取。")
                % {
                    "part": info.filename[:80],
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "mb": info.file_size >> 20,
                }
            )


def _small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _SMALL_PART:
        raise SheetLimitError(_("文件中的“%(part)s”过大，不是正常的 Excel 文件。") % {"part": name[:80]})
    return archive.read(info)


def _parse(data: bytes) -> ET.Element:
    try:
        return ET.fromstring(data)  # noqa: S314 - bounded size (_small); expat refuses entity amplification
    except ET.ParseError as exc:
        raise SheetLimitError(_("文件内容已损坏（%(why)s）。") % {"why": str(exc)[:80]}) from None


# Built-in number formats that are dates or times (ECMA-376 18.8.30; 14-22, 27-36 and 50-58 in CJK locales).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _is_date_format(code: str) -> bool:
    bare = _QUOTED.sub("", code.split(";", 1)[0]).lower()
    return any(ch in bare for ch in "ymdhs") and "general" not in bare


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str  # path of the sheet's XML inside the package
    visible: bool


class Workbook:
    """An open ``.xlsx`` package: its worksheets, its date cell styles and (on first use) its shared strings."""

    def __init__(self, path: Path, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SheetLimitError(
                _("文件无法读取（%(why)s），请确认是 .xlsx、.xls 或 .csv 文件。") % {"why": str(exc)[:80]}
            ) from None
        check_package(self.archive, limits)
        self.sheets = self._sheets()
        self.date_styles, self.epoch = self._styles()
        self._strings: _Strings | None = None

    def close(self) -> None:
        self.archive.close()

    def _sheets(self) -> list[SheetInfo]:
        book = _small(self.archive, "xl/workbook.xml")
        rels = _small(self.archive, "xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            raise SheetLimitError(_("文件不是有效的 Excel 文件（缺少工作簿），请确认后重新上传。"))
        targets: dict[str, str] = {}
        for rel in _parse(rels).iter(f"{{{_NS_PKG}}}Relationship"):
            if rel.get("Type", "").endswith("/worksheet"):
                target = rel.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                targets[rel.get("Id", "")] = part
        root = _parse(book)
        pr = root.find(f"{{{_NS_MAIN}}}workbookPr")
        self._date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
        out = []
        for sheet in root.iter(f"{{{_NS_MAIN}}}sheet"):
            found = targets.get(sheet.get(f"{{{_NS_REL}}}id", ""))
            if found is not None:
                out.append(SheetInfo(sheet.get("name", ""), found, sheet.get("state", "visible") == "visible"))
        return out

    def _styles(self) -> tuple[frozenset[int], date]:
        epoch = date(1904, 1, 1) if self._date1904 else date(1899, 12, 30)
        data = _small(self.archive, "xl/styles.xml")
        if data is None:
            return frozenset(), epoch
        root = _parse(data)
        custom = {
            int(fmt.get("numFmtId", "0")): _is_date_format(fmt.get("formatCode", ""))
            for fmt in root.iter(f"{{{_NS_MAIN}}}numFmt")
        }
        dated: set[int] = set()
        xfs = root.find(f"{{{_NS_MAIN}}}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else []):
            fmt = int(xf.get("numFmtId", "0") or 0)
            if custom.get(fmt, fmt in _DATE_FORMAT_IDS):
                dated.add(index)
        return frozenset(dated), epoch

    def strings(self) -> _Strings:
        if self._strings is None:
            self._strings = _Strings.read(self.archive, self.limits)
        return self._strings

    def rows(self, sheet: SheetInfo) -> Iterator[list[object]]:
        try:
            info = self.archive.getinfo(sheet.part)
        except KeyError:
            raise SheetLimitError(_("工作表“%(sheet)s”在文件中缺失。") % {"sheet": sheet.name}) from None
        with self.archive.open(info) as fh:
            yield from _SheetReader(self, sheet.name).rows(fh)


def _feed(parser: Any, fh: IO[bytes]) -> Iterator[None]:
    try:
        while piece := fh.read(PIECE):
            parser.Parse(piece, False)
            yield
        parser.Parse(b"", True)
        yield
    except expat.ExpatError as exc:
        raise SheetLimitError(_("文件内容已损坏（%(why)s）。") % {"why": str(exc)[:80]}) from None
    except zipfile.BadZipFile as exc:
        raise SheetLimitError(_("文件内容已损坏（%(why)s）。") % {"why": str(exc)[:80]}) from None


def _too_long(limits: Limits, where: str) -> SheetLimitError:
    return SheetLimitError(
        _("%(where)s有一个单元格超过 %(n)s 个字符（Excel 单元格的上限），文件可能已损坏或被篡改。")
        % {"where": where, "n": f"{limits.cell_chars:,}"}
    )


class _Strings:
    """The shared string table, packed: chunk ``i // _PACK`` is one ``str``, ``offsets`` its boundaries."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.offsets: list[array[int]] = []
        self._parts: list[str] = []
        self._bounds = array("q", [0])
        self._length = 0

    def _add(self, value: str) -> None:
        self._parts.append(value)
        self._length += len(value)
        self._bounds.append(self._length)
        if len(self._parts) == _PACK:
            self._seal()

    def _seal(self) -> None:
        if self._parts:
            self.chunks.append("".join(self._parts))
            self.offsets.append(self._bounds)
            self._parts, self._bounds, self._length = [], array("q", [0]), 0

    def __getitem__(self, index: int) -> str:
        chunk, at = divmod(index, _PACK)
        bounds = self.offsets[chunk]
        return self.chunks[chunk][bounds[at] : bounds[at + 1]]

    def __len__(self) -> int:
        return sum(len(b) - 1 for b in self.offsets)

    @classmethod
    def read(cls, archive: zipfile.ZipFile, limits: Limits) -> _Strings:
        table = cls()
        try:
            info = archive.getinfo("xl/sharedStrings.xml")
        except KeyError:
            return table
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        state = {"depth": 0, "in_t": False, "skip": 0}
        text: list[str] = []
        size = [0]
        si = f"{_NS_MAIN} si"
        t = f"{_NS_MAIN} t"
        rph = f"{_NS_MAIN} rPh"

        def start(tag: str, _attrs: dict[str, str]) -> None:
            if tag == si:
                text.clear()
                size[0] = 0
            elif tag == rph:
                state["skip"] += 1  # phonetic runs (furigana) are not part of the value
            elif tag == t and not state["skip"]:
                state["in_t"] = True

        def end(tag: str) -> None:
            if tag == si:
                table._add("".join(text))
            elif tag == rph:
                state["skip"] -= 1
            elif tag == t:
                state["in_t"] = False

        def data(chars: str) -> None:
            if state["in_t"]:
                size[0] += len(chars)
                if size[0] > limits.cell_chars:
                    raise _too_long(limits, _("共享字符串表中"))
                text.append(chars)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        with archive.open(info) as fh:
            for _step in _feed(parser, fh):
                pass
        table._seal()
        return table


class _SheetReader:
    def __init__(self, book: Workbook, name: str) -> None:
        self.book, self.name, self.limits = book, name, book.limits

    def _where(self, row: int, column: int | None = None) -> str:
        if column is None:
            return _("工作表“%(sheet)s”第 %(row)s 行") % {"sheet": self.name, "row": row}
        return _("工作表“%(sheet)s”的单元格 %(ref)s") % {"sheet": self.name, "ref": f"{column_letters(column)}{row}"}

    def rows(self, fh: IO[bytes]) -> Iterator[list[object]]:  # noqa: C901 - one expat state machine
        limits, book = self.limits, self.book
        dated, epoch = book.date_styles, book.epoch
        strings: _Strings | None = None
        done: list[tuple[int, list[object]]] = []
        row: list[object] = []
        row_no = 0
        col = -1
        kind = style = ""
        value: list[str] = []
        size = 0
        collecting = False
        inline = False
        ns = f"{_NS_MAIN} "
        tag_row, tag_c, tag_v, tag_t, tag_is = ns + "row", ns + "c", ns + "v", ns + "t", ns + "is"

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal row, row_no, col, kind, style, collecting, inline, size
            if tag == tag_c:
                ref = attrs.get("r")
                if ref:
                    found = _REF.fullmatch(ref)
                    if found is None:
                        raise SheetLimitError(_("文件内容已损坏（单元格地址“%(r)s”）。") % {"r": ref[:20]})
                    col = _column_index(found[1])
                else:
                    col += 1
                if col >= limits.columns:
                    raise SheetLimitError(
                        _("%(where)s超出了导入能读取的 %(n)s 列：请删除右侧多余的列后重新上传。")
                        % {"where": self._where(row_no, col), "n": limits.columns}
                    )
                kind = attrs.get("t", "n")
                style = attrs.get("s", "")
                value.clear()
                size = 0
                inline = kind == "inlineStr"
            elif tag == tag_v or (inline and tag == tag_t):
                collecting = True
            elif tag == tag_is:
                inline = True
            elif tag == tag_row:
                number = attrs.get("r")
                row_no = int(number) if number and number.isdigit() else row_no + 1
                if row_no > limits.rows:
                    raise SheetLimitError(
                        _("工作表“%(sheet)s”超过 %(n)s 行（第 %(row)s 行），超出了导入能读取的行数：请拆分后分批上传。")
                        % {"sheet": self.name, "n": f"{limits.rows:,}", "row": row_no}
                    )
                row = []
                col = -1

        def data(chars: str) -> None:
            nonlocal size
            if collecting:
                size += len(chars)
                if size > limits.cell_chars:
                    raise _too_long(limits, self._where(row_no, col))
                value.append(chars)

        def end(tag: str) -> None:
            nonlocal collecting, strings
            if tag == tag_v or tag == tag_t:
                collecting = False
            elif tag == tag_c:
                raw = "".join(value)
                cell: object
                if kind == "s":
                    if strings is None:
                        strings = book.strings()
                    try:
                        cell = strings[int(raw)]
                    except (ValueError, IndexError):
                        raise SheetLimitError(
                            _("文件内容已损坏（%(where)s引用了不存在的字符串）。") % {"where": self._where(row_no, col)}
                        ) from None
                elif kind in ("str", "inlineStr"):
                    cell = raw
                elif kind == "b":
                    cell = raw == "1"
                elif kind == "e" or raw == "":
                    cell = None
                else:
                    cell = _number(raw, bool(dated) and style.isdigit() and int(style) in dated, epoch)
                if cell is not None:
                    if len(row) <= col:
                        row.extend([None] * (col + 1 - len(row)))
                    row[col] = cell
            elif tag == tag_row:
                done.append((row_no, row))

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        emitted = 0
        for _step in _feed(parser, fh):
            for number, cells in done:
                if number <= emitted:
                    raise SheetLimitError(
                        _("文件内容已损坏（%(where)s重复或顺序错乱）。") % {"where": self._where(number)}
                    )
                while emitted < number - 1:  # blank rows between are rows too (row numbers as Excel shows them)
                    emitted += 1
                    yield []
                emitted = number
                yield cells
            done.clear()


def _number(raw: str, is_date: bool, epoch: date) -> object:
    try:
        number = float(raw)
    except ValueError:
        return raw
    if is_date and 0 <= number < 2958466:
        days = int(number)
        seconds = round((number - days) * 86400)
        if epoch.year == 1899 and 0 < number < 60:
            days += 1  # Excel's phantom 1900-02-29: serials before it are one day off from the 1899-12-30 epoch
        if seconds:
            return datetime.combine(epoch, datetime.min.time()) + timedelta(days=days, seconds=seconds)  # noqa: DTZ001 - a wall-clock value
        return epoch + timedelta(days=days)
    if number.is_integer() and abs(number) < 1 << 53:
        return int(number)
    return number


def visible_sheets(path: Path, limits: Limits = DEFAULT) -> list[str]:
    book = Workbook(path, limits)
    try:
        names = [s.name for s in book.sheets if s.visible]
        return names or [s.name for s in book.sheets]
    finally:
        book.close()


def iter_rows(path: Path, sheet: str | None = None, limits: Limits = DEFAULT) -> Iterator[list[object]]:
    """Rows of ``sheet`` (``None``: the first), the first row first; blank rows as ``[]``."""
    book = Workbook(path, limits)
    try:
        if not book.sheets:
            raise SheetLimitError(_("文件中没有工作表。"))
        chosen = book.sheets[0] if sheet is None else next((s for s in book.sheets if s.name == sheet), None)
        if chosen is None:
            raise SheetLimitError(_("文件中没有名为“%(sheet)s”的工作表。") % {"sheet": sheet})
        yield from book.rows(chosen)
    finally:
        book.close()
