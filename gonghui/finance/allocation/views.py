"""Console pages of the employer allocation: declarations by month, receipts (record → confirm), arrears with the
late charge as of a date (and its ``.xlsx``), bank-statement import with matched and unmatched lines."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param, month_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.finance.allocation import selectors, services
from gonghui.finance.allocation.exports import arrears_xlsx
from gonghui.finance.allocation.forms import (
    DeclarationForm,
    LateChargeForm,
    MatchForm,
    ReasonForm,
    ReceiptForm,
    StatementForm,
)
from gonghui.finance.allocation.forms import safe_date as parse_date
from gonghui.finance.models import ReceiptStatus
from gonghui.finance.permissions import MANAGE_ALLOCATION, VIEW_ALLOCATION
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit(request: HttpRequest) -> OrgUnit | None:
    return _unit_filter(request).unit


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_ALLOCATION, search_url="finance:allocation_unit_search")


@staff_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ALLOCATION)
    month = month_param(request.GET.get("month"))
    qs = selectors.declaration_list(
        actor=request.user,
        month=month,
        unit=_unit(request),
        q=(request.GET.get("q") or "").strip()[:50],
        state=request.GET.get("state", ""),
    )
    listing = paginate(request, qs, sorts=selectors.DECLARATION_SORTS, default_sort="month")
    return render(
        request,
        "finance/allocation/declaration_list.html",
        {"listing": listing, "month": month, "unit_filter": _unit_filter(request)},
    )


@staff_required
def declaration_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_ALLOCATION)
    employers = [
        (e.pk, f"{e.name}（{e.unit.name}）")
        for e in selectors.employer_list(actor=request.user).filter(
            unit__in=access.units(request.user, MANAGE_ALLOCATION)
        )[:500]
    ]
    form = DeclarationForm(request.POST or None, employers=employers)
    posted_employer = int_param(str(request.POST.get("employer", ""))) if request.method == "POST" else None
    if posted_employer is not None:
        # An employer outside the actor's subtree is a 404, one they see without the right to declare a 403.
        chosen = selectors.employer_get(actor=request.user, employer_id=posted_employer)
        access.require(request.user, MANAGE_ALLOCATION, chosen.unit)
    if request.method == "POST" and form.is_valid():
        employer = selectors.employer_get(actor=request.user, employer_id=form.cleaned_data["employer"])
        declared = attempt(
            request,
            lambda: services.allocation_declare(
                actor=access.require_user(request.user),
                employer=employer,
                month=form.cleaned_data["month"],
                payroll=form.cleaned_data["payroll"],
                headcount=form.cleaned_data["headcount"] or 0,
            ),
            form=form,
            success=lambda declaration: _("申报已保存：应缴经费 %(a)s 元。") % {"a": f"{declaration.amount:,}"},
        )
        if declared.value is not None:
            return redirect("finance:allocation_detail", alloc_declaration_id=declared.value.pk)
    return render(request, "finance/allocation/declaration_form.html", {"form": form})


@staff_required
def declaration_detail(request: HttpRequest, alloc_declaration_id: int) -> HttpResponse:
    declaration = selectors.declaration_get(actor=request.user, declaration_id=alloc_declaration_id)
    can_manage = access.check(request.user, MANAGE_ALLOCATION, declaration.unit)
    form = ReceiptForm(request.POST or None, initial={"amount": declaration.outstanding})
    if request.method == "POST":
        access.require(request.user, MANAGE_ALLOCATION, declaration.unit)
        if form.is_valid():
            recorded = attempt(
                request,
                lambda: services.allocation_receipt_record(
                    actor=access.require_user(request.user),
                    declaration=declaration,
                    amount=form.cleaned_data["amount"],
                    received_on=form.cleaned_data["received_on"],
                    reference=form.cleaned_data["reference"],
                ),
                form=form,
                success=_("到账已登记，请由另一位经办人确认入账。"),
            )
            if recorded:
                return redirect("finance:allocation_detail", alloc_declaration_id=declaration.pk)
    as_of = timezone.localdate()
    ((_d, arrears),) = selectors.arrears_for([declaration], as_of=as_of)
    late_form = LateChargeForm(initial={"amount": arrears.charge_owed})
    return render(
        request,
        "finance/allocation/declaration_detail.html",
        {
            "d": declaration,
            "form": form,
            "late_form": late_form,
            "can_manage": can_manage,
            "arrears": arrears,
            "as_of": as_of,
        },
    )


@staff_required
@require_POST
def late_charge_new(request: HttpRequest, alloc_declaration_id: int) -> HttpResponse:
    """Record the late charge of a declaration as collected or waived (a second person confirms)."""
    declaration = selectors.declaration_get(actor=request.user, declaration_id=alloc_declaration_id)
    access.require(request.user, MANAGE_ALLOCATION, declaration.unit)
    form = LateChargeForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.late_charge_record(
                actor=access.require_user(request.user),
                declaration=declaration,
                kind=form.cleaned_data["kind"],
                amount=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            ),
            success=_("已登记，请由另一位经办人确认或批准。"),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("finance:allocation_detail", alloc_declaration_id=declaration.pk)


@staff_required
@require_POST
def late_charge_confirm(request: HttpRequest, late_settlement_id: int) -> HttpResponse:
    settlement = selectors.late_settlement_get(actor=request.user, settlement_id=late_settlement_id)
    attempt(
        request,
        lambda: services.late_charge_confirm(actor=access.require_user(request.user), settlement=settlement),
        success=_("已确认。"),
    )
    return redirect("finance:allocation_detail", alloc_declaration_id=settlement.declaration_id)


@staff_required
@require_POST
def late_charge_cancel(request: HttpRequest, late_settlement_id: int) -> HttpResponse:
    settlement = selectors.late_settlement_get(actor=request.user, settlement_id=late_settlement_id)
    attempt(
        request,
        lambda: services.late_charge_cancel(
            actor=request.user, settlement=settlement, reason=str(request.POST.get("reason", ""))
        ),
        success=_("已撤销。"),
    )
    return redirect("finance:allocation_detail", alloc_declaration_id=settlement.declaration_id)


@staff_required
def receipt_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ALLOCATION)
    status = request.GET.get("status", ReceiptStatus.RECORDED)
    if status not in ReceiptStatus.values:
        status = ""
    listing = paginate(
        request, selectors.receipt_list(actor=request.user, status=status), sorts={"new": "-id"}, default_sort="new"
    )
    return render(
        request,
        "finance/allocation/receipt_list.html",
        {"listing": listing, "status": status, "statuses": ReceiptStatus.choices},
    )


@staff_required
@require_POST
def receipt_confirm(request: HttpRequest, alloc_receipt_id: int) -> HttpResponse:
    receipt = selectors.receipt_get(actor=request.user, receipt_id=alloc_receipt_id)
    attempt(
        request,
        lambda: services.allocation_receipt_confirm(actor=access.require_user(request.user), receipt=receipt),
        success=_("已确认入账，并按比例记入各级账套。"),
    )
    return redirect("finance:allocation_detail", alloc_declaration_id=receipt.declaration_id)


@staff_required
@require_POST
def receipt_cancel(request: HttpRequest, alloc_receipt_id: int) -> HttpResponse:
    receipt = selectors.receipt_get(actor=request.user, receipt_id=alloc_receipt_id)
    form = ReasonForm(request.POST)
    attempt(
        request,
        lambda: services.allocation_receipt_cancel(
            actor=request.user, receipt=receipt, reason=form.data.get("reason", "") if form.is_bound else ""
        ),
        success=_("到账登记已撤销。"),
    )
    return redirect("finance:allocation_detail", alloc_declaration_id=receipt.declaration_id)


def _arrears_params(request: HttpRequest) -> tuple[date, OrgUnit | None, str]:
    as_of = parse_date(request.GET.get("as_of") or "") or timezone.localdate()
    return as_of, _unit(request), (request.GET.get("q") or "").strip()[:50]


@staff_required
def arrears(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ALLOCATION)
    as_of, unit, q = _arrears_params(request)
    qs = selectors.arrears_list(actor=request.user, as_of=as_of, unit=unit, q=q)
    listing = paginate(request, qs, sorts=selectors.ARREARS_SORTS, default_sort="due")
    rows = selectors.arrears_for(list(listing.page.object_list), as_of=as_of)
    return render(
        request,
        "finance/allocation/arrears.html",
        {"listing": listing, "rows": rows, "as_of": as_of, "unit_filter": _unit_filter(request)},
    )


@staff_required
def arrears_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ALLOCATION)
    as_of, unit, q = _arrears_params(request)
    qs = selectors.arrears_list(actor=request.user, as_of=as_of, unit=unit, q=q).order_by("due_on", "pk")[:20000]
    rows = selectors.arrears_for(list(qs), as_of=as_of)
    response = HttpResponse(
        arrears_xlsx(rows, as_of=as_of),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="arrears-{as_of.isoformat()}.xlsx"'
    return response


@staff_required
def statement_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ALLOCATION)
    can_upload = access.check_anywhere(request.user, MANAGE_ALLOCATION)
    form = StatementForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST":
        access.require_anywhere(request.user, MANAGE_ALLOCATION)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            uploaded = attempt(
                request,
                lambda: services.bank_statement_upload(
                    actor=access.require_user(request.user), unit=unit, upload=form.cleaned_data["file"]
                ),
                form=form,
            )
            if uploaded.value is not None:
                return redirect("finance:allocation_statement", bank_statement_id=uploaded.value.pk)
    listing = paginate(request, selectors.statement_list(actor=request.user), sorts={"new": "-id"}, default_sort="new")
    return render(
        request,
        "finance/allocation/statement_list.html",
        {"listing": listing, "form": form, "can_upload": can_upload},
    )


@staff_required
def statement_detail(request: HttpRequest, bank_statement_id: int) -> HttpResponse:
    statement = selectors.statement_get(actor=request.user, statement_id=bank_statement_id)
    lines = list(selectors.statement_lines(statement=statement))
    can_manage = access.check(request.user, MANAGE_ALLOCATION, statement.unit)
    open_declarations = list(selectors.open_declarations(actor=request.user, unit=statement.unit)) if can_manage else []
    return render(
        request,
        "finance/allocation/statement_detail.html",
        {"statement": statement, "lines": lines, "can_manage": can_manage, "open_declarations": open_declarations},
    )


@staff_required
@require_POST
def line_record(request: HttpRequest, bank_line_id: int) -> HttpResponse:
    line = selectors.line_get(actor=request.user, line_id=bank_line_id)
    form = MatchForm(request.POST)
    declaration = None
    if form.is_valid() and form.cleaned_data["declaration"]:
        declaration = selectors.declaration_get(actor=request.user, declaration_id=form.cleaned_data["declaration"])
    attempt(
        request,
        lambda: services.bank_line_record(actor=access.require_user(request.user), line=line, declaration=declaration),
        failure=lambda reason: _("第 %(row)d 行：%(m)s") % {"row": line.row, "m": reason},
        success=_("第 %(row)d 行已登记为到账，待确认。") % {"row": line.row},
    )
    return redirect("finance:allocation_statement", bank_statement_id=line.statement_id)


@staff_required
@require_POST
def line_dismiss(request: HttpRequest, bank_line_id: int) -> HttpResponse:
    line = selectors.line_get(actor=request.user, line_id=bank_line_id)
    attempt(
        request,
        lambda: services.bank_line_dismiss(actor=request.user, line=line, note=request.POST.get("note", "")),
        failure=lambda reason: _("第 %(row)d 行：%(m)s") % {"row": line.row, "m": reason},
    )
    return redirect("finance:allocation_statement", bank_statement_id=line.statement_id)
