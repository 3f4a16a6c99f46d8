"""Mainland mobile numbers through ``phonenumbers``."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_mobile(raw: str) -> str:
    """Return the 11-digit national form of a mainland mobile number, or raise ``ValidationError``."""
    text = (raw or "").strip().replace(" ", "").replace("-", "")
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("手机号码格式不正确。"), code="invalid") from exc
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("请输入有效的中国大陆手机号码。"), code="invalid")
    if phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(_("请输入手机号码（不是固定电话）。"), code="not_mobile")
    return str(parsed.national_number)
