"""Console page of recuperation statistics (year, unit filter, charts) and its ``.xlsx``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, PERCENT, XLSX_TYPE, XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import UnitFilter, unit_filter
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.stats import selectors


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_RECUPERATION, search_url="recuperation:stats_unit_search")


def _params(request: HttpRequest) -> tuple[int, OrgUnit | None]:
    year = int_param(request.GET.get("year") or "", min_value=2000, max_value=2100) or timezone.localdate().year
    return year, _unit_filter(request).unit


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    year, unit = _params(request)
    figures = selectors.recuperation_stats(actor=request.user, year=year, unit=unit)
    units = figures.units[:30]
    places_chart = bar_chart(
        [u.unit for u in units] or [_("无")],
        [
            Series(_("名额"), [u.places for u in units] or [0]),
            Series(_("已使用"), [u.used for u in units] or [0]),
            Series(_("退回"), [u.handed_back for u in units] or [0]),
        ],
        title=_("各单位名额使用情况"),
    )
    group_chart = donut_chart(
        [str(selectors.GROUP_LABELS[g]) for g in selectors.GROUPS],
        [figures.groups.get(g, 0) for g in selectors.GROUPS],
        title=_("参加人员构成"),
    )
    return render(
        request,
        "recuperation/stats/stats.html",
        {
            "stats": figures,
            "year": year,
            "unit": unit,
            "years": selectors.stats_years(timezone.localdate()),
            "unit_filter": _unit_filter(request),
            "places_chart": places_chart,
            "group_chart": group_chart,
            "groups": [(selectors.GROUP_LABELS[g], figures.groups.get(g, 0)) for g in selectors.GROUPS],
        },
    )


@staff_required
def stats_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    year, unit = _params(request)
    figures = selectors.recuperation_stats(actor=request.user, year=year, unit=unit)
    book = XlsxWriter(title=_("疗休养统计"))
    sheet = book.sheet(_("名额"), widths=(30, 10, 10, 10, 10))
    sheet.row([_("工会"), _("名额"), _("下拨"), _("退回"), _("已使用")], bold=True)
    for u in figures.units:
        sheet.row([u.unit, u.places, u.allotted, u.handed_back, u.used])
    summary = book.sheet(_("概况"), widths=(24, 16))
    summary.row([_("项目"), _("数值")], bold=True)
    summary.row([_("参加人数"), figures.people])
    for label, n in [(selectors.GROUP_LABELS[g], figures.groups.get(g, 0)) for g in selectors.GROUPS]:
        summary.row([str(label), n])
    summary.row([_("首次参加占比"), figures.first_share], formats={1: PERCENT})
    summary.row([_("费用合计"), figures.spending], formats={1: MONEY})
    summary.row([_("人均费用"), figures.per_person], formats={1: MONEY})
    summary.row([_("年度人均费用上限"), figures.cap], formats={1: MONEY})
    summary.row([_("超过上限人数"), figures.over_cap])
    sat = book.sheet(_("满意度"), widths=(30, 10, 10, 10, 10, 10))
    sat.row([_("疗休养基地"), _("评价份数"), _("总体"), _("食宿"), _("活动安排"), _("服务")], bold=True)
    for s in figures.satisfaction:
        sat.row([s.label, s.answers, s.overall, s.lodging, s.programme, s.service])
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="recuperation-stats-{year}.xlsx"'
    return response
