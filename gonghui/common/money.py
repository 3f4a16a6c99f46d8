"""Money as yuan and fen: ``money()`` turns a user's or a file's amount into a two-place ``Decimal``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO_MONEY = Decimal("0.00")


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


def cents(value: object) -> Decimal:
    """Money read back from the database (a sum, an aggregate, a column) as yuan and fen: ``None`` is 0.00, and a
    sum is quantized half up to the fen. The one place money leaving the database is made exact: SQLite sums
    decimals in floating point (``27050.00000000000``, ``0.30000000000000004``), PostgreSQL returns ``Decimal``
    with the column's places. Floats are accepted here only because SQLite's driver may hand them over; their
    shortest text form is used, never their binary expansion."""
    if value is None:
        return ZERO_MONEY
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
