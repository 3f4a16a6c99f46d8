"""Console statistics of collective bargaining: agreements in force and their coverage, wage increases agreed,
cases by status; charts, and the same figures as ``.xlsx`` (audited)."""

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
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.bargaining.stats import selectors
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, unit_filter


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_BARGAINING, search_url="bargaining:stats_unit_search")


def _params(request: HttpRequest) -> tuple[int, Any]:
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = int(form.cleaned_data["year"])
    return year, _unit_filter(request).unit


def _percent(value: Any) -> str:
    return f"{value}%"


@staff_required
def bargaining_stats(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_BARGAINING)
    year, unit = _params(request)
    today = timezone.localdate()
    stats = selectors.bargaining_stats(actor=request.user, year=year, today=today, unit=unit)
    level_chart = donut_chart(
        [label for _v, label, _n in stats.in_force_by_level],
        [n for *_x, n in stats.in_force_by_level],
        title=_("有效集体合同（按层级）"),
    )
    wage_chart = bar_chart(
        [label for _v, label, _a in stats.wage_by_level],
        [Series(_("平均工资增长幅度（%）"), [a or 0 for *_x, a in stats.wage_by_level])],
        title=_("%(year)s 年签订的工资协议：平均增长幅度") % {"year": year},
        fmt=_percent,
    )
    status_chart = bar_chart(
        [label for _v, label, _n in stats.by_status],
        [Series(_("件数"), [n for *_x, n in stats.by_status])],
        title=_("协商案件状态"),
    )
    return render(
        request,
        "bargaining/stats/stats.html",
        {
            "stats": stats,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "unit_filter": _unit_filter(request),
            "level_chart": level_chart,
            "wage_chart": wage_chart,
            "status_chart": status_chart,
        },
    )


@staff_required
@require_GET
def bargaining_stats_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_BARGAINING)
    year, unit = _params(request)
    stats = selectors.bargaining_stats(actor=request.user, year=year, today=timezone.localdate(), unit=unit)
    book = XlsxWriter(title=_("平等协商统计"))
    sheet = book.sheet(_("概况"), widths=(36, 18))
    sheet.row([_("指标"), _("数值")], bold=True)
    for label, value in (
        (_("有效集体合同"), stats.in_force),
        (_("覆盖企业"), stats.covered_employers),
        (_("覆盖职工"), stats.covered_workers),
        (_("本年签订"), stats.signed_in_year),
        (_("本年签订的工资协议"), stats.wage_agreements),
        (_("平均工资增长幅度（%）"), stats.wage_increase_avg),
        (_("最低工资增长幅度（%）"), stats.wage_increase_min),
        (_("最高工资增长幅度（%）"), stats.wage_increase_max),
        (_("逾期督办未办结"), stats.escalated_open),
    ):
        sheet.row([label, value])
    levels = book.sheet(_("按层级"), widths=(24, 16, 22))
    levels.row([_("协商层级"), _("有效集体合同"), _("平均工资增长幅度（%）")], bold=True)
    wage = {code: a for code, _label, a in stats.wage_by_level}
    for code, name, n in stats.in_force_by_level:
        levels.row([name, n, wage.get(code)])
    statuses = book.sheet(_("按状态"), widths=(24, 10))
    statuses.row([_("状态"), _("件数")], bold=True)
    for _v, label, n in stats.by_status:
        statuses.row([label, n])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"bargaining-stats-{year}.xlsx",
        action="bargaining.stats_export",
        target_type="bargaining.stats",
        target_repr=_("平等协商统计"),
        data={"year": year, "unit": getattr(unit, "pk", None)},
    )
