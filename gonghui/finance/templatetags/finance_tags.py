"""Money on screen: ``{{ amount|yuan }}`` → ``1,234.50`` (Decimal, two places, thousands separators)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


_SIDES = {"借": _("借"), "贷": _("贷"), "平": pgettext_lazy("balance side", "平")}


@register.filter
def side_label(value: object) -> str:
    """A balance side ("借" / "贷" / "平", as the selectors compute it) in the reader's language."""
    return str(_SIDES.get(str(value), value))
