"""Console statistics of legal aid and labour-law supervision: cases by kind, outcome and amount recovered,
deadlines kept, ratings, notices by status; charts, and the same figures as ``.xlsx`` (audited)."""

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
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.legal_aid.permissions import VIEW_CASES
from gonghui.legal_aid.stats import selectors
from gonghui.orgs.picker import UnitFilter, unit_filter


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_CASES, search_url="legal_aid:stats_unit_search")


def _params(request: HttpRequest) -> tuple[int, Any]:
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = int(form.cleaned_data["year"])
    return year, _unit_filter(request).unit


@staff_required
def legal_aid_stats(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    stats = selectors.legal_aid_stats(actor=request.user, year=year, unit=unit)
    with_cases = [row for row in stats.by_kind if row[2]]
    kind_chart = bar_chart(
        [label for _c, label, _n, _a in with_cases] or [_("无")],
        [Series(_("件数"), [n for _c, _l, n, _a in with_cases] or [0])],
        title=_("按争议类型"),
    )
    recovered_chart = bar_chart(
        [label for _c, label, _n, _a in with_cases] or [_("无")],
        [Series(_("挽回金额（元）"), [a for _c, _l, _n, a in with_cases] or [0])],
        title=_("挽回金额（按争议类型）"),
    )
    outcome_chart = donut_chart(
        [label for _c, label, _n, _a in stats.by_outcome],
        [n for _c, _l, n, _a in stats.by_outcome],
        title=_("结案结果"),
    )
    today = timezone.localdate()
    return render(
        request,
        "legal_aid/stats/stats.html",
        {
            "stats": stats,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "unit_filter": _unit_filter(request),
            "kind_chart": kind_chart,
            "recovered_chart": recovered_chart,
            "outcome_chart": outcome_chart,
        },
    )


@staff_required
@require_GET
def legal_aid_stats_export(request: HttpRequest) -> HttpResponse:
    year, unit = _params(request)
    stats = selectors.legal_aid_stats(actor=request.user, year=year, unit=unit)
    book = XlsxWriter(title=_("法律维权统计"))
    summary = book.sheet(_("概况"), widths=(30, 16))
    summary.row([_("指标"), _("数值")], bold=True)
    for label, value in (
        (_("法律援助申请"), stats.cases),
        (_("按期作出审查决定"), stats.decided_on_time),
        (_("逾期作出审查决定"), stats.decided_late),
        (_("按期指派律师"), stats.assigned_on_time),
        (_("逾期指派律师"), stats.assigned_late),
    ):
        summary.row([label, value])
    summary.row([_("挽回金额（元）"), stats.recovered], formats={1: MONEY})
    for title, rows in (
        (_("按状态"), stats.by_status),
        (_("按争议类型"), stats.by_kind),
        (_("按结案结果"), stats.by_outcome),
        (_("按职工评价"), stats.by_rating),
    ):
        sheet = book.sheet(title, widths=(26, 10, 16))
        sheet.row([title, _("件数"), _("挽回金额（元）")], bold=True)
        for _code, label, n, amount in rows:
            sheet.row([label, n, amount], formats={2: MONEY})
    if stats.show_notices:
        notices = book.sheet(_("劳动法律监督"), widths=(26, 10))
        notices.row([_("状态"), _("件数")], bold=True)
        for _code, label, n, _a in stats.notices_by_status:
            notices.row([label, n])
        notices.row([_("按期回复"), stats.replied_on_time])
        notices.row([_("逾期回复"), stats.replied_late])
        notices.row([_("逾期未回复"), stats.notices_overdue])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"legal-aid-stats-{year}.xlsx",
        action="legal_aid.stats_export",
        target_type="legal_aid.legalaidcase",
        target_repr=_("法律维权统计"),
        data={"year": year, "unit": getattr(unit, "pk", None)},
    )
