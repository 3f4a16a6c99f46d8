"""Finding and matching the header row of a roster file: the usual variants of each header (Chinese synonyms,
``*`` marks of required columns, notes in brackets such as ``身份证号（18位）``), on whichever of the first
:data:`HEADER_SCAN` rows it stands (real files carry a title row, a note row, merged cells or blank rows above it).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# field → (label used in the template and in error reports, accepted header texts)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "会员姓名", "职工姓名")),
    "id_number": ("身份证号", ("身份证号", "公民身份号码", "证件号码", "身份证号码", "身份证", "证件号")),
    "phone": ("手机号", ("手机号", "联系电话", "手机", "手机号码", "电话", "联系方式")),
    "gender": ("性别", ("性别",)),
    "ethnicity": ("民族", ("民族",)),
    "education": ("学历", ("学历", "文化程度")),
    "employer": ("工作单位", ("工作单位", "单位", "单位名称", "所在单位")),
    "joined_on": ("入会时间", ("入会时间", "入会日期")),
    "id_type": ("证件类型", ("证件类型",)),
    "job": ("岗位", ("岗位", "职务", "工作岗位")),
    "gig_type": ("新就业形态类型", ("新就业形态类型", "新就业形态")),
}
REQUIRED = ("name", "id_number", "joined_on")
TEMPLATE_ORDER = (
    "name",
    "id_type",
    "id_number",
    "gender",
    "ethnicity",
    "phone",
    "education",
    "employer",
    "job",
    "joined_on",
    "gig_type",
)


HEADER_SCAN = 30  # rows of a sheet searched for the header row
_NOTE = re.compile(r"[(（\[【].*?[)）\]】]")


def _key(text: object) -> str:
    raw = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    raw = _NOTE.sub("", raw)  # NFKC made full-width brackets half-width; 【】 stay
    return "".join(ch for ch in raw if not ch.isspace() and ch not in "*＊:：")


_LOOKUP = {_key(variant): field for field, (_label, variants) in FIELDS.items() for variant in variants}


@dataclass(frozen=True)
class HeaderMap:
    columns: dict[str, int]  # field → column index
    labels: dict[str, str]  # field → the header text as written in the file
    row: int = 1  # the header's own row number in the sheet
    sheet: str = ""  # the workbook sheet it is on ("" for CSV)
    ignored: tuple[str, ...] = field(default=())  # header texts of the columns not imported

    def label(self, field: str) -> str:
        return self.labels.get(field) or FIELDS[field][0]

    def layout(self) -> dict[str, object]:
        """What the preview says about the file's shape (stored on the job)."""
        return {
            "sheet": self.sheet,
            "header_row": self.row,
            "recognised": {FIELDS[f][0]: self.labels[f] for f in TEMPLATE_ORDER if f in self.columns},
            "ignored": list(self.ignored),
        }


class HeaderError(ValueError):
    def __init__(self, message: str, known: int = 0) -> None:
        super().__init__(message)
        self.known = known  # known columns on the row that came closest to a header (0: none)


def _cell_text(cell: object) -> str:
    return " ".join(str(cell if cell is not None else "").split())


def _match(row: Sequence[object]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(row):
        found = _LOOKUP.get(_key(cell))
        if found and found not in columns:
            columns[found] = index
            labels[found] = _cell_text(cell)
        elif _cell_text(cell):
            ignored.append(_cell_text(cell)[:40])
    return columns, labels, ignored


def _where(sheet: str, row: int) -> str:
    if sheet:
        return _("工作表“%(sheet)s”第 %(row)s 行") % {"sheet": sheet, "row": row}
    return _("第 %(row)s 行") % {"row": row}


def _missing(columns: dict[str, int]) -> list[str]:
    return [FIELDS[f][0] for f in REQUIRED if f not in columns]


def match_headers(row: Sequence[object], *, number: int = 1, sheet: str = "") -> HeaderMap:
    """Map a header row to fields; raise ``HeaderError`` (message in Chinese) when a required column is missing."""
    columns, labels, ignored = _match(row)
    missing = _missing(columns)
    if missing:
        raise HeaderError(
            _("%(where)s（表头）缺少必填列：%(cols)s。请使用导入模板。")
            % {"where": _where(sheet, number), "cols": "、".join(missing)}
        )
    return HeaderMap(columns=columns, labels=labels, row=number, sheet=sheet, ignored=tuple(ignored))


def find_header(rows: Iterator[Any], *, sheet: str = "", scan: int = HEADER_SCAN) -> tuple[HeaderMap, Iterator[Any]]:
    """The header row among the first ``scan`` rows: the first that holds every required column (synonyms
    included). Returns it and ``rows``, positioned just after it. ``HeaderError`` says which row came closest (two
    or more known columns) and what it lacks, or that no header was found."""
    closest: tuple[int, int, dict[str, int]] | None = None  # (known columns, row, columns)
    seen = 0
    for number, cells in enumerate(itertools.islice(rows, scan), start=1):
        seen = number
        columns, labels, ignored = _match(cells)
        if not _missing(columns):
            return HeaderMap(columns=columns, labels=labels, row=number, sheet=sheet, ignored=tuple(ignored)), rows
        if len(columns) >= 2 and (closest is None or len(columns) > closest[0]):
            closest = (len(columns), number, columns)
    if not seen:
        raise HeaderError(_("工作表“%(sheet)s”是空的。") % {"sheet": sheet} if sheet else _("文件是空的。"))
    if closest is not None:
        raise HeaderError(
            _("%(where)s（表头）缺少必填列：%(cols)s。请使用导入模板。")
            % {"where": _where(sheet, closest[1]), "cols": "、".join(_missing(closest[2]))},
            known=closest[0],
        )
    required = "、".join(f"“{FIELDS[f][0]}”" for f in REQUIRED)
    where = _("工作表“%(sheet)s”") % {"sheet": sheet} if sheet else _("文件")
    raise HeaderError(
        _("%(where)s的前 %(n)s 行中没有找到表头：表头行须包含%(cols)s列。请使用导入模板。")
        % {"where": where, "n": scan, "cols": required}
    )


def is_example(number: str, name: object) -> bool:
    """Whether a row is the import template's example row (never imported as a member)."""
    if number != TEMPLATE_EXAMPLE["id_number"]:
        return False
    return _key(name) in (_key(TEMPLATE_EXAMPLE["name"]), "王兰芳")  # 王兰芳: the example of older templates


# The example row of the import template (``exports.template_xlsx``): shows the clerk what a row looks like; a file
# that still carries it does not import it (``is_example``).
TEMPLATE_EXAMPLE = {
    "name": "王兰芳（示例）",
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
