"""Console statistics of honours: titles by level and year, studios by grade and status with their results; charts,
and the same figures as ``.xlsx`` (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.sheets.writing import MONEY, XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.honors.permissions import VIEW_HONOREES, VIEW_STUDIOS
from gonghui.honors.stats import selectors
from gonghui.orgs.picker import UnitFilter, unit_filter


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("截至年度"), min_value=1960, max_value=2100, required=False)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_HONOREES, search_url="honors:stats_unit_search")


def _params(request: HttpRequest) -> tuple[int, Any]:
    access.require_anywhere(request.user, VIEW_HONOREES)
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = min(int(form.cleaned_data["year"]), year)
    return year, _unit_filter(request).unit


def _studios(request: HttpRequest, unit: Any) -> selectors.StudioStats | None:
    if not access.check_anywhere(request.user, VIEW_STUDIOS):
        return None
    return selectors.studio_stats(actor=request.user, unit=unit)


@staff_required
def honors_stats(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    honors = selectors.honor_stats(actor=request.user, to_year=year, unit=unit)
    studios = _studios(request, unit)
    level_chart = bar_chart(
        [str(y) for y in honors.years],
        [Series(label, honors.by_level_year.get(level, [])) for level, label in honors.levels],
        title=_("劳模工匠（按授予年度和级别）"),
    )
    title_chart = donut_chart(
        [label for _v, label, _n in honors.by_title], [n for *_x, n in honors.by_title], title=_("按荣誉称号")
    )
    studio_chart = (
        bar_chart(
            [label for _v, label, _n in studios.by_status],
            [Series(_("个数"), [n for *_x, n in studios.by_status])],
            title=_("创新工作室（按状态）"),
        )
        if studios is not None
        else None
    )
    today = timezone.localdate()
    return render(
        request,
        "honors/stats/stats.html",
        {
            "honors": honors,
            "studios": studios,
            "year": year,
            "years": list(range(today.year, today.year - 10, -1)),
            "unit_filter": _unit_filter(request),
            "level_chart": level_chart,
            "title_chart": title_chart,
            "studio_chart": studio_chart,
            "level_rows": [(label, honors.by_level_year.get(level, [])) for level, label in honors.levels],
        },
    )


@staff_required
@require_GET
def honors_stats_export(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    honors = selectors.honor_stats(actor=request.user, to_year=year, unit=unit)
    studios = _studios(request, unit)
    book = XlsxWriter(title=_("劳模工匠统计"))
    sheet = book.sheet(_("按年度和级别"), widths=(14, *([8] * len(honors.years))))
    sheet.row([_("级别"), *[str(y) for y in honors.years]], bold=True)
    for level, label in honors.levels:
        sheet.row([label, *honors.by_level_year.get(level, [])])
    titles = book.sheet(_("按荣誉称号和级别"), widths=(20, 10))
    titles.row([_("分类"), _("人次")], bold=True)
    for _v, label, n in [*honors.by_title, *honors.by_level]:
        titles.row([label, n])
    titles.row([_("合计"), honors.total])
    if studios is not None:
        st = book.sheet(_("创新工作室"), widths=(30, 16))
        st.row([_("指标"), _("数值")], bold=True)
        for _v, label, n in studios.by_status:
            st.row([_("状态：%(label)s") % {"label": label}, n])
        for _v, label, n in studios.by_grade:
            st.row([_("已命名 %(label)s") % {"label": label}, n])
        for label, n in (
            (_("专利"), studios.patents),
            (_("其他成果"), studios.other_results),
            (_("带徒中（对）"), studios.pairs_active),
            (_("已出师（对）"), studios.pairs_completed),
            (_("补助笔数"), studios.grants),
        ):
            st.row([label, n])
        st.row([_("节约或创造价值（元）"), studios.savings], formats={1: MONEY})
        st.row([_("补助金额（元）"), studios.grant_amount], formats={1: MONEY})
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"honors-stats-{year}.xlsx",
        action="honors.stats_export",
        target_type="honors.honoree",
        target_repr=_("劳模工匠统计"),
        data={"year": year, "unit": getattr(unit, "pk", None)},
    )
