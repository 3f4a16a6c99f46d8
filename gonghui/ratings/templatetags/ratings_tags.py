from __future__ import annotations

from django import template

from gonghui.ratings.registry import kind_label

register = template.Library()


@register.filter
def rating_kind(code: str) -> str:
    """The label of a rateable kind (its code when no module registers it)."""
    return kind_label(code)
