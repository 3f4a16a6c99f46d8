"""Console pages of critical-illness relief: the list (filters, sort, pages, ``.xlsx``), a claim filed on a member's
behalf, the claim's page (invoices, what is missing, the decision with its trace, the payment, the history, the
audited reveal of the health data) and the statistics. The worker's pages are in ``portal_views``; the claim's
draft actions are shared (``claim_action``): the services decide who may do what."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.assistance.permissions import APPROVE_RELIEF, MANAGE_RELIEF, REVEAL_RELIEF_HEALTH, VIEW_RELIEF
from gonghui.assistance.relief import attachments as relief_attachments
from gonghui.assistance.relief import selectors, services
from gonghui.assistance.relief.forms import (
    ClaimForm,
    CommentForm,
    DocumentForm,
    InvoiceForm,
    OnBehalfForm,
    StatsForm,
)
from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart, donut_chart
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XLSX_TYPE, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, unit_filter

POST_ACTIONS = ("invoice", "remove", "update", "documents", "submit", "resubmit", "withdraw")


def _upload_documents(request: HttpRequest, claim: ReliefClaim) -> bool:
    """Photos or scans of the claim's documents, one kernel call per file: a refused file says why (the others
    still go in). True when every file went in."""
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _invalid(request, form)
        return False
    return attach_each(request, owner=claim, uploads=form.cleaned_data["uploads"], purpose=form.cleaned_data["purpose"])


def documents_of(actor: object, claim: ReliefClaim) -> dict[str, object]:
    """What a claim page shows of the documents: the files by purpose, whether the actor may add or remove."""
    if not relief_attachments.can_view(actor, claim):  # type: ignore[arg-type]
        return {"visible": False, "invoice_files": [], "settlement_files": [], "may_attach": False}
    files = attachment_list(actor=actor, owner=claim)  # type: ignore[arg-type]
    return {
        "visible": True,
        "invoice_files": [a for a in files if a.purpose == relief_attachments.INVOICE],
        "settlement_files": [a for a in files if a.purpose == relief_attachments.SETTLEMENT],
        "may_attach": claim.status in relief_attachments.OPEN and relief_attachments.can_change(actor, claim),  # type: ignore[arg-type]
    }


def claim_action(request: HttpRequest, claim: ReliefClaim) -> bool:
    """The draft actions of a claim page (console and portal): add or remove an invoice, change the claim, submit,
    resubmit, withdraw. True when the service succeeded."""
    actor = request.user
    action = request.POST.get("action", "")
    if action == "invoice":
        form = InvoiceForm(request.POST)
        if not form.is_valid():
            _invalid(request, form)
            return False
        data = services.InvoiceInput(**form.cleaned_data)
        return attempt(
            request,
            lambda: services.relief_invoice_add(actor=actor, claim=claim, invoice=data),
            success=_("票据已添加。"),
        ).ok
    if action == "remove":
        invoice_id = int_param(request.POST.get("invoice"), min_value=1) or 0
        return attempt(
            request,
            lambda: services.relief_invoice_remove(actor=actor, claim=claim, invoice_id=invoice_id),
            success=_("票据已删除。"),
        ).ok
    if action == "documents":
        return _upload_documents(request, claim)
    if action == "update":
        claim_form = ClaimForm(request.POST)
        if not claim_form.is_valid():
            _invalid(request, claim_form)
            return False
        return attempt(
            request,
            lambda: services.relief_claim_update(actor=actor, claim=claim, **claim_form.cleaned_data),
            success=_("申请信息已保存。"),
        ).ok
    comment = (request.POST.get("comment") or "").replace("\x00", "")[:2000]  # PostgreSQL text holds no NUL
    if action == "submit":
        return attempt(
            request,
            lambda: services.relief_claim_submit(actor=actor, claim=claim),
            success=_("申请已提交，请留意审核进度。"),
        ).ok
    if action == "resubmit":
        return attempt(
            request,
            lambda: services.relief_claim_resubmit(actor=actor, claim=claim, comment=comment),
            success=_("申请已重新提交。"),
        ).ok
    if action == "withdraw":
        return attempt(
            request,
            lambda: services.relief_claim_withdraw(actor=actor, claim=claim, comment=comment),
            success=_("申请已撤回。"),
        ).ok
    return False


def _invalid(request: HttpRequest, form: ClaimForm | InvoiceForm | DocumentForm) -> None:
    """A form that did not parse: its errors as the page's message (the form is shown again empty)."""
    parts = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


def _unit_filter(request: HttpRequest) -> UnitFilter:
    """The "工会" filter: a search by name among the unions whose claims the actor may see."""
    return unit_filter(request, perm=VIEW_RELIEF, search_url="assistance:relief_unit_search")


def _filters(request: HttpRequest) -> dict[str, object]:
    unit = _unit_filter(request).unit
    return {
        "status": request.GET.get("status", ""),
        "year": int_param(request.GET.get("year") or "", min_value=2000, max_value=2100),
        "unit": unit,
        "q": (request.GET.get("q") or "").strip()[:50],
    }


def _export_filters(request: HttpRequest) -> dict[str, object]:
    """The filters an export was made with, for its audit record (ids, not names or search text)."""
    found = _filters(request)
    unit = found["unit"]
    return {"status": found["status"], "year": found["year"], "unit": getattr(unit, "pk", None)}


@staff_required
def relief_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RELIEF)
    filters = _filters(request)
    qs = selectors.relief_list(actor=request.user, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-created")
    return render(
        request,
        "assistance/relief/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": ReliefStatus.choices,
            "years": selectors.stats_years(timezone.localdate()),
            "unit_filter": _unit_filter(request),
            "can_file": access.check_anywhere(request.user, MANAGE_RELIEF),
        },
    )


@staff_required
@require_GET
def relief_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as ``.xlsx``: no diagnosis, no hospital (health data stays on the claim page)."""
    access.require_anywhere(request.user, VIEW_RELIEF)
    claims = list(selectors.relief_list(actor=request.user, **_filters(request))[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("大病救助"))
    sheet = book.sheet(_("大病救助"), widths=(10, 12, 28, 12, 12, 14, 14, 10))
    sheet.row(
        [
            _("编号"),
            _("会员"),
            _("所在工会"),
            _("状态"),
            _("提交日期"),
            _("个人自付合计"),
            _("核定救助金额"),
            _("年度"),
        ],
        bold=True,
    )
    for c in claims:
        sheet.row(
            [
                c.pk,
                mask_name(c.member.name),
                c.unit.name,
                c.get_status_display(),
                c.submitted_on,
                c.out_of_pocket,
                c.amount,
                c.year,
            ],
            formats={5: MONEY, 6: MONEY},
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="relief.xlsx",
        action="assistance.relief_export",
        target_type="assistance.reliefclaim",
        target_repr=_("大病救助申请"),
        data={"rows": len(claims), **_export_filters(request)},
    )


@staff_required
def relief_new(request: HttpRequest) -> HttpResponse:
    """A clerk files a claim on a member's behalf (a draft, completed on its page)."""
    access.require_anywhere(request.user, MANAGE_RELIEF)
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = selectors.relief_member_find(actor=request.user, perm=MANAGE_RELIEF, member_no=data.pop("member_no"))
        if member is None:
            form.add_error("member_no", _("在您管理的范围内没有这个会员编号。"))
        else:
            done = attempt(
                request,
                lambda: services.relief_claim_create(actor=request.user, member=member, **data),
                form=form,
                success=_("已为会员建立大病救助申请，请补充票据后提交。"),
            )
            if done and done.value is not None:
                return redirect("assistance:relief_detail", relief_claim_id=done.value.pk)
    return render(request, "assistance/relief/new.html", {"form": form})


@staff_required
def relief_detail(request: HttpRequest, relief_claim_id: int) -> HttpResponse:
    claim = selectors.relief_get(actor=request.user, claim_id=relief_claim_id)
    if request.method == "POST":
        access.require(request.user, MANAGE_RELIEF, claim.unit)
        claim_action(request, claim)
        return redirect("assistance:relief_detail", relief_claim_id=claim.pk)
    payment = selectors.relief_payment(claim)
    can_manage = access.check(request.user, MANAGE_RELIEF, claim.unit)
    return render(
        request,
        "assistance/relief/detail.html",
        {
            "claim": claim,
            "invoices": selectors.relief_invoices(claim),
            "events": selectors.relief_events(claim),
            "shares": selectors.relief_shares(claim),
            "missing": services.relief_missing(claim),
            "payment": payment,
            "editable": can_manage and claim.status in services.EDITABLE,
            "invoice_form": InvoiceForm(),
            "comment_form": CommentForm(),
            "document_form": DocumentForm(),
            "documents": documents_of(request.user, claim),
            "can_reveal": access.check(request.user, REVEAL_RELIEF_HEALTH, claim.unit),
            "can_pay": claim.status == ReliefStatus.APPROVED
            and bool(claim.amount)
            and payment is None
            and access.check(request.user, APPROVE_RELIEF, claim.unit),
        },
    )


@staff_required
@require_POST
def relief_reveal(request: HttpRequest, relief_claim_id: int) -> HttpResponse:
    """htmx: the diagnosis and the hospitals in place of the masked block (audited by the service)."""
    claim = selectors.relief_get(actor=request.user, claim_id=relief_claim_id)
    health = services.relief_reveal(actor=request.user, claim=claim)
    response = render(request, "assistance/relief/_health.html", {"health": health, "claim": claim})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def relief_pay(request: HttpRequest, relief_claim_id: int) -> HttpResponse:
    claim = selectors.relief_get(actor=request.user, claim_id=relief_claim_id)
    attempt(
        request,
        lambda: services.relief_payment_request(actor=request.user, claim=claim),
        success=_("已向财务提交支付申请。"),
    )
    return redirect("assistance:relief_detail", relief_claim_id=claim.pk)


def _stats_params(request: HttpRequest) -> tuple[int, object]:
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    return year, _unit_filter(request).unit


@staff_required
def relief_stats(request: HttpRequest) -> HttpResponse:
    year, unit = _stats_params(request)
    stats = selectors.relief_stats(actor=request.user, year=year, unit=unit)  # type: ignore[arg-type]
    month_chart = bar_chart(
        [f"{m}月" for m, _n, _s in stats.months],
        [Series(_("救助金额（元）"), [float(s) for _m, _n, s in stats.months])],
        title=_("按月核定的大病救助金额"),
    )
    band_chart = donut_chart(
        [_band_label(f, t, r) for f, t, r, _s in stats.bands] or [_("无")],
        [float(s) for *_x, s in stats.bands] or [0],
        title=_("按费用分段的救助金额"),
    )
    return render(
        request,
        "assistance/relief/stats.html",
        {
            "stats": stats,
            "year": year,
            "unit": unit,
            "years": selectors.stats_years(timezone.localdate()),
            "unit_filter": _unit_filter(request),
            "month_chart": month_chart,
            "band_chart": band_chart,
            "band_rows": [(_band_label(f, t, r), s) for f, t, r, s in stats.bands],
        },
    )


def _band_label(start: object, end: object, rate: object) -> str:
    upper = _("以上") if end is None else f"–{end:,.0f}"  # type: ignore[str-format]
    return f"{start:,.0f}{upper} × {rate * 100:.0f}%"  # type: ignore[operator, str-format]


@staff_required
def relief_stats_export(request: HttpRequest) -> HttpResponse:
    year, unit = _stats_params(request)
    stats = selectors.relief_stats(actor=request.user, year=year, unit=unit)  # type: ignore[arg-type]
    book = XlsxWriter(title=_("大病救助统计"))
    sheet = book.sheet(_("按月"), widths=(10, 10, 16))
    sheet.row([_("月份"), _("件数"), _("救助金额")], bold=True)
    for month, count, amount in stats.months:
        sheet.row([f"{year}-{month:02d}", count, amount], formats={2: MONEY})
    sheet.row([_("合计"), stats.count, stats.total], formats={2: MONEY}, bold=True)
    bands = book.sheet(_("按分段"), widths=(24, 16))
    bands.row([_("费用分段"), _("救助金额")], bold=True)
    for start, end, rate, amount in stats.bands:
        bands.row([_band_label(start, end, rate), amount], formats={1: MONEY})
    bands.row([_("年度封顶扣减"), -stats.cap_reduction], formats={1: MONEY})
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="relief-stats-{year}.xlsx"'
    return response
