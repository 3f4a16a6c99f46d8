"""Official Chinese code lists used to describe organisations.

* GB/T 2260 administrative division codes (行政区划代码), from
  ``data/gbt2260.csv`` (regenerate with ``data/build_gbt2260.py``);
* GB/T 4754-2017 industry sections and divisions (国民经济行业分类门类、大类),
  from ``data/gbt4754.csv``;
* every GB/T 2260 code ever issued since 1980, with the years each name was in
  use (``historical_region``), from python-stdnum's ``stdnum/cn/loc.dat`` (the
  code tables of the Chinese Wikipedia, 1980 onwards): a resident ID number
  keeps the code of its holder's birthplace for life, long after the district
  was merged or renamed (下城区 330103, 萧山市 330181, 余杭市 330184, ...);
* unified social credit codes (统一社会信用代码, GB 32100), checked with
  python-stdnum.

The CSV files are read once, on first use.  The validators are plain Django
validators usable on model and form fields.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

__all__ = [
    "HistoricalRegion",
    "historical_region",
    "province_ever_issued",
    "region_ever_issued",
    "Industry",
    "Region",
    "industries",
    "industry_choices",
    "industry_get",
    "normalize_uscc",
    "region_children",
    "region_choices",
    "region_get",
    "regions",
    "validate_industry_code",
    "validate_region_code",
    "validate_uscc",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
GBT2260_CSV = DATA_DIR / "gbt2260.csv"
GBT4754_CSV = DATA_DIR / "gbt4754.csv"

RegionLevel = Literal["province", "prefecture", "county"]


@dataclass(frozen=True)
class Region:
    """A GB/T 2260 administrative division.

    ``province`` is the name of the province-level division the region belongs
    to (its own name for a province row); ``city`` the name of its
    prefecture-level division (its own name for a prefecture row, empty for a
    province row and for county-level divisions directly under a province or
    a municipality, such as 北京市东城区 or 湖北省仙桃市).
    """

    code: str
    name: str
    province: str
    city: str

    @property
    def level(self) -> RegionLevel:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "prefecture"
        return "county"

    @property
    def full_name(self) -> str:
        """The name prefixed by its parents, e.g. ``浙江省杭州市西湖区``."""
        parts: list[str] = []
        for part in (self.province, self.city, self.name):
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        return "".join(parts)


@dataclass(frozen=True)
class Industry:
    """A GB/T 4754-2017 section (``A``–``T``) or division (``01``–``97``)."""

    code: str
    name: str
    section: str

    @property
    def is_section(self) -> bool:
        return self.code == self.section


def _read_csv(path: Path, header: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != header:
            raise ValueError(f"{path}: expected columns {header}, got {reader.fieldnames}")
        return list(reader)


@cache
def _regions() -> dict[str, Region]:
    rows = _read_csv(GBT2260_CSV, ["code", "name", "province", "city"])
    return {row["code"]: Region(**row) for row in rows}


@cache
def _region_children() -> dict[str, tuple[Region, ...]]:
    all_regions = _regions()
    children: dict[str, list[Region]] = {}
    for code in sorted(all_regions):
        region = all_regions[code]
        if region.level == "province":
            continue
        prefecture_code = code[:4] + "00"
        if region.level == "county" and prefecture_code in all_regions:
            parent = prefecture_code
        else:
            # Prefectures, and counties directly under a province-level
            # division (municipality districts, 省直辖县级行政区划).
            parent = code[:2] + "0000"
        children.setdefault(parent, []).append(region)
    return {parent: tuple(kids) for parent, kids in children.items()}


@cache
def _industries() -> dict[str, Industry]:
    rows = _read_csv(GBT4754_CSV, ["code", "name", "section"])
    return {row["code"]: Industry(**row) for row in rows}


@dataclass(frozen=True)
class HistoricalRegion:
    """A GB/T 2260 code as issued over time: each name it had, with the years (``None``: open-ended)."""

    code: str
    names: tuple[tuple[str, int | None, int | None], ...]  # (name, from year, to year)

    @property
    def current(self) -> bool:
        return any(until is None for _name, _since, until in self.names)

    def describe(self) -> str:
        """``下城区（1983–2021）``: every name with its years."""
        parts = []
        for name, since, until in self.names:
            years = f"{since or ''}–{until or ''}" if since or until else ""
            parts.append(f"{name}（{years}）" if years else name)
        return "、".join(parts)


_PERIOD = re.compile(r"(?:\[(\d{4})?-(\d{4})?\])?([^,\[\]]+)")


def _loc_dat() -> Path:
    import stdnum.cn

    return Path(stdnum.cn.__file__).resolve().parent / "loc.dat"


@cache
def _historical() -> dict[str, HistoricalRegion]:
    """Every code of ``stdnum/cn/loc.dat``: province lines ``33 province="浙江省"`` and their county lines
    ``  0103 county="[1983-2021]下城区"`` (several periods separated by commas)."""
    out: dict[str, HistoricalRegion] = {}
    province = ""
    with _loc_dat().open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            key, _sep, rest = line.strip().partition(" ")
            value = rest.partition("=")[2].strip().strip('"')
            if not line.startswith(" "):
                province = key
                continue
            code = province + key
            names = tuple(
                (name.strip(), int(since) if since else None, int(until) if until else None)
                for since, until, name in _PERIOD.findall(value)
                if name.strip()
            )
            out[code] = HistoricalRegion(code, names)
    return out


def historical_region(code: str) -> HistoricalRegion | None:
    """The code as it was issued at any time since 1980 (abolished, merged and renamed divisions included), or
    ``None`` for a code that never existed. The platform's current list (``region_get``) is included."""
    found = _historical().get(code)
    if found is None and (current := region_get(code)) is not None:
        return HistoricalRegion(code, ((current.name, None, None),))
    return found


def region_ever_issued(code: str) -> bool:
    return code in _historical() or region_get(code) is not None


def province_ever_issued(prefix: str) -> bool:
    """Whether ``prefix`` (two digits) is the code of a province-level division, now or once."""
    return f"{prefix}0000" in _historical() or region_get(f"{prefix}0000") is not None


def regions() -> dict[str, Region]:
    """All current GB/T 2260 divisions by code (a fresh copy)."""
    return dict(_regions())


def industries() -> dict[str, Industry]:
    """All GB/T 4754-2017 sections and divisions by code (a fresh copy)."""
    return dict(_industries())


def region_get(code: str) -> Region | None:
    return _regions().get(code)


def industry_get(code: str) -> Industry | None:
    return _industries().get(code)


def region_children(code: str) -> list[Region]:
    """Direct subdivisions of ``code``, sorted by code.

    The prefecture-level divisions of a province (plus the county-level
    divisions it administers directly), or the county-level divisions of a
    prefecture.  Empty for a county or an unknown code.
    """
    return list(_region_children().get(code, ()))


def region_choices() -> list[tuple[str, str]]:
    """``(code, "code name")`` pairs for every division, sorted by code."""
    return [(code, f"{code} {r.name}") for code, r in sorted(_regions().items())]


def industry_choices() -> list[tuple[str, str]]:
    """``(code, label)`` pairs: each section followed by its divisions.

    Division labels are indented by two spaces, e.g. ``("C", "C 制造业")``,
    ``("13", "  13 农副食品加工业")``.
    """
    ordered = [industry for _code, industry in sorted(_industries().items())]
    sections = [i for i in ordered if i.is_section]
    divisions = [i for i in ordered if not i.is_section]
    choices: list[tuple[str, str]] = []
    for section in sections:
        choices.append((section.code, f"{section.code} {section.name}"))
        choices.extend((d.code, f"  {d.code} {d.name}") for d in divisions if d.section == section.code)
    return choices


def validate_region_code(value: str) -> None:
    if not isinstance(value, str) or value not in _regions():
        raise ValidationError(
            _("“%(value)s”不是有效的行政区划代码（GB/T 2260）。"),
            code="invalid",
            params={"value": value},
        )


def validate_industry_code(value: str) -> None:
    if not isinstance(value, str) or value not in _industries():
        raise ValidationError(
            _("“%(value)s”不是有效的国民经济行业代码（GB/T 4754）。"),
            code="invalid",
            params={"value": value},
        )


def normalize_uscc(value: str) -> str:
    """Strip spaces and dashes and upper-case a unified social credit code."""
    return uscc.compact(value).upper()


def validate_uscc(value: str) -> None:
    """Check a unified social credit code (统一社会信用代码).

    Spaces, dashes and lower case are tolerated (see :func:`normalize_uscc`).
    Error codes: ``invalid_length``, ``invalid_checksum`` or ``invalid``.
    """
    try:
        uscc.validate(value)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="invalid_length") from None
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误。"), code="invalid_checksum") from None
    except (stdnum_exceptions.ValidationError, TypeError, AttributeError):
        raise ValidationError(_("统一社会信用代码格式不正确。"), code="invalid") from None
