"""Console pages of members' dues (status by month, a member's dues with wage and payment, import, payroll batch,
collections to confirm, ``.xlsx`` export); the portal page "我的会费" is in ``portal_views``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.money import cents
from gonghui.common.params import int_param, month_param
from gonghui.common.sheets.writing import MONEY, XLSX_TYPE, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.finance.dues import selectors, services
from gonghui.finance.dues.forms import DuesImportForm, PayForm, PayrollForm, WageForm
from gonghui.finance.models import ReceiptStatus
from gonghui.finance.permissions import MANAGE_DUES, VIEW_DUES
from gonghui.orgs.models import Employer
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_DUES, search_url="finance:dues_unit_search")


def _status_params(request: HttpRequest) -> tuple[date, Any, str, str]:
    month = month_param(request.GET.get("month")) or timezone.localdate().replace(day=1)
    unit = _unit_filter(request).unit
    return month, unit, (request.GET.get("q") or "").strip()[:50], request.GET.get("state", "")


@staff_required
def dues_status(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_DUES)
    month, unit, q, state = _status_params(request)
    qs = selectors.dues_status_list(actor=request.user, month=month, unit=unit, q=q, state=state)
    listing = paginate(request, qs, sorts=selectors.STATUS_SORTS, default_sort="member_no")
    page = list(listing.page.object_list)
    expected = selectors.expected_for(page, month)
    rows = [(m, expected.get(m.pk)) for m in page]
    return render(
        request,
        "finance/dues/status.html",
        {"listing": listing, "rows": rows, "month": month, "unit_filter": _unit_filter(request)},
    )


@staff_required
def dues_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_DUES)
    month, unit, q, state = _status_params(request)
    members = list(selectors.dues_status_list(actor=request.user, month=month, unit=unit, q=q, state=state)[:50000])
    expected = selectors.expected_for(members, month)
    book = XlsxWriter()
    sheet = book.sheet(_("会费收缴"))
    sheet.row([_("会员编号"), _("姓名"), _("所在工会"), _("月份"), _("基本工资"), _("应交会费"), _("已交会费")])
    amounts = {4: MONEY, 5: MONEY, 6: MONEY}
    for m in members:
        sheet.row(
            [m.member_no, m.name, m.unit.name, f"{month:%Y-%m}", m.dues_wage, expected.get(m.pk), cents(m.dues_paid)],
            formats=amounts,
        )
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dues-{month:%Y-%m}.xlsx"'
    return response


@staff_required
def dues_member(request: HttpRequest, dues_member_id: int) -> HttpResponse:
    member = selectors.dues_member_get(actor=request.user, member_id=dues_member_id)
    can_manage = access.check(request.user, MANAGE_DUES, member.unit)
    wage = selectors.dues_wage_of(member)
    wage_form = WageForm(initial={"wage": wage.wage if wage else None})
    pay_form = PayForm()
    if request.method == "POST":
        access.require(request.user, MANAGE_DUES, member.unit)
        if request.POST.get("action") == "wage":
            wage_form = WageForm(request.POST)
            if wage_form.is_valid() and attempt(
                request,
                lambda: services.dues_wage_set(
                    actor=access.require_user(request.user), member=member, **wage_form.cleaned_data
                ),
                form=wage_form,
                success=_("会费基数已保存。"),
            ):
                return redirect("finance:dues_member", dues_member_id=member.pk)
        else:
            pay_form = PayForm(request.POST)
            if pay_form.is_valid():
                data = pay_form.cleaned_data
                first, last = data["first"].replace(day=1), (data["last"] or data["first"]).replace(day=1)
                months: list[date] = []
                current = first
                while current <= last and len(months) <= services.MAX_MONTHS:
                    months.append(current)
                    current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
                if attempt(
                    request,
                    lambda: services.dues_record(
                        actor=access.require_user(request.user),
                        member=member,
                        months=months,
                        received_on=data["received_on"],
                        amount=data["amount"],
                    ),
                    form=pay_form,
                    success=_("会费已登记，请由另一位经办人确认入账。"),
                ):
                    return redirect("finance:dues_member", dues_member_id=member.pk)
    payments = selectors.dues_payment_list(actor=request.user, member=member)[:120]
    return render(
        request,
        "finance/dues/member.html",
        {
            "member": member,
            "wage": wage,
            "payments": payments,
            "can_manage": can_manage,
            "wage_form": wage_form,
            "pay_form": pay_form,
        },
    )


@staff_required
def dues_import(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_DUES)
    form = DuesImportForm(request.POST or None, request.FILES or None, actor=request.user)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        imported = attempt(
            request,
            lambda: services.dues_import(
                actor=access.require_user(request.user),
                unit=unit,
                upload=form.cleaned_data["file"],
                received_on=form.cleaned_data["received_on"],
            ),
            form=form,
        )
        if imported.value is not None:
            outcome = imported.value
            errors = outcome.errors
            if not errors:
                messages.success(
                    request,
                    _("已导入 %(n)d 笔会费，请由另一位经办人确认入账。")
                    % {"n": sum(r.count for r in outcome.receipts)},
                )
                return redirect("finance:dues_receipts")
    return render(request, "finance/dues/import.html", {"form": form, "errors": errors})


@staff_required
def dues_payroll(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_DUES)
    employers = [
        (e.pk, f"{e.name}（{e.unit.name}）")
        for e in access.scope(Employer.objects.filter(is_active=True), request.user, MANAGE_DUES)
        .select_related("unit")
        .order_by("name")[:500]
    ]
    form = PayrollForm(request.POST or None, employers=employers)
    employer_id = int_param(str(request.POST.get("employer", ""))) if request.method == "POST" else None
    if employer_id is not None:
        chosen = access.scope(Employer.objects.all(), request.user, VIEW_DUES).filter(pk=employer_id).first()
        if chosen is None:
            raise access.NotVisible()
        access.require(request.user, MANAGE_DUES, chosen.unit)
    if request.method == "POST" and form.is_valid():
        employer = (
            access.scope(Employer.objects.all(), request.user, MANAGE_DUES)
            .filter(pk=form.cleaned_data["employer"])
            .select_related("unit")
            .first()
        )
        if employer is None:
            raise access.NotVisible()
        done = attempt(
            request,
            lambda: services.dues_payroll_batch(
                actor=access.require_user(request.user),
                employer=employer,
                month=form.cleaned_data["month"],
                received_on=form.cleaned_data["received_on"],
            ),
            form=form,
            success=lambda result: (
                _("代扣 %(n)d 人；已交纳跳过 %(p)d 人，未申报工资跳过 %(w)d 人。")
                % {"n": result.paid, "p": result.skipped_paid, "w": result.skipped_no_wage}
            ),
        )
        if done:
            return redirect("finance:dues_receipts")
    return render(request, "finance/dues/payroll.html", {"form": form})


@staff_required
def dues_receipts(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_DUES)
    status = request.GET.get("status", ReceiptStatus.RECORDED)
    if status not in ReceiptStatus.values:
        status = ""
    listing = paginate(
        request,
        selectors.dues_receipt_list(actor=request.user, status=status),
        sorts={"new": "-id"},
        default_sort="new",
    )
    return render(
        request, "finance/dues/receipts.html", {"listing": listing, "status": status, "statuses": ReceiptStatus.choices}
    )


@staff_required
def dues_receipt(request: HttpRequest, dues_receipt_id: int) -> HttpResponse:
    receipt = selectors.dues_receipt_get(actor=request.user, receipt_id=dues_receipt_id)
    return render(
        request,
        "finance/dues/receipt.html",
        {
            "receipt": receipt,
            "payments": selectors.dues_receipt_payments(receipt=receipt),
            "can_manage": access.check(request.user, MANAGE_DUES, receipt.unit),
        },
    )


@staff_required
@require_POST
def dues_receipt_act(request: HttpRequest, dues_receipt_id: int) -> HttpResponse:
    receipt = selectors.dues_receipt_get(actor=request.user, receipt_id=dues_receipt_id)
    if request.POST.get("action") == "cancel":
        attempt(
            request,
            lambda: services.dues_receipt_cancel(
                actor=request.user, receipt=receipt, reason=request.POST.get("reason", "")
            ),
            success=_("会费登记已撤销。"),
        )
    else:
        attempt(
            request,
            lambda: services.dues_receipt_confirm(actor=access.require_user(request.user), receipt=receipt),
            success=_("已确认入账。"),
        )
    return redirect("finance:dues_receipt", dues_receipt_id=receipt.pk)
