"""Console pages of ratings: statistics for the actor's subtree (charts, ``.xlsx`` audited), the list of ratings,
the queue of poor ratings waiting for a return visit and a rating's page with the follow-up form."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.listing import paginate
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, unit_filter
from gonghui.ratings import selectors, services
from gonghui.ratings.forms import FollowUpForm, StatsForm
from gonghui.ratings.models import FollowUp
from gonghui.ratings.permissions import FOLLOW_UP, VIEW_RATINGS
from gonghui.ratings.registry import RATEABLE, kind_label


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_RATINGS, search_url="ratings:unit_search")


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    form = StatsForm(request.GET or None)
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return start, end


def _pct(value: object) -> str:
    return "—" if value is None else f"{value}%"


@staff_required
def rating_stats(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RATINGS)
    filt = _unit_filter(request)
    start, end = _period(request)
    stats = selectors.rating_stats(actor=request.user, unit=filt.unit, start=start, end=end)
    kinds = [row for row in stats.by_kind if row.figures.count]
    kind_chart = bar_chart(
        [row.label for row in kinds] or [_("无")],
        [Series(_("平均分"), [float(row.figures.average or 0) for row in kinds] or [0])],
        title=_("各类服务平均分"),
    )
    child_chart = bar_chart(
        [row.label for row in stats.by_child] or [_("无")],
        [Series(_("满意率（%）"), [float(row.figures.satisfied_share or 0) for row in stats.by_child] or [0])],
        title=_("下级工会满意率"),
    )
    t = stats.totals
    share_chart = donut_chart([_("满意（4–5 分）"), _("其他")], [t.satisfied, t.count - t.satisfied], title=_("满意率"))
    return render(
        request,
        "ratings/stats.html",
        {
            "stats": stats,
            "start": start,
            "end": end,
            "unit_filter": filt,
            "kind_chart": kind_chart,
            "child_chart": child_chart,
            "share_chart": share_chart,
        },
    )


@staff_required
@require_GET
def rating_stats_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RATINGS)
    unit = _unit_filter(request).unit
    start, end = _period(request)
    stats = selectors.rating_stats(actor=request.user, unit=unit, start=start, end=end)
    book = XlsxWriter(title=_("服务评价统计"))
    header = [_("项目"), _("评价数"), _("平均分"), _("满意数"), _("满意率（%）"), _("待回访")]
    rows = 0
    for title, lines in (
        (_("合计"), [(_("合计"), stats.totals)]),
        (_("按服务类别"), [(row.label, row.figures) for row in stats.by_kind]),
        (_("按下级工会"), [(row.label, row.figures) for row in stats.by_child]),
    ):
        sheet = book.sheet(title, widths=(30, 10, 10, 10, 12, 10))
        sheet.row(header, bold=True)
        for label, f in lines:
            sheet.row(
                [
                    label,
                    f.count,
                    float(f.average) if f.average is not None else "",
                    f.satisfied,
                    float(f.satisfied_share) if f.satisfied_share is not None else "",
                    f.poor_waiting,
                ]
            )
            rows += 1
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"ratings-{start.isoformat()}-{end.isoformat()}.xlsx",
        action="ratings.stats_export",
        target_type="ratings.rating",
        target_repr=_("服务评价统计"),
        unit=unit,
        data={"rows": rows, "start": start.isoformat(), "end": end.isoformat(), "unit": getattr(unit, "pk", None)},
    )


@staff_required
def rating_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RATINGS)
    filt = _unit_filter(request)
    kind = request.GET.get("kind", "")
    follow_up = request.GET.get("follow_up", "")
    if follow_up not in FollowUp.values:
        follow_up = ""
    qs = selectors.rating_list(actor=request.user, unit=filt.unit, kind=kind, follow_up=follow_up)
    listing = paginate(request, qs, sorts={"created": "-created_at", "score": "score"}, default_sort="created")
    return render(
        request,
        "ratings/list.html",
        {
            "listing": listing,
            "unit_filter": filt,
            "kinds": RATEABLE.items(),
            "follow_ups": FollowUp.choices,
            "filters": {"kind": kind, "follow_up": follow_up},
        },
    )


@staff_required
def follow_up_queue(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RATINGS)
    listing = paginate(request, selectors.follow_up_queue(actor=request.user))
    return render(request, "ratings/queue.html", {"listing": listing})


@staff_required
def rating_detail(request: HttpRequest, rating_id: int) -> HttpResponse:
    rating = selectors.rating_get(actor=request.user, rating_id=rating_id)
    may_follow_up = rating.follow_up == FollowUp.WAITING and access.check(request.user, FOLLOW_UP, rating.unit)
    form = FollowUpForm(request.POST or None, initial={"visitor": getattr(request.user, "name", "")})
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_RATINGS, perm=FOLLOW_UP, unit=rating.unit)
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.rating_follow_up(actor=request.user, rating=rating, **form.cleaned_data),
                form=form,
                success=_("回访情况已登记。"),
            )
            if done:
                return redirect("ratings:detail", rating_id=rating.pk)
    return render(
        request,
        "ratings/detail.html",
        {
            "rating": rating,
            "events": selectors.rating_events(rating),
            "form": form if may_follow_up else None,
            "kind_label": kind_label(rating.kind),
            "record_url": selectors.rating_record_url(rating),
        },
    )
