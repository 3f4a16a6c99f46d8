"""Console statistics of worker services for the actor's subtree: activities by category and by union (places,
sign-ups, completed, no-shows), redemptions by partner; charts, and the same figures as ``.xlsx`` (audited)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.common.charts import Series, bar_chart
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.worker_services.stats import selectors


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _year(request: HttpRequest) -> int:
    form = StatsForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


@staff_required
@require_GET
def service_stats(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = selectors.service_stats(actor=request.user, year=year)
    cats = stats.by_category[:12]
    category_chart = bar_chart(
        [r.label for r in cats] or [_("无")],
        [
            Series(_("名额"), [r.places for r in cats] or [0]),
            Series(_("报名成功"), [r.signed_up for r in cats] or [0]),
            Series(_("已参加"), [r.completed for r in cats] or [0]),
            Series(_("未到场"), [r.no_show for r in cats] or [0]),
        ],
        title=_("各类活动的名额、报名和参加"),
    )
    partners = stats.by_partner[:12]
    partner_chart = bar_chart(
        [r.label[:12] for r in partners] or [_("无")],
        [Series(_("有效核验"), [r.valid for r in partners] or [0])],
        title=_("各商户会员优惠核验次数"),
    )
    return render(
        request,
        "worker_services/stats/index.html",
        {
            "stats": stats,
            "form": StatsForm(initial={"year": year}),
            "category_chart": category_chart,
            "partner_chart": partner_chart,
        },
    )


@staff_required
@require_GET
def service_stats_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = selectors.service_stats(actor=request.user, year=year)
    book = XlsxWriter(creator="Gonghui", title=_("职工服务统计"))
    head = [_("活动数"), _("名额"), _("报名成功"), _("候补"), _("已参加"), _("未到场")]
    for title, rows in ((_("按类别"), stats.by_category), (_("按工会"), stats.by_unit)):
        sheet = book.sheet(title, widths=(24, 10, 10, 10, 10, 10, 10), freeze="A2")
        sheet.row([title, *head], bold=True)
        for r in rows:
            sheet.row([r.label, r.activities, r.places, r.signed_up, r.waiting, r.completed, r.no_show])
    sheet = book.sheet(_("优惠核验"), widths=(30, 12, 12), freeze="A2")
    sheet.row([_("商户"), _("有效核验"), _("未通过")], bold=True)
    for p in stats.by_partner:
        sheet.row([p.label, p.valid, p.refused])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"worker-services-{year}.xlsx",
        action="worker_services.stats_export",
        target_type="worker_services.stats",
        target_repr=_("职工服务统计 %(y)s") % {"y": year},
        data={"rows": len(stats.by_category) + len(stats.by_unit) + len(stats.by_partner), "year": year},
    )
