"""Console page of the one-screen overview of a descendant unit (``/console/overview/<unit>/``); the console home
shows the actor's own unit's with the same fragment (:func:`overview_context`). Thin: select, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gonghui.common.charts import Series, bar_chart
from gonghui.console.decorators import staff_required
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import GROUP_TITLES, Group, Kind
from gonghui.overview.selectors import (
    CACHE_SECONDS,
    REFRESH_SECONDS,
    STALE_SECONDS,
    age_seconds,
    overview_children,
    overview_get,
    overview_parent,
    overview_unit_get,
)


def _translated(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored Chinese titles and labels in the reader's language (they are the catalogues' source texts)."""
    return [
        {
            **source,
            "title": gettext(source["title"]),
            "figures": [{**fig, "label": gettext(fig["label"])} for fig in source["figures"]],
        }
        for source in sources
    ]


def _chart(sources: list[dict[str, Any]], group: str, kind: str, title: str) -> SafeString | str:
    """One bar per source of ``group``: the sum of its ``kind`` figures that are not overdue flags."""
    labels, values = [], []
    for source in sources:
        if source["group"] != group:
            continue
        total = sum(float(f["value"] or 0) for f in source["figures"] if f["kind"] == kind and not f["overdue"])
        labels.append(source["title"])
        values.append(total)
    if not labels or not any(values):
        return ""
    return bar_chart(labels, [Series(name=title, values=values)], title=title)


def overview_context(request: HttpRequest, unit: OrgUnit) -> dict[str, Any]:
    data = overview_get(actor=request.user, unit=unit)
    sources = _translated(data["sources"])
    groups = [
        {
            "key": str(key),
            "title": title,
            "sources": [s for s in sources if s["group"] == key and s["figures"]],
        }
        for key, title in GROUP_TITLES.items()
    ]
    overdue = [
        {**fig, "source": s["title"]} for s in sources for fig in s["figures"] if fig["overdue"] and fig["value"]
    ]
    children, more = overview_children(actor=request.user, unit=unit)
    age = age_seconds(data)
    return {
        "ov_unit": unit,
        "ov_data": data,
        "ov_groups": [g for g in groups if g["sources"]],
        "ov_overdue": overdue,
        "ov_waiting_chart": _chart(sources, Group.WAITING, Kind.COUNT, gettext("待办件数（按业务）")),
        "ov_money_chart": _chart(sources, Group.MONEY, Kind.YUAN, gettext("已支付金额（元，按业务）")),
        "ov_children": children,
        "ov_more": more,
        "ov_age_seconds": age,
        "ov_stale": age > STALE_SECONDS,
        "ov_stale_seconds": STALE_SECONDS,
        "ov_refresh_seconds": REFRESH_SECONDS,
        "ov_cache_seconds": CACHE_SECONDS,
    }


@staff_required
@require_GET
def unit_overview(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = overview_unit_get(actor=request.user, unit_id=unit_id)
    context = overview_context(request, unit)
    context["parent"] = overview_parent(actor=request.user, unit=unit)
    return render(request, "overview/unit.html", context)
