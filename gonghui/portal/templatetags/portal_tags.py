"""Template helpers of the member portal."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.common.masking import mask_phone

register = template.Library()


@register.filter
def masked_name(user: Any) -> str:
    """The user's name, else the masked phone number (a worker's username is the full number: never shown)."""
    name = getattr(user, "name", "")
    if name:
        return str(name)
    phone = getattr(user, "phone", None)
    if phone:
        return mask_phone(phone)
    username = str(user.get_username()) if hasattr(user, "get_username") else ""
    return mask_phone(username) if username.isdigit() else username
