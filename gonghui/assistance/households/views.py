"""Console pages of household files: the list and ``.xlsx`` export (masked, audited), a file's page (support
planned, paid through finance or delivered, annual reviews, leaving, history), the support list with the festival
visit's bulk delivery, the annual reviews with their bulk opening, and the statistics with charts and ``.xlsx``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.assistance.households import selectors, services
from gonghui.assistance.households.forms import CloseForm, PayForm, ReviewForm, SupportPlanForm
from gonghui.assistance.models import (
    FileStatus,
    HardshipCategory,
    HardshipCause,
    ReviewStatus,
    SupportKind,
    SupportStatus,
)
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, VIEW_HARDSHIP
from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import DATE, MONEY, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download, query_filters


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "status": request.GET.get("status", ""),
        "category": request.GET.get("category", ""),
        "cause": request.GET.get("cause", ""),
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
def file_list(request: HttpRequest) -> HttpResponse:
    listing = paginate(
        request,
        selectors.file_list(actor=request.user, **_filters(request)),
        sorts=selectors.FILE_SORTS,
        default_sort="-opened",
    )
    return render(
        request,
        "assistance/households/list.html",
        {
            "listing": listing,
            "statuses": FileStatus.choices,
            "categories": HardshipCategory.choices,
            "causes": HardshipCause.choices,
        },
    )


def _export(request: HttpRequest, content: bytes, *, filename: str, action: str, rows: int, what: str) -> HttpResponse:
    return audited_download(
        request,
        content,
        filename=filename,
        action=action,
        target_type="assistance.householdfile",
        target_repr=what,
        data={"rows": rows, **query_filters(request, ("status", "category", "cause", "q", "unit", "year"))},
    )


@staff_required
@require_GET
def file_export(request: HttpRequest) -> HttpResponse:
    files = list(selectors.file_list(actor=request.user, **_filters(request)).order_by("-opened_on")[:50000])
    book = XlsxWriter()
    sheet = book.sheet(_("困难职工档案"))
    sheet.row(
        [_("档案编号"), _("姓名"), _("所在工会"), _("困难类别"), _("致困原因"), _("家庭人口"), _("状态"), _("建档日期")]
    )
    for f in files:
        sheet.row(
            [
                f.file_no,
                mask_name(f.member.name),
                f.unit.name,
                f.get_category_display(),
                f.get_cause_display(),
                f.household_size,
                f.get_status_display(),
                f.opened_on,
            ],
            formats={7: DATE},
        )
    return _export(
        request,
        book.to_bytes(),
        filename="hardship-files.xlsx",
        action="assistance.hardship_export",
        rows=len(files),
        what=_("困难职工档案"),
    )


@staff_required
def file_detail(request: HttpRequest, hardship_file_id: int) -> HttpResponse:
    file = selectors.file_get(actor=request.user, file_id=hardship_file_id)
    items = list(selectors.support_list(actor=request.user, file=file).order_by("-planned_at"))
    return render(
        request,
        "assistance/households/detail.html",
        {
            "file": file,
            "items": items,
            "payments": selectors.payments_of(items),
            "reviews": list(file.reviews.all()),
            "events": selectors.file_events(file=file),
            "can_manage": access.check(request.user, MANAGE_HARDSHIP, file.unit),
            "plan_form": SupportPlanForm(file=file, initial={"period": f"{timezone.localdate():%Y-%m}"}),
            "pay_form": PayForm(),
            "close_form": CloseForm(),
        },
    )


@staff_required
@require_POST
def file_act(request: HttpRequest, hardship_file_id: int) -> HttpResponse:
    file = selectors.file_get(actor=request.user, file_id=hardship_file_id)
    action = request.POST.get("action", "")
    back = redirect("assistance:file_detail", hardship_file_id=file.pk)
    if action == "plan":
        form = SupportPlanForm(request.POST, file=file)
        if form.is_valid():
            d = form.cleaned_data
            plan = services.SupportInput(
                kind=d["kind"],
                form=d["form"],
                period=d["period"],
                amount=d["amount"],
                description=d["description"],
                child=form.children.get(d["child"] or ""),
            )
            attempt(
                request,
                lambda: services.support_plan(actor=request.user, file=file, item=plan),
                success=_("帮扶项目已安排。"),
            )
        else:
            access.require(request.user, MANAGE_HARDSHIP, file.unit)
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    elif action in ("pay", "deliver", "cancel"):
        item = selectors.support_get(actor=request.user, item_id=request.POST.get("item"))
        if item.file_id != file.pk:
            raise access.NotVisible(_("未找到。"))
        if action == "pay":
            pay = PayForm(request.POST)
            pay.is_valid()
            attempt(
                request,
                lambda: services.support_pay(
                    actor=request.user,
                    item=item,
                    bank_name=pay.cleaned_data.get("bank_name", ""),
                    bank_account=pay.cleaned_data.get("bank_account", ""),
                ),
                success=_("已提交付款申请，由财务审批支付。"),
            )
        elif action == "deliver":
            attempt(request, lambda: services.support_deliver(actor=request.user, item=item), success=_("已登记发放。"))
        else:
            attempt(
                request,
                lambda: services.support_cancel(actor=request.user, item=item, reason=request.POST.get("reason", "")),
                success=_("已取消。"),
            )
    elif action == "close":
        close = CloseForm(request.POST)
        close.is_valid()
        attempt(
            request,
            lambda: services.file_close(
                actor=request.user,
                file=file,
                reason=close.cleaned_data.get("reason", ""),
                note=close.cleaned_data.get("note", ""),
            ),
            success=_("档案已退出。"),
        )
    elif action == "income_above":
        attempt(
            request,
            lambda: services.file_income_recheck(
                actor=request.user, file=file, above_line=request.POST.get("above") == "1"
            ),
            success=_("已记录。"),
        )
    else:
        access.require(request.user, MANAGE_HARDSHIP, file.unit)
    return back


@staff_required
def support_list(request: HttpRequest) -> HttpResponse:
    """Support items across the files (filter by item, period, status), with the bulk delivery of goods and
    referrals (the festival visit)."""
    kind, period, status = (
        request.GET.get("kind", ""),
        request.GET.get("period", "").strip(),
        request.GET.get("status", ""),
    )
    qs = selectors.support_list(actor=request.user, kind=kind, period=period, status=status)
    if request.method == "POST":
        access.require_anywhere(request.user, MANAGE_HARDSHIP)
        ids = [i for i in (int_param(x) for x in request.POST.getlist("item")) if i is not None][:500]
        chosen = list(qs.filter(pk__in=ids))
        attempt(
            request,
            lambda: services.support_deliver_many(actor=request.user, items=chosen),
            success=lambda n: _("已登记发放 %(n)s 项。") % {"n": n},
        )
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    listing = paginate(request, qs, sorts=selectors.SUPPORT_SORTS, default_sort="-planned")
    return render(
        request,
        "assistance/households/support_list.html",
        {
            "listing": listing,
            "kinds": SupportKind.choices,
            "statuses": SupportStatus.choices,
            "can_manage": access.check_anywhere(request.user, MANAGE_HARDSHIP),
        },
    )


@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Annual reviews (open ones first), with the bulk opening of the reviews that are due."""
    status = request.GET.get("status", ReviewStatus.OPEN)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.reviews_open_due(actor=request.user),
            success=lambda n: _("已开启 %(n)s 份档案的年审。") % {"n": n},
        )
        return redirect("assistance:review_list")
    listing = paginate(
        request,
        selectors.review_list(actor=request.user, status=status),
        sorts=selectors.REVIEW_SORTS,
        default_sort="due",
    )
    return render(
        request,
        "assistance/households/review_list.html",
        {
            "listing": listing,
            "statuses": ReviewStatus.choices,
            "can_manage": access.check_anywhere(request.user, MANAGE_HARDSHIP),
        },
    )


@staff_required
def review_detail(request: HttpRequest, hardship_review_id: int) -> HttpResponse:
    review = selectors.review_get(actor=request.user, review_id=hardship_review_id)
    revealed = False
    if request.method == "POST" and request.POST.get("action") == "reveal":
        services.review_reveal(actor=request.user, review=review)
        revealed = True
    form = ReviewForm(
        request.POST if request.method == "POST" and not revealed else None,
        initial={"household_size": review.file.household_size},
    )
    if request.method == "POST" and not revealed:
        access.require(request.user, MANAGE_HARDSHIP, review.file.unit)
        if form.is_valid() and attempt(
            request,
            lambda: services.review_complete(actor=request.user, review=review, **form.cleaned_data),
            form=form,
            success=_("年审已完成。"),
        ):
            return redirect("assistance:file_detail", hardship_file_id=review.file_id)
    return render(
        request,
        "assistance/households/review.html",
        {
            "review": review,
            "form": form,
            "revealed": revealed,
            "can_manage": access.check(request.user, MANAGE_HARDSHIP, review.file.unit),
            "can_reveal": access.check(request.user, REVEAL_HARDSHIP, review.file.unit),
        },
    )


def _stats_params(request: HttpRequest) -> tuple[object, int | None]:
    unit_id = int_param(request.GET.get("unit") or "")
    unit = access.units(request.user, VIEW_HARDSHIP).filter(pk=unit_id).first() if unit_id is not None else None
    year = int_param(request.GET.get("year") or "", min_value=2000, max_value=2100)
    return unit, year


@staff_required
def hardship_stats(request: HttpRequest) -> HttpResponse:
    unit, year = _stats_params(request)
    stats = selectors.hardship_stats(actor=request.user, unit=unit, year=year)  # type: ignore[arg-type]
    charts = {
        "category": donut_chart(
            [r[0] for r in stats.files_by_category],
            [r[1] for r in stats.files_by_category],
            title=_("在档户数（按困难类别）"),
        ),
        "cause": bar_chart(
            [r[0] for r in stats.files_by_cause],
            [Series(_("户数"), [r[1] for r in stats.files_by_cause])],
            title=_("在档户数（按致困原因）"),
        ),
        "kind": bar_chart(
            [r[0] for r in stats.money_by_kind],
            [
                Series(_("已申请"), [r[1] for r in stats.money_by_kind]),
                Series(_("已支付"), [r[2] for r in stats.money_by_kind]),
            ],
            title=_("帮扶资金（按项目）"),
        ),
    }
    return render(
        request, "assistance/households/stats.html", {"stats": stats, "charts": charts, "unit": unit, "year": year}
    )


@staff_required
@require_GET
def hardship_stats_export(request: HttpRequest) -> HttpResponse:
    unit, year = _stats_params(request)
    stats = selectors.hardship_stats(actor=request.user, unit=unit, year=year)  # type: ignore[arg-type]
    book = XlsxWriter()
    sheet = book.sheet(_("在档户数"))
    sheet.row([_("困难类别"), _("户数")])
    for label, n in stats.files_by_category:
        sheet.row([label, n])
    sheet = book.sheet(_("致困原因"))
    sheet.row([_("致困原因"), _("户数")])
    for label, n in stats.files_by_cause:
        sheet.row([label, n])
    sheet = book.sheet(_("帮扶资金"))
    sheet.row([_("项目"), _("已申请（元）"), _("已支付（元）")])
    for label, asked, paid in stats.money_by_kind:
        sheet.row([label, asked, paid], formats={1: MONEY, 2: MONEY})
    sheet = book.sheet(_("按期间"))
    sheet.row([_("期间"), _("已申请（元）"), _("已支付（元）")])
    for label, asked, paid in stats.money_by_period:
        sheet.row([label, asked, paid], formats={1: MONEY, 2: MONEY})
    return _export(
        request,
        book.to_bytes(),
        filename="hardship-stats.xlsx",
        action="assistance.hardship_stats_export",
        rows=stats.files_open,
        what=_("困难帮扶统计"),
    )
