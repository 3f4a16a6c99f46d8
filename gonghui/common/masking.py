"""Masking of personal data for screens, audit records and logs."""

from __future__ import annotations

MASK = "*"


def mask_middle(value: str | None, *, keep_start: int, keep_end: int) -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    return value[:keep_start] + MASK * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str | None) -> str:
    """``330106199001011234`` → ``330***********1234``."""
    return mask_middle(value, keep_start=3, keep_end=4)


def mask_phone(value: str | None) -> str:
    """``13800000001`` → ``138****0001`` (a leading ``+86`` is dropped first)."""
    if value and value.startswith("+86"):
        value = value[3:]
    return mask_middle(value, keep_start=3, keep_end=4)


def mask_name(value: str | None) -> str:
    """``王兰芳`` → ``王*芳``; ``王芳`` → ``王*`` (publicity lists)."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + MASK
    return value[0] + MASK * (len(value) - 2) + value[-1]


def person_label(*, name: str | None, phone: str | None = None, username: str | None = None) -> str:
    """How a person is named on every screen, API answer and audit event: never an unmasked phone or ID number.

    The name; else the masked phone (``139****5555``); else the username, masked when it is all digits (a
    worker's username is their phone number; an ID number may have been typed as one); else ``用户``.
    """
    if name and name.strip():
        return name.strip()
    if phone:
        return mask_phone(phone)
    text = (username or "").strip()
    if not text:
        return NEUTRAL_PERSON
    digits = text[3:] if text.startswith("+86") else text
    if digits[:-1].isascii() and digits[:-1].isdigit() and len(digits) >= 6:
        return mask_phone(digits) if len(digits) <= 11 else mask_id_number(digits)
    return text


#: A person with neither name, phone nor username.
NEUTRAL_PERSON = "用户"  # shown as is: a label, not a translation key


def mask_secret(value: object) -> str:
    return "***" if value not in (None, "") else ""
