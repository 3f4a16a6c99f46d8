"""Console pages of the books (账务): ledgers, periods, the chart of accounts, vouchers with their review, attachments
and reports with their ``.xlsx`` exports. Thin: parse, call one selector or service, render.

Who may read a union's books is decided by ``finance.scope`` (through the selectors: 404 outside it); keeping the
books needs a permission held at that very union (the services answer 403 without it). Buttons for actions the
actor may not take in the current state are hidden; the services check again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.attachments.models import Attachment
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.finance import scope
from gonghui.finance.ledger import reports as reports
from gonghui.finance.ledger import selectors, services
from gonghui.finance.ledger.attachments import INVOICE
from gonghui.finance.ledger.forms import (
    MAX_LINES,
    AccountCreateForm,
    AccountEditForm,
    AccountLedgerForm,
    AttachmentForm,
    LedgerOpenForm,
    MonthForm,
    PeriodPickForm,
    ReasonForm,
    ReverseForm,
    VoucherFilterForm,
    VoucherHeadForm,
    line_formset,
)
from gonghui.finance.models import (
    Account,
    Ledger,
    Period,
    Voucher,
    VoucherStatus,
)
from gonghui.finance.permissions import (
    AUDIT_BOOKS,
    CLOSE_PERIOD,
    MANAGE_ACCOUNTS,
    POST_VOUCHER,
    PREPARE_VOUCHER,
    REQUEST_PAYMENT,
    REVIEW_VOUCHER,
)
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT

FORM_METHODS = ["GET", "POST"]
VOUCHER_SORTS = {
    "-date": "-date",
    "date": "date",
    "-number": "-number",
    "number": "number",
    "-created": "-created_at",
    "created": "created_at",
}


def _xlsx(report: reports.ExportedReport) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- home, opening books, periods --------------------------------------------------------------------------------


def _home_context(request: HttpRequest, open_form: LedgerOpenForm | None = None) -> dict[str, Any]:
    actor = request.user
    units = list(selectors.units_to_open(actor=actor).order_by("path")[:2])
    return {
        "listing": paginate(request, selectors.ledger_list(actor=actor)),
        "units_to_open": units,
        "open_form": open_form
        or LedgerOpenForm(
            actor=actor,
            # one union left to open has it chosen already; otherwise the union is searched by name
            initial={"unit": units[0] if len(units) == 1 else None, "opened_on": timezone.localdate().replace(day=1)},
        ),
        "audit_units": selectors.audit_roots(actor=actor),
    }


@staff_required
@require_GET
def ledger_home(request: HttpRequest) -> HttpResponse:
    """账务: the books the actor may read, and the unions where they may open books."""
    actor = request.user
    if not (scope.can_read_anywhere(actor) or access.check_anywhere(actor, MANAGE_ACCOUNTS)):
        raise access.Forbidden(_("您没有查看账务的权限。"))
    return render(request, "finance/ledger/home.html", _home_context(request))


@staff_required
@require_POST
def ledger_open(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, MANAGE_ACCOUNTS)
    unit_id = int_param(request.POST.get("unit", ""))
    if unit_id is not None:  # a union outside the actor's sight is 404, one seen without the permission 403
        seen = OrgUnit.objects.filter(pk=unit_id).first()
        if seen is None:
            raise access.NotVisible()
        access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_ACCOUNTS, unit=seen)
    form = LedgerOpenForm(request.POST, actor=actor)
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        opened = attempt(
            request,
            lambda: services.ledger_open(
                actor=access.require_user(actor), unit=unit, opened_on=form.cleaned_data["opened_on"]
            ),
            form=form,
            success=_("已为“%(unit)s”建账。") % {"unit": unit.name},
        )
        if opened.value is not None:
            return redirect("finance:ledger_detail", ledger_id=opened.value.pk)
    return render(request, "finance/ledger/home.html", _home_context(request, form))


@staff_required
@require_GET
def ledger_detail(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """A union's books: its periods (with the close action) and links to accounts, vouchers, reports, payments."""
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    held = access.perms_at(actor, ledger.unit)
    periods = list(selectors.period_list(ledger=ledger).select_related("closed_by"))
    first_open = min((p for p in periods if p.is_open), key=lambda p: (p.year, p.month), default=None)
    return render(
        request,
        "finance/ledger/ledger.html",
        {
            "ledger": ledger,
            "periods": periods,
            "first_open": first_open,
            "can_close": CLOSE_PERIOD in held,
            "can_prepare": PREPARE_VOUCHER in held,
            "can_request_payment": REQUEST_PAYMENT in held,
            "can_rollup": AUDIT_BOOKS in held,
        },
    )


@staff_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    actor = request.user
    period = selectors.period_get(actor=actor, period_id=period_id)
    attempt(
        request,
        lambda: services.period_close(
            actor=access.require_user(actor), ledger=period.ledger, year=period.year, month=period.month
        ),
        failure=lambda reason: _("%(period)s 未能结账：%(reason)s") % {"period": period, "reason": reason},
        success=_("%(period)s 已结账。") % {"period": period},
    )
    return redirect("finance:ledger_detail", ledger_id=period.ledger_id)


# --- chart of accounts ---------------------------------------------------------------------------------------------


@staff_required
@require_GET
def account_list(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """The chart of accounts as a tree by code (a sub-account is indented under its parent)."""
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    accounts = list(selectors.account_list(actor=actor, ledger=ledger))
    depth: dict[int, int] = {}
    for account in accounts:  # ordered by code: a parent's code is a prefix of its children's
        depth[account.pk] = depth.get(account.parent_id or 0, -1) + 1 if account.parent_id else 0
    rows = [{"account": a, "depth": depth[a.pk], "indent": range(depth[a.pk])} for a in accounts]
    return render(
        request,
        "finance/ledger/accounts.html",
        {"ledger": ledger, "rows": rows, "can_manage": access.check(actor, MANAGE_ACCOUNTS, ledger.unit)},
    )


@staff_required
@require_http_methods(FORM_METHODS)
def account_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    scope.require_action(actor, MANAGE_ACCOUNTS, ledger.unit)
    accounts = selectors.account_list(actor=actor, ledger=ledger, active_only=True)
    parent = request.GET.get("parent", "")
    form = AccountCreateForm(request.POST or None, accounts=accounts, initial={"parent": int_param(parent)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            request,
            lambda: services.account_create(
                actor=actor,
                ledger=ledger,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
            ),
            form=form,
            success=lambda account: _("已新增科目“%(account)s”。") % {"account": account},
        )
        if created:
            return redirect("finance:account_list", ledger_id=ledger.pk)
    return render(request, "finance/ledger/account_form.html", {"ledger": ledger, "form": form, "creating": True})


@staff_required
@require_http_methods(FORM_METHODS)
def account_edit(request: HttpRequest, account_id: int) -> HttpResponse:
    actor = request.user
    account = selectors.account_get(actor=actor, account_id=account_id)
    ledger = account.ledger
    scope.require_action(actor, MANAGE_ACCOUNTS, ledger.unit)
    form = AccountEditForm(request.POST or None, initial={"name": account.name, "is_active": account.is_active})
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.account_update(
                actor=actor, account=account, name=form.cleaned_data["name"], is_active=form.cleaned_data["is_active"]
            ),
            form=form,
            success=_("已保存科目“%(code)s”。") % {"code": account.code},
        )
        if saved:
            return redirect("finance:account_list", ledger_id=ledger.pk)
    return render(
        request,
        "finance/ledger/account_form.html",
        {"ledger": ledger, "form": form, "creating": False, "account": account},
    )


# --- vouchers: list, create, edit ----------------------------------------------------------------------------------


@staff_required
@require_GET
def voucher_list(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    form = VoucherFilterForm(request.GET or None, periods=selectors.period_list(ledger=ledger))
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "status": form.cleaned_data["status"],
            "period": form.cleaned_data["period"],
            "q": form.cleaned_data["q"].strip(),
        }
    qs = selectors.voucher_list(actor=actor, ledger=ledger, **filters)
    listing = paginate(request, qs, sorts=VOUCHER_SORTS, default_sort="-date")
    return render(
        request,
        "finance/ledger/vouchers.html",
        {
            "ledger": ledger,
            "form": form,
            "listing": listing,
            "can_prepare": access.check(actor, PREPARE_VOUCHER, ledger.unit),
        },
    )


def _line_inputs(rows: list[dict[str, Any]]) -> list[services.LineInput]:
    return [
        services.LineInput(
            account=r["account"],
            debit=r.get("debit") or services.ZERO,
            credit=r.get("credit") or services.ZERO,
            summary=r.get("summary") or "",
        )
        for r in rows
    ]


def _voucher_form_page(
    request: HttpRequest, ledger: Ledger, voucher: Voucher | None, head: VoucherHeadForm, lines: Any
) -> HttpResponse:
    debit, credit = lines.totals()
    return render(
        request,
        "finance/ledger/voucher_form.html",
        {
            "ledger": ledger,
            "voucher": voucher,
            "head": head,
            "lines": lines,
            "debit_total": debit,
            "credit_total": credit,
            "balanced": debit == credit,
            "next_index": lines.total_form_count(),
            "max_lines": MAX_LINES,
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def voucher_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    accounts = selectors.postable_accounts(actor=actor, ledger=ledger)
    if request.method == "POST":
        head = VoucherHeadForm(request.POST)
        lines = line_formset(request.POST, accounts=accounts)
        if head.is_valid() and lines.is_valid():
            created = attempt(
                request,
                lambda: services.voucher_create(
                    actor=access.require_user(actor),
                    ledger=ledger,
                    day=head.cleaned_data["date"],
                    summary=head.cleaned_data["summary"],
                    lines=_line_inputs(lines.filled()),
                ),
                form=head,
                success=_("凭证已保存为草稿。"),
            )
            if created.value is not None:
                return redirect("finance:voucher_detail", voucher_id=created.value.pk)
    else:
        head = VoucherHeadForm(initial={"date": timezone.localdate()})
        lines = line_formset(accounts=accounts)
    return _voucher_form_page(request, ledger, None, head, lines)


@staff_required
@require_http_methods(FORM_METHODS)
def voucher_edit(request: HttpRequest, voucher_id: int) -> HttpResponse:
    actor = request.user
    voucher = selectors.voucher_get(actor=actor, voucher_id=voucher_id)
    ledger = voucher.ledger
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    if voucher.status != VoucherStatus.DRAFT:
        messages.error(request, _("只有草稿凭证可以修改。"))
        return redirect("finance:voucher_detail", voucher_id=voucher.pk)
    if voucher.closes_year is not None:
        messages.error(request, _("年度结转凭证由系统按余额生成，不能修改；如需重新生成，请作废后再次结转。"))
        return redirect("finance:voucher_detail", voucher_id=voucher.pk)
    # A red reversal's draft (红字冲销) is edited with negative amounts, and only a reversal's.
    red = voucher.reverses_id is not None
    accounts = selectors.postable_accounts(actor=actor, ledger=ledger)
    if request.method == "POST":
        head = VoucherHeadForm(request.POST)
        lines = line_formset(request.POST, accounts=accounts, red=red)
        if head.is_valid() and lines.is_valid():
            saved = attempt(
                request,
                lambda: services.voucher_update(
                    actor=access.require_user(actor),
                    voucher=voucher,
                    day=head.cleaned_data["date"],
                    summary=head.cleaned_data["summary"],
                    lines=_line_inputs(lines.filled()),
                ),
                form=head,
                success=_("凭证已保存。"),
            )
            if saved:
                return redirect("finance:voucher_detail", voucher_id=voucher.pk)
    else:
        head = VoucherHeadForm(initial={"date": voucher.date, "summary": voucher.summary})
        initial = [
            {"account": x.account, "summary": x.summary, "debit": x.debit or None, "credit": x.credit or None}
            for x in voucher.lines.select_related("account")
        ]
        lines = line_formset(accounts=accounts, initial=initial, red=red)
    return _voucher_form_page(request, ledger, voucher, head, lines)


@staff_required
@require_GET
def voucher_line_row(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """htmx: one more blank line row (index ``?index=``), with the formset's new total and the next button."""
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    raw = request.GET.get("index", "")
    index = min(int_param(raw) or 0, MAX_LINES - 1)
    lines = line_formset(accounts=selectors.postable_accounts(actor=actor, ledger=ledger))
    form = lines.empty_form
    form.prefix = lines.add_prefix(str(index))
    return render(
        request,
        "finance/ledger/_line_row.html",
        {
            "ledger": ledger,
            "line": form,
            "number": index + 1,
            "next_index": index + 1,
            "max_lines": MAX_LINES,
            "oob": True,
        },
    )


@staff_required
@require_POST
def voucher_totals(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """htmx: the debit and credit totals of the lines being typed, and whether they balance."""
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    scope.require_action(actor, PREPARE_VOUCHER, ledger.unit)
    lines = line_formset(request.POST, accounts=Account.objects.none())
    debit, credit = lines.totals()
    return render(
        request,
        "finance/ledger/_totals.html",
        {"debit_total": debit, "credit_total": credit, "balanced": debit == credit, "live": True},
    )


# --- voucher detail and actions -------------------------------------------------------------------------------------


def _voucher_actions(actor: Actor, voucher: Voucher) -> dict[str, bool]:
    held = access.perms_at(actor, voucher.ledger.unit)
    status = voucher.status
    own = voucher.prepared_by_id == actor.pk
    has_reversal = any(r.status != VoucherStatus.VOIDED for r in voucher.reversals.all())
    return {
        "edit": status == VoucherStatus.DRAFT and PREPARE_VOUCHER in held and voucher.closes_year is None,
        "submit": status == VoucherStatus.DRAFT and PREPARE_VOUCHER in held,
        "return": status in (VoucherStatus.SUBMITTED, VoucherStatus.APPROVED) and REVIEW_VOUCHER in held,
        "approve": status == VoucherStatus.SUBMITTED and REVIEW_VOUCHER in held and not own,
        "approve_own": status == VoucherStatus.SUBMITTED and REVIEW_VOUCHER in held and own,
        "post": status == VoucherStatus.APPROVED and POST_VOUCHER in held,
        "void": status in (VoucherStatus.DRAFT, VoucherStatus.SUBMITTED) and PREPARE_VOUCHER in held,
        "reverse": status == VoucherStatus.POSTED
        and voucher.reverses_id is None
        and not has_reversal
        and PREPARE_VOUCHER in held,
        "attach": status not in (VoucherStatus.POSTED, VoucherStatus.VOIDED) and PREPARE_VOUCHER in held,
    }


@staff_required
@require_GET
def voucher_detail(request: HttpRequest, voucher_id: int) -> HttpResponse:
    actor = request.user
    voucher = selectors.voucher_detail_get(actor=actor, voucher_id=voucher_id)
    lines = list(voucher.lines.all())
    debit = sum((x.debit for x in lines), services.ZERO)
    credit = sum((x.credit for x in lines), services.ZERO)
    return render(
        request,
        "finance/ledger/voucher_detail.html",
        {
            "voucher": voucher,
            "ledger": voucher.ledger,
            "lines": lines,
            "debit_total": debit,
            "credit_total": credit,
            "actions": _voucher_actions(actor, voucher),
            "reason_form": ReasonForm(),
            "reverse_form": ReverseForm(initial={"day": timezone.localdate()}),
            "attachment_form": AttachmentForm(),
        },
    )


def _act(request: HttpRequest, voucher_id: int, perm: str, run: Any, done: str) -> HttpResponse:
    """Run one voucher transition; a refusal by the service is shown on the voucher page."""
    actor = request.user
    voucher = selectors.voucher_get(actor=actor, voucher_id=voucher_id)
    scope.require_action(actor, perm, voucher.ledger.unit)
    outcome = attempt(request, lambda: run(actor, voucher), success=done)
    target = outcome.value if isinstance(outcome.value, Voucher) else voucher
    return redirect("finance:voucher_detail", voucher_id=target.pk)


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@staff_required
@require_POST
def voucher_submit(request: HttpRequest, voucher_id: int) -> HttpResponse:
    return _act(
        request,
        voucher_id,
        PREPARE_VOUCHER,
        lambda actor, v: services.voucher_submit(actor=actor, voucher=v),
        _("凭证已提交审核。"),
    )


@staff_required
@require_POST
def voucher_return(request: HttpRequest, voucher_id: int) -> HttpResponse:
    return _act(
        request,
        voucher_id,
        REVIEW_VOUCHER,
        lambda actor, v: services.voucher_return(actor=actor, voucher=v, reason=_reason(request)),
        _("凭证已退回制单人。"),
    )


@staff_required
@require_POST
def voucher_approve(request: HttpRequest, voucher_id: int) -> HttpResponse:
    return _act(
        request,
        voucher_id,
        REVIEW_VOUCHER,
        lambda actor, v: services.voucher_approve(actor=actor, voucher=v),
        _("凭证已审核通过。"),
    )


@staff_required
@require_POST
def voucher_post(request: HttpRequest, voucher_id: int) -> HttpResponse:
    return _act(
        request,
        voucher_id,
        POST_VOUCHER,
        lambda actor, v: services.voucher_post(actor=actor, voucher=v),
        _("凭证已记账。"),
    )


@staff_required
@require_POST
def voucher_void(request: HttpRequest, voucher_id: int) -> HttpResponse:
    return _act(
        request,
        voucher_id,
        PREPARE_VOUCHER,
        lambda actor, v: services.voucher_void(actor=actor, voucher=v, reason=_reason(request)),
        _("凭证已作废。"),
    )


@staff_required
@require_POST
def voucher_reverse(request: HttpRequest, voucher_id: int) -> HttpResponse:
    form = ReverseForm(request.POST)

    def run(actor: Actor, voucher: Voucher) -> Voucher:
        if not form.is_valid():
            raise ValidationError(_("请填写冲销日期和冲销理由。"), code="form")
        return services.voucher_reverse(
            actor=access.require_user(actor),
            voucher=voucher,
            day=form.cleaned_data["day"],
            reason=form.cleaned_data["reason"],
        )

    return _act(request, voucher_id, PREPARE_VOUCHER, run, _("已生成冲销凭证草稿，请提交审核。"))


# --- attachments ---------------------------------------------------------------------------------------------------


def _uploaded(attachment: Attachment) -> str:
    return _("已上传附件“%(name)s”。") % {"name": attachment.name}


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, voucher_id: int) -> HttpResponse:
    """Scans of invoices and receipts, through the kernel's attachments (kind checked by content, audited)."""
    actor = request.user
    voucher = selectors.voucher_get(actor=actor, voucher_id=voucher_id)
    scope.require_action(actor, PREPARE_VOUCHER, voucher.ledger.unit)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("uploads", [])) or _("请选择要上传的文件。"))
    else:
        attach_each(request, owner=voucher, uploads=form.cleaned_data["uploads"], purpose=INVOICE, success=_uploaded)
    return redirect("finance:voucher_detail", voucher_id=voucher.pk)


# --- reports --------------------------------------------------------------------------------------------------------


def _picked_period(request: HttpRequest, ledger: Ledger) -> tuple[PeriodPickForm, Period | None]:
    periods = selectors.period_list(ledger=ledger)
    form = PeriodPickForm(request.GET or None, periods=periods)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    if period is None:
        today = timezone.localdate()
        period = periods.filter(year=today.year, month=today.month).first() or periods.first()
        form = PeriodPickForm(initial={"period": period}, periods=periods)
    return form, period


@staff_required
@require_GET
def report_trial_balance(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    form, period = _picked_period(request, ledger)
    tb = selectors.trial_balance(actor=actor, ledger=ledger, year=period.year, month=period.month) if period else None
    return render(
        request,
        "finance/ledger/report_trial_balance.html",
        {"ledger": ledger, "form": form, "period": period, "tb": tb},
    )


@staff_required
@require_GET
def report_trial_balance_xlsx(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    _form, period = _picked_period(request, ledger)
    if period is None:
        return redirect("finance:report_trial_balance", ledger_id=ledger.pk)
    tb = selectors.trial_balance(actor=actor, ledger=ledger, year=period.year, month=period.month)
    return _xlsx(reports.trial_balance_xlsx(actor=actor, unit=ledger.unit, tb=tb))


def _account_ledger(request: HttpRequest, ledger: Ledger) -> tuple[AccountLedgerForm, Any]:
    actor = request.user
    form = AccountLedgerForm(request.GET or None, accounts=selectors.account_list(actor=actor, ledger=ledger))
    if not form.is_valid() or form.cleaned_data.get("account") is None:
        return form, None
    today = timezone.localdate()
    date_from: date = form.cleaned_data.get("date_from") or date(today.year, 1, 1)
    date_to: date = form.cleaned_data.get("date_to") or today
    report = selectors.account_ledger(
        actor=actor, account=form.cleaned_data["account"], date_from=date_from, date_to=date_to
    )
    return form, report


@staff_required
@require_GET
def report_account_ledger(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
    form, report = _account_ledger(request, ledger)
    return render(
        request,
        "finance/ledger/report_account_ledger.html",
        {"ledger": ledger, "form": form, "report": report, "query": request.GET.urlencode()},
    )


@staff_required
@require_GET
def report_account_ledger_xlsx(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
    _form, report = _account_ledger(request, ledger)
    if report is None:
        messages.error(request, _("请先选择科目和日期范围。"))
        return redirect("finance:report_account_ledger", ledger_id=ledger.pk)
    return _xlsx(reports.account_ledger_xlsx(actor=request.user, unit=ledger.unit, ledger=report))


@staff_required
@require_GET
def report_income_statement(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    form, period = _picked_period(request, ledger)
    statement = (
        selectors.income_statement(actor=actor, ledger=ledger, year=period.year, month=period.month) if period else None
    )
    return render(
        request,
        "finance/ledger/report_income_statement.html",
        {"ledger": ledger, "form": form, "period": period, "statement": statement},
    )


@staff_required
@require_GET
def report_income_statement_xlsx(request: HttpRequest, ledger_id: int) -> HttpResponse:
    actor = request.user
    ledger = selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    _form, period = _picked_period(request, ledger)
    if period is None:
        return redirect("finance:report_income_statement", ledger_id=ledger.pk)
    statement = selectors.income_statement(actor=actor, ledger=ledger, year=period.year, month=period.month)
    return _xlsx(reports.income_statement_xlsx(actor=actor, unit=ledger.unit, statement=statement))


def _rollup(request: HttpRequest, unit_id: int) -> tuple[OrgUnit, MonthForm, Any]:
    unit = OrgUnit.objects.filter(pk=scope.pk(unit_id)).first()
    if unit is None:
        raise access.NotVisible()
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    year, month = form.month_value(today) if form.is_bound else (today.year, today.month)
    tb = selectors.rollup_trial_balance(actor=request.user, unit=unit, year=year, month=month)
    if not form.is_bound:
        form = MonthForm(initial={"month": f"{year}-{month:02d}"})
    return unit, form, tb


@staff_required
@require_GET
def report_rollup(request: HttpRequest, unit_id: int) -> HttpResponse:
    """经审: the trial balance of every ledger in a union's subtree, summed by account code."""
    unit, form, tb = _rollup(request, unit_id)
    return render(
        request,
        "finance/ledger/report_rollup.html",
        {"unit": unit, "form": form, "tb": tb, "month": f"{tb.year}-{tb.month:02d}"},
    )


@staff_required
@require_GET
def report_rollup_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, _form, tb = _rollup(request, unit_id)
    return _xlsx(reports.trial_balance_xlsx(actor=request.user, unit=unit, tb=tb, report="rollup"))
