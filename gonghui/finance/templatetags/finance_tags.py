"""Money on screen: ``{{ amount|yuan }}`` → ``1,234.50`` (Decimal, two places, thousands separators)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,}"
