"""Normalising and checking one roster row: pure functions, no database (property-tested with hypothesis).

Cell values arrive as ``str`` (CSV) or as ``str``/``float``/``int``/``date``/``datetime``/``bool`` (xlsx). Every
problem becomes a :class:`CellError` with the reason in Chinese; nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.common.identity import normalize_id
from gonghui.common.masking import mask_id_number
from gonghui.common.phones import normalize_mobile
from gonghui.common.sheets.cells import parse_date, text
from gonghui.members.imports.headers import FIELDS, HeaderMap
from gonghui.members.models import Gender, GigType, IdType
from gonghui.members.roster.names import check_name

EARLIEST_JOIN = date(1925, 5, 1)  # 中华全国总工会成立
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_STRIP = re.compile(r"[\s\-()（）]")
_CJK = re.compile(r"[\u3400-\u9fff]")

MAX_LEN = {"name": 64, "ethnicity": 16, "education": 16, "employer": 120, "job": 64}

GENDERS = {"男": Gender.MALE, "男性": Gender.MALE, "M": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE}
GENDERS["F"] = Gender.FEMALE

ID_TYPES: dict[str, str] = {
    "": IdType.RESIDENT,
    "身份证": IdType.RESIDENT,
    "居民身份证": IdType.RESIDENT,
    "二代身份证": IdType.RESIDENT,
    "港澳台居民居住证": IdType.HMT_RESIDENCE,
    "居住证": IdType.HMT_RESIDENCE,
    "港澳居民来往内地通行证": IdType.HMT_PERMIT,
    "台湾居民来往大陆通行证": IdType.HMT_PERMIT,
    "回乡证": IdType.HMT_PERMIT,
    "台胞证": IdType.HMT_PERMIT,
    "护照": IdType.PASSPORT,
    "外国人永久居留身份证": IdType.FOREIGN_PR,
    "外国人永久居留证": IdType.FOREIGN_PR,
}
for _value, _label in IdType.choices:
    ID_TYPES[str(_label)] = _value
    ID_TYPES[_value.upper()] = _value

GIG_TYPES: dict[str, str] = {"": "", "无": "", "否": "", "非新就业形态": ""}
for _value, _label in GigType.choices:
    if _value:
        GIG_TYPES[str(_label)] = _value
        GIG_TYPES[_value.upper()] = _value
GIG_TYPES.update(
    {
        "外卖骑手": GigType.RIDER,
        "骑手": GigType.RIDER,
        "网约配送员": GigType.RIDER,
        "快递员": GigType.COURIER,
        "网约车司机": GigType.RIDE_HAIL,
        "货车司机": GigType.TRUCK,
        "家政服务员": GigType.DOMESTIC,
        "其他": GigType.OTHER,
    }
)


@dataclass(frozen=True)
class CellError:
    field: str
    value: str  # masked for document numbers
    reason: str
    code: str


@dataclass
class RowResult:
    values: dict[str, object] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    id_number: str = ""  # the normalised document number when it is valid (other fields may still be wrong)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_name(value: object) -> str:
    """Chinese names lose every space (``王 兰芳`` → ``王兰芳``); other scripts keep single spaces. Checked by the
    roster's one rule of what a name can be (``roster.names.check_name``)."""
    if value is not None and not isinstance(value, str):
        value = text(value)  # a number cell: its digits are refused below
    raw = unicodedata.normalize("NFKC", str(value or ""))
    name = check_name(raw)
    if _CJK.search(name):
        name = name.replace(" ", "")
    if len(name) > MAX_LEN["name"]:
        raise ValidationError(_("姓名过长。"), code="too_long")
    return name


def normalize_phone(value: object) -> str:
    """11-digit mainland mobile; ``+86``, spaces and dashes removed; empty stays empty."""
    raw = _PHONE_STRIP.sub("", text(value))
    if not raw:
        return ""
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    elif len(raw) == 13 and raw.startswith("86"):
        raw = raw[2:]
    if _MOBILE.match(raw):
        return raw
    return normalize_mobile(raw)


def normalize_join_date(value: object, *, today: date, birth: date | None) -> date:
    """The join date of a cell (any date the kernel's ``parse_date`` reads), checked against today and the birth."""
    try:
        joined = parse_date(value)
    except ValidationError as exc:
        if exc.code == "required":  # the kernel's "日期不能为空。" names the roster's column here
            raise ValidationError(_("入会时间不能为空。"), code="required") from None
        raise
    if joined > today:
        raise ValidationError(_("入会时间晚于今天。"), code="joined_future")
    if joined < EARLIEST_JOIN:
        raise ValidationError(_("入会时间早于1925年。"), code="joined_past")
    if birth and joined < birth:
        raise ValidationError(_("入会时间早于出生日期。"), code="joined_before_birth")
    return joined


def id_cell(value: object) -> object:
    """A number cell with 16+ digits lost its last digits in Excel: present it as the scientific text it was."""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        return f"{float(value):.5E}"
    return value


def _choice(mapping: dict[str, str], value: object, *, code: str, message: str) -> str:
    key = text(value).replace(" ", "")
    found = mapping.get(key, mapping.get(key.upper()))
    if found is None:
        raise ValidationError(message, code=code)
    return found


def _limited(value: object, key: str) -> str:
    out = text(value)
    if len(out) > MAX_LEN[key]:
        raise ValidationError(_("内容过长（最多%(n)s个字）。") % {"n": MAX_LEN[key]}, code="too_long")
    return out


def _shown(key: str, value: object) -> str:
    shown = text(value)
    if key == "id_number":
        shown = mask_id_number(shown.replace(" ", "").upper())
    return shown[:200]


def normalize_row(cells: list[object], headers: HeaderMap, *, today: date) -> RowResult:
    """Normalise and check one data row; never raises on bad input."""
    result = RowResult()

    def cell(key: str) -> object:
        index = headers.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def fail(key: str, exc: ValidationError) -> None:
        result.errors.append(
            CellError(key, _shown(key, cell(key)), " ".join(str(m) for m in exc.messages), exc.code or "invalid")
        )

    values = result.values
    try:
        values["name"] = normalize_name(cell("name"))
    except ValidationError as exc:
        fail("name", exc)

    id_type: str = IdType.RESIDENT
    try:
        id_type = _choice(ID_TYPES, cell("id_type"), code="id_type", message=_("证件类型无法识别。"))
    except ValidationError as exc:
        fail("id_type", exc)
    values["id_type"] = id_type

    birth: date | None = None
    derived_gender: str | None = None
    try:
        norm = normalize_id(id_cell(cell("id_number")), id_type, today=today)
        result.id_number = norm.number
        birth, derived_gender = norm.birth_date, norm.gender
        values["birth_date"] = birth
    except ValidationError as exc:
        fail("id_number", exc)

    raw_gender = text(cell("gender")).replace(" ", "")
    gender: str | None = None
    if raw_gender:
        gender = GENDERS.get(raw_gender.upper())
        if gender is None:
            fail("gender", ValidationError(_("性别只能填写“男”或“女”。"), code="gender"))
        elif derived_gender and gender != derived_gender:
            fail(
                "gender",
                ValidationError(
                    _("性别与身份证号不符（身份证号显示为%(g)s）。") % {"g": Gender(derived_gender).label},
                    code="gender_conflict",
                ),
            )
    values["gender"] = derived_gender or gender or ""
    if not values["gender"] and id_type != IdType.RESIDENT and not raw_gender:
        fail("gender", ValidationError(_("非居民身份证的会员须填写性别。"), code="required"))

    try:
        values["phone"] = normalize_phone(cell("phone"))
    except ValidationError as exc:
        fail("phone", exc)

    try:
        values["joined_on"] = normalize_join_date(cell("joined_on"), today=today, birth=birth)
    except ValidationError as exc:
        fail("joined_on", exc)

    for key, target in (("ethnicity", "ethnicity"), ("education", "education"), ("employer", "employer_name")):
        try:
            values[target] = _limited(cell(key), key)
        except ValidationError as exc:
            fail(key, exc)
    try:
        values["job"] = _limited(cell("job"), "job")
    except ValidationError as exc:
        fail("job", exc)
    try:
        values["gig_type"] = _choice(
            GIG_TYPES, cell("gig_type"), code="gig_type", message=_("新就业形态类型无法识别。")
        )
    except ValidationError as exc:
        fail("gig_type", exc)
    return result


def field_label(key: str) -> str:
    return FIELDS[key][0] if key in FIELDS else key
