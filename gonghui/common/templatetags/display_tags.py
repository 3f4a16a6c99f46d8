"""Template helpers of the kernel: a business source shown by name (``source_link``), a name held in a database
row in the reader's language (``dataname``)."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.common.datanames import dataname
from gonghui.common.sources import ShownSource, source_show

register = template.Library()


@register.inclusion_tag("common/_source.html", takes_context=True)
def source_link(context: template.Context, raw: str) -> dict[str, ShownSource | None]:
    """A business source (``finance.duesreceipt:12``) by its name, linked to its record when the signed-in user may
    see it; an unregistered kind shows "其他业务" and the reference."""
    request: Any = context.get("request")
    actor = getattr(request, "user", None)
    return {"shown": source_show(raw, actor=actor if actor is not None and actor.is_authenticated else None)}


@register.filter(name="dataname")
def dataname_filter(value: str | None) -> str:
    """A name held in a database row (a default role, a process or step, an account), in the reader's language."""
    return dataname(value)
