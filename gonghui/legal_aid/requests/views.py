"""Console pages of workers' requests: the list (filters, "overdue" filter, sort, pages, ``.xlsx`` masked and
audited), a request's page (the requester as the actor may see them, photos, answer, transfer, history), the
statistics by category (charts, ``.xlsx``) and the categories (policy data)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.attachments.selectors import attachment_list
from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.legal_aid.models import RequestCategory, RequestStatus
from gonghui.legal_aid.permissions import (
    HANDLE_SENSITIVE_REQUESTS,
    MANAGE_REQUEST_CATEGORIES,
    VIEW_REQUESTS,
)
from gonghui.legal_aid.requests import selectors, services
from gonghui.legal_aid.requests.forms import AnswerForm, CategoryForm, StatsForm, TransferForm
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import UnitFilter, bind_unit_pickers, unit_filter

SEARCH_URL = "legal_aid:request_view_unit_search"


def _require_any(request: HttpRequest) -> None:
    if not (
        access.check_anywhere(request.user, VIEW_REQUESTS)
        or access.check_anywhere(request.user, HANDLE_SENSITIVE_REQUESTS)
    ):
        access.require_anywhere(request.user, VIEW_REQUESTS)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_REQUESTS, search_url=SEARCH_URL)


def _filters(request: HttpRequest) -> dict[str, object]:
    return {
        "status": request.GET.get("status", ""),
        "q": (request.GET.get("q") or "").strip()[:50],
        "overdue": request.GET.get("overdue") == "1",
        "category_id": int_param(request.GET.get("category") or "", min_value=1),
    }


@staff_required
def request_list(request: HttpRequest) -> HttpResponse:
    _require_any(request)
    picked = _unit_filter(request)
    filters = _filters(request)
    qs = selectors.request_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-submitted")
    rows = [(r, selectors.list_name(r)) for r in listing.page]
    return render(
        request,
        "legal_aid/requests/list.html",
        {
            "listing": listing,
            "rows": rows,
            "filters": filters,
            "unit_filter": picked,
            "statuses": RequestStatus.choices,
            "categories": selectors.all_categories(),
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_GET
def request_export(request: HttpRequest) -> HttpResponse:
    """The filtered requests as ``.xlsx``: names masked, anonymous requesters never named, no phones; audited."""
    _require_any(request)
    picked = _unit_filter(request)
    filters = _filters(request)
    rows = list(selectors.request_list(actor=request.user, unit=picked.unit, **filters)[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("职工诉求"))
    sheet = book.sheet(_("职工诉求"), widths=(14, 16, 12, 22, 12, 12, 12, 8, 8))
    sheet.row(
        [
            _("诉求编号"),
            _("类别"),
            _("诉求人"),
            _("责任工会"),
            _("状态"),
            _("提交日期"),
            _("答复期限"),
            _("评分"),
            _("督办"),
        ],
        bold=True,
    )
    for r in rows:
        sheet.row(
            [
                r.number,
                r.category.name,
                selectors.list_name(r, masked=True),
                r.unit.name,
                r.get_status_display(),
                timezone.localdate(r.submitted_at),
                r.due_on,
                r.rating or "",
                _("是") if r.escalated_at and r.status in services.OPEN else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="worker-requests.xlsx",
        action="legal_aid.requests_export",
        target_type="legal_aid.workerrequest",
        target_repr=_("职工诉求"),
        data={"rows": len(rows), "status": filters["status"], "unit": getattr(picked.unit, "pk", None)},
    )


def _transfer_form(request: HttpRequest, data: object = None) -> TransferForm:
    form = TransferForm(data)  # type: ignore[arg-type]
    bind_unit_pickers(form, request.user)
    return form


@staff_required
def request_detail(request: HttpRequest, worker_request_id: int) -> HttpResponse:
    item = selectors.request_get(actor=request.user, request_id=worker_request_id)
    if request.method == "POST":
        access.require_action(
            request.user, view_perm=services.view_perm(item), perm=services.handle_perm(item), unit=item.unit
        )
        action = request.POST.get("action", "")
        if action == "answer":
            answer = AnswerForm(request.POST)
            if answer.is_valid():
                attempt(
                    request,
                    lambda: services.request_answer(actor=request.user, request=item, **answer.cleaned_data),
                    success=_("答复已发送给职工。"),
                )
            else:
                _invalid(request, answer)
        elif action == "transfer":
            form = _transfer_form(request, request.POST)
            if form.is_valid():
                to_unit = form.cleaned_data["to_unit"]
                if form.cleaned_data["to_parent"]:
                    to_unit = services.parent_of(item.unit)
                attempt(
                    request,
                    lambda: services.request_transfer(
                        actor=request.user, request=item, to_unit=to_unit, reason=form.cleaned_data["reason"]
                    ),
                    success=_("诉求已转办。"),
                )
            else:
                _invalid(request, form)
        if selectors.request_scope(request.user).filter(pk=item.pk).exists():
            return redirect("legal_aid:request_detail", worker_request_id=item.pk)
        return redirect("legal_aid:request_list")
    return render(
        request,
        "legal_aid/requests/detail.html",
        {
            "r": item,
            "who": selectors.identity(request.user, item),
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action), RequestStatus(e.to_status).label)
                for e in selectors.events(item)
            ],
            "files": attachment_list(actor=request.user, owner=item),
            "can_handle": services.can_handle(request.user, item),
            "answer_form": AnswerForm(),
            "transfer_form": _transfer_form(request),
            "overdue": item.status in services.OPEN and item.due_on < timezone.localdate(),
        },
    )


def _invalid(request: HttpRequest, form: object) -> None:
    from django.contrib import messages

    errors = getattr(form, "errors", {})
    fields = getattr(form, "fields", {})
    parts = [
        f"{fields[name].label if name in fields else ''}：{' '.join(str(e) for e in errs)}"
        for name, errs in errors.items()
    ]
    messages.error(request, "；".join(parts))


# --- statistics ---------------------------------------------------------------------------------------------------


def _stats(request: HttpRequest) -> tuple[int, OrgUnit | None, list[selectors.CategoryRow]]:
    _require_any(request)
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = int(form.cleaned_data["year"])
    unit = _unit_filter(request).unit
    return year, unit, selectors.request_stats(actor=request.user, year=year, unit=unit)


@staff_required
def request_stats(request: HttpRequest) -> HttpResponse:
    year, _unit, rows = _stats(request)
    labels = [r.category.name for r in rows] or [_("无")]
    count_chart = bar_chart(
        labels,
        [Series(_("诉求"), [r.total for r in rows] or [0]), Series(_("已答复"), [r.answered for r in rows] or [0])],
        title=_("各类诉求件数"),
    )
    satisfaction_chart = bar_chart(
        labels,
        [Series(_("满意率（%）"), [r.satisfaction_rate or 0 for r in rows] or [0])],
        title=_("各类诉求满意率"),
    )
    today = timezone.localdate()
    return render(
        request,
        "legal_aid/requests/stats.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "unit_filter": _unit_filter(request),
            "count_chart": count_chart,
            "satisfaction_chart": satisfaction_chart,
            "totals": {
                "total": sum(r.total for r in rows),
                "answered": sum(r.answered for r in rows),
                "overdue": sum(r.open_overdue for r in rows),
            },
        },
    )


@staff_required
@require_GET
def request_stats_export(request: HttpRequest) -> HttpResponse:
    year, unit, rows = _stats(request)
    book = XlsxWriter(title=_("职工诉求统计"))
    sheet = book.sheet(_("按类别"), widths=(18, 8, 8, 10, 14, 10, 10, 8, 10))
    sheet.row(
        [
            _("类别"),
            _("件数"),
            _("已答复"),
            _("按期答复率（%）"),
            _("平均答复用时（工作日）"),
            _("平均评分"),
            _("满意率（%）"),
            _("重新办理"),
            _("逾期未答复"),
        ],
        bold=True,
    )
    for r in rows:
        sheet.row(
            [
                r.category.name,
                r.total,
                r.answered,
                r.on_time_rate if r.on_time_rate is not None else "",
                r.avg_days if r.avg_days is not None else "",
                r.avg_rating if r.avg_rating is not None else "",
                r.satisfaction_rate if r.satisfaction_rate is not None else "",
                r.reopened,
                r.open_overdue,
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"worker-requests-{year}.xlsx",
        action="legal_aid.requests_stats_export",
        target_type="legal_aid.workerrequest",
        target_repr=_("职工诉求统计"),
        data={"year": year, "unit": getattr(unit, "pk", None)},
    )


# --- categories ---------------------------------------------------------------------------------------------------


@staff_required
def category_list(request: HttpRequest) -> HttpResponse:
    _require_any(request)
    can_manage = access.check_at_root(request.user, MANAGE_REQUEST_CATEGORIES)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        access.require_at_root(request.user, MANAGE_REQUEST_CATEGORIES)
        if form.is_valid():
            category = None
            pk = int_param(request.POST.get("category") or "", min_value=1)
            if pk is not None:
                category = get_object_or_404(RequestCategory, pk=pk)
            done = attempt(
                request,
                lambda: services.category_save(actor=request.user, category=category, **form.cleaned_data),
                form=form,
                success=_("诉求类别已保存。"),
            )
            if done:
                return redirect("legal_aid:request_categories")
    categories = selectors.all_categories()
    counts = dict(_category_counts(request))
    return render(
        request,
        "legal_aid/requests/categories.html",
        {
            "rows": [(c, counts.get(c.pk, 0)) for c in categories],
            "categories": categories,
            "form": form,
            "can_manage": can_manage,
        },
    )


def _category_counts(request: HttpRequest) -> list[tuple[int, int]]:
    from django.db.models import Count

    return list(
        selectors.request_scope(request.user)
        .values("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
