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


@register.simple_tag(takes_context=True)
def portal_header_links(context: Any) -> list[Any]:
    """The links modules put in the portal header for the signed-in user (``portal.mine.HEADER``)."""
    from gonghui.portal.mine import header_links

    request = context.get("request")
    return header_links(getattr(request, "user", None))
