"""Template helpers of the kernel: a business source shown by name (``source_link``)."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.common.sources import ShownSource, source_show

register = template.Library()


@register.inclusion_tag("common/_source.html", takes_context=True)
def source_link(context: template.Context, raw: str) -> dict[str, ShownSource | None]:
    """A business source (``finance.duesreceipt:12``) by its name, linked to its record when the signed-in user may
    see it; an unregistered kind shows "其他业务" and the reference."""
    request: Any = context.get("request")
    actor = getattr(request, "user", None)
    return {"shown": source_show(raw, actor=actor if actor is not None and actor.is_authenticated else None)}
