"""Matching the header row of a roster file to member fields, including the usual variants of each header."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

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


def _key(text: object) -> str:
    raw = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return "".join(ch for ch in raw if not ch.isspace() and ch not in "*＊:：()（）")


_LOOKUP = {_key(variant): field for field, (_label, variants) in FIELDS.items() for variant in variants}


@dataclass(frozen=True)
class HeaderMap:
    columns: dict[str, int]  # field → column index
    labels: dict[str, str]  # field → the header text as written in the file

    def label(self, field: str) -> str:
        return self.labels.get(field) or FIELDS[field][0]


class HeaderError(ValueError):
    pass


def match_headers(row: Sequence[object]) -> HeaderMap:
    """Map the header row to fields; raise ``HeaderError`` (message in Chinese) when a required column is missing."""
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(row):
        field = _LOOKUP.get(_key(cell))
        if field and field not in columns:
            columns[field] = index
            labels[field] = str(cell).strip()
    missing = [FIELDS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise HeaderError(_("第 1 行（表头）缺少必填列：%(cols)s。请使用导入模板。") % {"cols": "、".join(missing)})
    return HeaderMap(columns=columns, labels=labels)
