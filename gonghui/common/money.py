"""Money as yuan and fen: ``money()`` turns a user's or a file's amount into a two-place ``Decimal``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def money(value: object, *, field: str = "amount") -> Decimal:
    """A yuan amount as ``Decimal`` with two places; refuses floats, more than two places and non-numbers."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValidationError(_("金额格式不正确。"), code="money") from None
    if not amount.is_finite():
        raise ValidationError(_("金额格式不正确。"), code="money")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError(_("金额最多保留两位小数。"), code="money_places")
    return amount.quantize(CENT)
