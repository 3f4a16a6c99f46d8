"""Console pages of the retirees' roster and figures: the roster (age and birthday, clubs, last visit; filters,
sort, ``.xlsx`` with names masked, audited) and the figures (charts, ``.xlsx``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download, query_filters
from gonghui.orgs.picker import UnitFilter, unit_filter
from gonghui.policy.selectors import policy_today
from gonghui.retirees.models import VisitStatus
from gonghui.retirees.permissions import VIEW_RETIREES
from gonghui.retirees.stats import selectors

FILTERS = ("q", "band", "club", "unit")


def _picked(request: HttpRequest) -> UnitFilter:
    access.require_anywhere(request.user, VIEW_RETIREES)
    return unit_filter(request, perm=VIEW_RETIREES, search_url="retirees:unit_search")


def _roster(request: HttpRequest, picked: UnitFilter):  # type: ignore[no-untyped-def]
    return selectors.retiree_list(
        actor=request.user,
        unit=picked.unit,
        q=request.GET.get("q", ""),
        band=request.GET.get("band", ""),
        club_id=int_param(request.GET.get("club", ""), min_value=1),
    )


@staff_required
def roster(request: HttpRequest) -> HttpResponse:
    picked = _picked(request)
    listing = paginate(request, _roster(request, picked), sorts=selectors.SORTS, default_sort="name")
    today = policy_today()
    rows = [(m, selectors.age_on(m.birth_date, today)) for m in listing.page]
    return render(
        request,
        "retirees/stats/roster.html",
        {
            "listing": listing,
            "rows": rows,
            "unit_filter": picked,
            "q": request.GET.get("q", ""),
            "band": request.GET.get("band", ""),
            "bands": [b[0] for b in selectors.AGE_BANDS],
        },
    )


@staff_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    picked = _picked(request)
    today = policy_today()
    rows = list(_roster(request, picked)[:20000])
    book = XlsxWriter(title=_("退休职工"))
    sheet = book.sheet(_("退休职工"), widths=(14, 10, 24, 8, 12, 8, 12))
    sheet.row([_("会员编号"), _("姓名"), _("所在工会"), _("年龄"), _("生日"), _("社团数"), _("最近走访")], bold=True)
    for m in rows:
        birthday = f"{m.birth_date:%m-%d}" if m.birth_date else ""
        sheet.row(
            [
                m.member_no,
                mask_name(m.name),
                m.unit.name,
                selectors.age_on(m.birth_date, today) or "",
                birthday,
                m.club_count,
                m.last_visit or "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="retirees.xlsx",
        action="retirees.roster_export",
        target_type="members.member",
        target_repr=_("退休职工名册"),
        unit=picked.unit,
        data={"rows": len(rows), **query_filters(request, FILTERS)},
    )


def _figures(request: HttpRequest) -> tuple[int, UnitFilter, selectors.Figures]:
    picked = _picked(request)
    today = policy_today()
    year = int_param(request.GET.get("year", ""), min_value=2000, max_value=today.year + 1) or today.year
    return year, picked, selectors.figures(actor=request.user, unit=picked.unit, year=year, today=today)


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    year, picked, fig = _figures(request)
    labels = [label for label, _n in fig.by_band]
    return render(
        request,
        "retirees/stats/stats.html",
        {
            "year": year,
            "years": list(range(policy_today().year, policy_today().year - 5, -1)),
            "unit_filter": picked,
            "fig": fig,
            "visits": [(VisitStatus(s).label, n) for s, n in sorted(fig.visits.items())],
            "band_chart": bar_chart(labels, [Series(_("人数"), [n for _l, n in fig.by_band])], title=_("按年龄段")),
            "unit_chart": bar_chart(
                [u for u, _n in fig.by_unit] or [_("无")],
                [Series(_("人数"), [n for _u, n in fig.by_unit] or [0])],
                title=_("按工会（前 15）"),
            ),
            "visit_chart": donut_chart(
                [str(VisitStatus(s).label) for s in sorted(fig.visits)] or [_("无")],
                [fig.visits[s] for s in sorted(fig.visits)] or [0],
                title=_("走访"),
            ),
        },
    )


@staff_required
@require_GET
def stats_export(request: HttpRequest) -> HttpResponse:
    year, picked, fig = _figures(request)
    book = XlsxWriter(title=_("退休职工统计"))
    sheet = book.sheet(_("统计"), widths=(24, 14))
    sheet.row([_("项目"), _("数值")], bold=True)
    sheet.row([_("退休职工"), fig.retirees])
    for band, n in fig.by_band:
        sheet.row([_("年龄段 %(band)s") % {"band": band}, n])
    sheet.row([_("社团"), fig.clubs])
    sheet.row([_("参加社团人数"), fig.club_members])
    sheet.row([_("已举办活动"), fig.activities_done])
    sheet.row([_("活动出席人次"), fig.attendance])
    for status, n in sorted(fig.visits.items()):
        sheet.row([_("走访：%(s)s") % {"s": VisitStatus(status).label}, n])
    sheet.row([_("走访逾期"), fig.overdue])
    sheet.row([_("慰问金笔数"), fig.condolence_count])
    sheet.row([_("慰问金决定金额（元）"), fig.condolence_decided])
    sheet.row([_("慰问金已支付（元）"), fig.condolence_paid])
    units = book.sheet(_("按工会"), widths=(30, 10))
    units.row([_("工会"), _("退休职工")], bold=True)
    for name, n in fig.by_unit:
        units.row([name, n])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"retirees-stats-{year}.xlsx",
        action="retirees.stats_export",
        target_type="retirees.visit",
        target_repr=_("退休职工统计"),
        unit=picked.unit,
        data={"rows": fig.retirees, "year": year},
    )
