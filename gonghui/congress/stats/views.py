"""Console statistics of democratic management: congress coverage, proposals by outcome and punctuality,
suggestions and their value; charts, and the same figures as ``.xlsx`` (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.sheets.writing import MONEY, XlsxWriter
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.stats import selectors
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, unit_filter


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:stats_unit_search")


def _params(request: HttpRequest) -> tuple[int, Any]:
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = int(form.cleaned_data["year"])
    return year, _unit_filter(request).unit


@staff_required
def congress_stats(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    today = timezone.localdate()
    stats = selectors.congress_stats(actor=request.user, year=year, today=today, unit=unit)
    coverage_chart = donut_chart(
        [_("一年内召开职代会"), _("已建职代会但超期"), _("未建职代会")],
        [
            stats.with_recent_session,
            stats.with_congress - stats.with_recent_session,
            stats.grassroots - stats.with_congress,
        ],
        title=_("基层工会职代会覆盖"),
    )
    proposal_chart = bar_chart(
        [label for _c, label, _n in stats.proposals_by_code] or [_("无")],
        [Series(_("件数"), [n for *_x, n in stats.proposals_by_code] or [0])],
        title=_("提案办理结果"),
    )
    suggestion_chart = bar_chart(
        [label for _c, label, _n in stats.suggestions_by_status] or [_("无")],
        [Series(_("件数"), [n for *_x, n in stats.suggestions_by_status] or [0])],
        title=_("合理化建议状态"),
    )
    return render(
        request,
        "congress/stats/stats.html",
        {
            "stats": stats,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "unit_filter": _unit_filter(request),
            "overdue": selectors.overdue_congresses(actor=request.user, today=today, unit=unit, limit=50),
            "coverage_chart": coverage_chart,
            "proposal_chart": proposal_chart,
            "suggestion_chart": suggestion_chart,
        },
    )


@staff_required
@require_GET
def congress_stats_export(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    today = timezone.localdate()
    stats = selectors.congress_stats(actor=request.user, year=year, today=today, unit=unit)
    overdue = selectors.overdue_congresses(actor=request.user, today=today, unit=unit, limit=20000)
    book = XlsxWriter(title=_("民主管理统计"))
    sheet = book.sheet(_("概况"), widths=(36, 18))
    sheet.row([_("指标"), _("数值")], bold=True)
    for label, value in (
        (_("基层工会数"), stats.grassroots),
        (_("已建职代会"), stats.with_congress),
        (_("一年内召开职代会"), stats.with_recent_session),
        (_("覆盖率（%）"), stats.coverage),
        (_("提案按期答复"), stats.answered_on_time),
        (_("提案逾期答复"), stats.answered_late),
        (_("提案逾期未答复"), stats.overdue_open),
        (_("合理化建议采纳件数"), stats.suggestions_adopted),
        (_("节约工时（小时/年）"), stats.hours_saved),
    ):
        sheet.row([label, value])
    sheet.row([_("节约或创造价值（元/年）"), stats.money_saved], formats={1: MONEY})
    sheet.row([_("奖励金额"), stats.rewards], formats={1: MONEY})
    outcomes = book.sheet(_("提案"), widths=(24, 10))
    outcomes.row([_("状态或办理结果"), _("件数")], bold=True)
    for _code, label, n in [*stats.proposals_by_status, *stats.proposals_by_code]:
        outcomes.row([label, n])
    suggestions = book.sheet(_("合理化建议"), widths=(24, 10))
    suggestions.row([_("状态"), _("件数")], bold=True)
    for _code, label, n in stats.suggestions_by_status:
        suggestions.row([label, n])
    late = book.sheet(_("超期未召开"), widths=(36, 36))
    late.row([_("工会"), _("职工代表大会")], bold=True)
    for congress in overdue:
        late.row([congress.unit.name, congress.name])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"congress-stats-{year}.xlsx",
        action="congress.stats_export",
        target_type="congress.congress",
        target_repr=_("民主管理统计"),
        data={"year": year, "unit": getattr(unit, "pk", None)},
    )
