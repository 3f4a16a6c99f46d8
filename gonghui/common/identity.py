"""Document numbers: normalising and checking them, with reasons in Chinese.

Resident ID numbers (GB 11643: 18 characters, ISO 7064 MOD 11-2 check character): birth date and sex are derived
from them. The first six digits are the GB/T 2260 code of the holder's birthplace as it was when the number was
issued: every code ever issued is accepted (``gonghui.orgs.codes.region_ever_issued``: the current list and the
historical one, 1980 onwards), whatever the holder's birth year; the code is not compared with the years of the
division (a person keeps their number for life, and numbers were issued after the fact to people born long
before a division existed). Limits refused, and why: ``docs/members.md``. :class:`IdType` and :class:`Gender` are
the choices every module records a person with.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.iso7064 import mod_11_2


class IdType(models.TextChoices):
    """The identity documents a person may be recorded with (members, household members, claimants, ...)."""

    RESIDENT = "resident", gettext_lazy("居民身份证")
    HMT_RESIDENCE = "hmt_residence", gettext_lazy("港澳台居民居住证")
    HMT_PERMIT = "hmt_permit", gettext_lazy("港澳居民来往内地通行证/台湾居民来往大陆通行证")
    PASSPORT = "passport", gettext_lazy("护照")
    FOREIGN_PR = "foreign_pr", gettext_lazy("外国人永久居留身份证")


class Gender(models.TextChoices):
    MALE = "M", gettext_lazy("男")
    FEMALE = "F", gettext_lazy("女")


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


@dataclass(frozen=True)
class NormalizedId:
    id_type: str
    number: str
    birth_date: date | None = None
    gender: str | None = None


def clean_text(raw: object) -> str:
    """Full-width letters and digits to half-width (NFKC), no spaces at all, upper case."""
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else ""))
    return "".join(text.split()).upper()


def normalize_resident_id(raw: object, *, today: date | None = None) -> NormalizedId:
    text = clean_text(raw)
    if not text:
        raise ValidationError(_("身份证号不能为空。"), code="required")
    if _SCIENTIFIC.match(text):
        raise ValidationError(
            _("身份证号被 Excel 显示成了科学计数法（如 1.10105E+17），后几位已经丢失，请把该列设为“文本”后重新填写。"),
            code="scientific",
        )
    if len(text) != 18:
        raise ValidationError(
            _("身份证号应为18位，这里是%(n)s位。") % {"n": len(text)},
            code="length",
        )
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise ValidationError(_("身份证号只能由数字组成，最后一位可以是 X。"), code="format")
    if not mod_11_2.is_valid(text):
        expected = mod_11_2.calc_check_digit(text[:17])
        raise ValidationError(_("身份证号校验位错误（最后一位应为 %(c)s）。") % {"c": expected}, code="checksum")
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期不存在。"), code="birth_date") from None
    today = today or timezone.localdate()
    if born > today:
        raise ValidationError(_("身份证号中的出生日期晚于今天。"), code="birth_future")
    if born.year < 1900:
        raise ValidationError(_("身份证号中的出生日期早于1900年。"), code="birth_past")
    if not _known_region(text[:6]):
        raise _region_error(text[:6])
    gender = Gender.MALE if int(text[16]) % 2 == 1 else Gender.FEMALE
    return NormalizedId(IdType.RESIDENT, text, born, gender)


def _known_region(code: str) -> bool:
    from gonghui.orgs.codes import region_ever_issued

    return region_ever_issued(code)


def _region_error(code: str) -> ValidationError:
    from gonghui.orgs.codes import province_ever_issued

    if not province_ever_issued(code[:2]):
        return ValidationError(
            _("身份证号前2位（%(p)s）不是任何省级行政区的代码，请核对号码。") % {"p": code[:2]}, code="region"
        )
    return ValidationError(
        _("身份证号前6位（%(code)s）不是任何时期发布过的行政区划代码（已撤销、合并、更名的也已核对），请核对号码。")
        % {"code": code},
        code="region",
    )


def normalize_id(raw: object, id_type: str = IdType.RESIDENT, *, today: date | None = None) -> NormalizedId:
    """Check a document number of ``id_type``; raise ``ValidationError`` with the reason in Chinese."""
    if id_type == IdType.RESIDENT:
        return normalize_resident_id(raw, today=today)
    text = clean_text(raw)
    if not text:
        raise ValidationError(_("证件号码不能为空。"), code="required")
    if not _PASSPORT.match(text):
        raise ValidationError(_("证件号码只能由字母和数字组成（5至20位）。"), code="format")
    return NormalizedId(id_type, text)
