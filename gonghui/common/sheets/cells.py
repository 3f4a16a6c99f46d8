"""Cell values as the platform needs them: text, dates and amounts, from whatever a spreadsheet holds.

Cells arrive as ``str`` (CSV) or as ``str``/``float``/``int``/``date``/``datetime``/``bool`` (xlsx). Pure functions,
no database; a bad value raises ``ValidationError`` with the reason in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*(?:月)?(?:[ T].*)?$")
_DIGITS8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{3,6}(\.0+)?$")
_SPACES = re.compile(r"\s+")
_HEADER_NOISE = re.compile(r"[\s（）()*]")


def text(value: object) -> str:
    """NFKC (full-width → half-width), trimmed, runs of whitespace collapsed; numbers as written (``13.0`` → 13)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN / inf
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raw = unicodedata.normalize("NFKC", str(value))
    return _SPACES.sub(" ", raw).strip()


def is_blank(row: Sequence[object]) -> bool:
    return all(text(c) == "" for c in row)


def cell(row: Sequence[object], index: int | None) -> object:
    """The cell at ``index`` (``None`` when the column is absent or the row is shorter)."""
    if index is None or index >= len(row):
        return None
    return row[index]


def header_index(row: Sequence[object], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Map each field of ``aliases`` (field → accepted header texts) to the first column of ``row`` whose text,
    without spaces, brackets and the required-column star, is one of them."""
    found: dict[str, int] = {}
    for i, value in enumerate(row):
        label = _HEADER_NOISE.sub("", text(value))
        for key, names in aliases.items():
            if key not in found and label in names:
                found[key] = i
    return found


def _from_serial(serial: float) -> date:
    if not 1 <= serial < 2958466:  # Excel's range: 1900-01-01 .. 9999-12-31
        raise ValidationError(_("日期格式无法识别。"), code="date_format")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: object) -> date:
    """Dates as cells (``date``/``datetime``), Excel serials (``43831``) or texts (``2020-01-02``, ``2020/1/2``,
    ``2020.1.2``, ``2020年1月2日``, ``20200102``, ``2020年1月`` → the 1st). Empty is refused (code ``required``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value:
            raise ValidationError(_("日期格式无法识别。"), code="date_format")
        return _from_serial(float(value))
    raw = text(value)
    if not raw:
        raise ValidationError(_("日期不能为空。"), code="required")
    try:
        if _SERIAL.match(raw):
            return _from_serial(float(raw))
        found = _DIGITS8.match(raw)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
        found = _DATE_TEXT.match(raw)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3] or 1))
    except (ValueError, OverflowError):
        raise ValidationError(_("日期不存在：%(v)s。") % {"v": raw[:20]}, code="date_invalid") from None
    raise ValidationError(_("日期格式无法识别，请写成 2020-01-31。"), code="date_format")
