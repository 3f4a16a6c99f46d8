"""Console page of mutual-aid statistics (charts, tables) and its ``.xlsx`` export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XLSX_TYPE, XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.mutual_aid.models import Plan
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.stats import selectors
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import unit_filter


def _params(request: HttpRequest) -> tuple[Plan | None, OrgUnit | None, list[Plan]]:
    access.require_anywhere(request.user, VIEW_MUTUAL_AID)
    plans = list(selectors.stats_plans(actor=request.user)[:50])
    wanted = int_param(request.GET.get("plan") or "", min_value=1)
    plan = next((p for p in plans if p.pk == wanted), None) if wanted else (plans[0] if plans else None)
    if wanted and plan is None:
        raise access.NotVisible
    unit = unit_filter(request, perm=VIEW_MUTUAL_AID, search_url="mutual_aid:stats_unit_search").unit
    return plan, unit, plans


def _percent(value: object) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"  # type: ignore[operator]


@staff_required
def stats_page(request: HttpRequest) -> HttpResponse:
    plan, unit, plans = _params(request)
    stats = selectors.mutual_aid_stats(actor=request.user, plan=plan, unit=unit)
    rate_chart = bar_chart(
        [r.unit.name for r in stats.rows] or [_("无")],
        [Series(_("参保率（%）"), [float(r.rate * 100) for r in stats.rows] or [0])],
        title=_("各工会参保率"),
    )
    benefit_chart = donut_chart(
        [b.label for b in stats.benefits if b.paid] or [_("无")],
        [float(b.paid) for b in stats.benefits if b.paid] or [0],
        title=_("按保障责任的已支付给付"),
    )
    return render(
        request,
        "mutual_aid/stats/stats.html",
        {
            "stats": stats,
            "plan": plan,
            "plans": plans,
            "unit": unit,
            "unit_filter": unit_filter(request, perm=VIEW_MUTUAL_AID, search_url="mutual_aid:stats_unit_search"),
            "rate_chart": rate_chart,
            "benefit_chart": benefit_chart,
            "percent": _percent,
            "total_rate": _percent(stats.total.rate) if stats.total else "—",
            "loss_ratio": _percent(stats.loss_ratio),
            "plan_rows": [(p, _percent(p.loss_ratio)) for p in stats.plans],
            "rate_rows": [(r, _percent(r.rate)) for r in stats.rows],
        },
    )


@staff_required
def stats_export(request: HttpRequest) -> HttpResponse:
    plan, unit, _plans = _params(request)
    stats = selectors.mutual_aid_stats(actor=request.user, plan=plan, unit=unit)
    book = XlsxWriter(title=_("互助保障统计"))
    rates = book.sheet(_("参保率"), widths=(30, 12, 12, 10))
    rates.row([_("工会"), _("在册会员"), _("参保人数"), _("参保率")], bold=True)
    for r in stats.rows:
        rates.row([r.unit.name, r.active, r.enrolled, _percent(r.rate)])
    if stats.total:
        rates.row([_("合计"), stats.total.active, stats.total.enrolled, _percent(stats.total.rate)], bold=True)
    benefits = book.sheet(_("按保障责任"), widths=(16, 10, 16, 16))
    benefits.row([_("保障责任"), _("件数"), _("核定金额"), _("已支付")], bold=True)
    for b in stats.benefits:
        benefits.row([b.label, b.claims, b.approved, b.paid], formats={2: MONEY, 3: MONEY})
    illnesses = book.sheet(_("按病种"), widths=(16, 10, 16, 16))
    illnesses.row([_("病种代码"), _("件数"), _("核定金额"), _("已支付")], bold=True)
    for b in stats.illnesses:
        illnesses.row([b.label, b.claims, b.approved, b.paid], formats={2: MONEY, 3: MONEY})
    plans = book.sheet(_("赔付率"), widths=(30, 8, 16, 16, 10))
    plans.row([_("保障计划"), _("年度"), _("会费收入"), _("已支付给付"), _("赔付率")], bold=True)
    for p in stats.plans:
        plans.row([p.plan.name, p.plan.year, p.fees, p.paid, _percent(p.loss_ratio)], formats={2: MONEY, 3: MONEY})
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mutual-aid-stats.xlsx"'
    return response
