"""Console page of the member statistics (会员统计) and its ``.xlsx`` download. Thin: parse, select, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.console.decorators import staff_required
from gonghui.members.models import MemberStatus
from gonghui.members.permissions import VIEW_STATS
from gonghui.members.stats.selectors import (
    CACHE_SECONDS,
    REFRESH_SECONDS,
    STALE_SECONDS,
    member_stats,
    member_stats_export,
    stats_age_seconds,
    stats_today,
    stats_unit_get,
    stats_unit_parent,
    status_choices,
)
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class StatsFilterForm(forms.Form):
    unit = UnitPickerField(
        label=gettext_lazy("组织"), required=False, perm=VIEW_STATS, search_url="members:stats_unit_search"
    )
    status = forms.ChoiceField(label=gettext_lazy("会员状态"), required=False, choices=status_choices)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


def _parse(request: HttpRequest) -> tuple[OrgUnit, str, StatsFilterForm]:
    """The chosen unit (default: the actor's root; malformed or out of scope: 404; a search naming several: the
    default, with the matches offered) and status (default: active)."""
    form = StatsFilterForm(request.GET, actor=request.user)
    form.is_valid()
    data = form.cleaned_data
    picked = data.get("unit")  # checked by the picker against the same scope
    unit = picked if picked is not None else stats_unit_get(actor=request.user, unit_id=None)
    return unit, str(data.get("status") or MemberStatus.ACTIVE), form


MAX_BARS = 30  # a long list of unions or industries: the first 29 and "其他"
ORDERED = ("join_year", "age_band")  # dimensions whose order means something keep every bar


def _chart(dim: dict[str, Any]) -> SafeString | str:
    """The dimension's chart, drawn on the server as SVG (no chart library, no inline style)."""
    rows = list(dim["rows"])
    if not rows:
        return ""
    if dim["chart"] == "pie":
        return donut_chart([r["label"] for r in rows], [r["count"] for r in rows], title=str(dim["title"]))
    if dim["key"] not in ORDERED and len(rows) > MAX_BARS:
        rest = sum(r["count"] for r in rows[MAX_BARS - 1 :])
        rows = [*rows[: MAX_BARS - 1], {"label": gettext("其他"), "count": rest}]
    series = [Series(name=str(dim["title"]), values=[r["count"] for r in rows])]
    return bar_chart([str(r["label"]) for r in rows], series, title=str(dim["title"]))


@staff_required
@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    unit, status, form = _parse(request)
    if not form.errors:  # the picker shows the unit on display (the default one too)
        form = StatsFilterForm(initial={"unit": unit, "status": status}, actor=request.user)
    data = member_stats(actor=request.user, unit=unit, status=status)
    age = stats_age_seconds(data)
    return render(
        request,
        "members/stats/page.html",
        {
            "unit": unit,
            "parent": stats_unit_parent(actor=request.user, unit=unit),
            "status": status,
            "status_choices": status_choices(),
            "form": form,
            "data": data,
            "dims": [{"dim": dim, "chart": _chart(dim)} for dim in data["dimensions"]],
            "cache_seconds": CACHE_SECONDS,
            "refresh_seconds": REFRESH_SECONDS,
            "age_seconds": age,
            "stale": data["precomputed"] and age > STALE_SECONDS,
            "stale_seconds": STALE_SECONDS,
        },
    )


@staff_required
@require_GET
def stats_export(request: HttpRequest) -> HttpResponse:
    unit, status, _form = _parse(request)
    content = member_stats_export(actor=request.user, unit=unit, status=status)
    filename = f"member-stats-{unit.pk}-{status}-{stats_today().isoformat()}.xlsx"
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
