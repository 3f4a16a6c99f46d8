"""Template helpers of the member pages: which member actions the signed-in clerk may take."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.authz import access
from gonghui.members.permissions import TRANSFER_MEMBER

register = template.Library()


@register.simple_tag(takes_context=True)
def may_transfer(context: template.Context, member: Any) -> bool:
    """Whether the request's user may start a transfer (接转) of ``member`` (``members.transfer_member`` there)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or member is None:
        return False
    return access.check(user, TRANSFER_MEMBER, member.unit)
