"""Template helpers of the member portal."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.common.masking import person_label

register = template.Library()


@register.filter
def masked_name(user: Any) -> str:
    """The user's name, else the masked phone number (a worker's username is the full number: never shown)."""
    username = str(user.get_username()) if hasattr(user, "get_username") else ""
    return person_label(name=getattr(user, "name", ""), phone=getattr(user, "phone", None), username=username)
