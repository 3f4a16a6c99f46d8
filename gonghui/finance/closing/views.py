"""Console pages of the year end (年度结转与决算): where a union's closing stands (with the action generating the
closing voucher), its final accounts and the roll-up of a subtree's, each with its ``.xlsx``. Thin: parse, call
one selector or service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.finance.closing import exports, selectors
from gonghui.finance.ledger import selectors as ledger_selectors
from gonghui.finance.ledger import services as ledger_services
from gonghui.finance.ledger.reports import ExportedReport
from gonghui.orgs.models import OrgUnit

MIN_YEAR, MAX_YEAR = 1900, 9999


def _xlsx(report: ExportedReport) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise access.NotVisible()
    return year


def _unit(unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise access.NotVisible()
    return unit


@staff_required
@require_http_methods(["GET", "POST"])
def year_close(request: HttpRequest, ledger_id: int, year: int) -> HttpResponse:
    """年度结转: what must be done before the year can be closed, the closing voucher a generation would carry, the
    year's closing vouchers; POST generates the closing voucher (a draft for review) and opens it."""
    actor = request.user
    ledger = ledger_selectors.ledger_get(actor=actor, ledger_id=ledger_id)
    year = _year(year)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: ledger_services.year_close_prepare(actor=access.require_user(actor), ledger=ledger, year=year),
            success=_("已生成 %(year)d 年度结转凭证，请提交审核。") % {"year": year},
        )
        if done.value is not None:
            return redirect("finance:voucher_detail", voucher_id=done.value.pk)
        return redirect("finance:year_close", ledger_id=ledger.pk, year=year)
    status = selectors.year_close_status(actor=actor, ledger=ledger, year=year)
    return render(request, "finance/closing/year_close.html", {"ledger": ledger, "status": status, "year": year})


@staff_required
@require_GET
def final_accounts(request: HttpRequest, ledger_id: int, year: int) -> HttpResponse:
    """年度决算 of one union: 收入支出决算表 and 资产负债表."""
    ledger = ledger_selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
    report = selectors.final_accounts(actor=request.user, ledger=ledger, year=_year(year))
    return render(request, "finance/closing/final_accounts.html", {"ledger": ledger, "report": report})


@staff_required
@require_GET
def final_accounts_xlsx(request: HttpRequest, ledger_id: int, year: int) -> HttpResponse:
    ledger = ledger_selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
    report = selectors.final_accounts(actor=request.user, ledger=ledger, year=_year(year))
    return _xlsx(exports.final_accounts_xlsx(actor=request.user, report=report))


@staff_required
@require_GET
def final_accounts_rollup(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    """经审: the final accounts of every union in a subtree, summed by account code."""
    report = selectors.final_accounts_rollup(actor=request.user, unit=_unit(unit_id), year=_year(year))
    return render(request, "finance/closing/final_accounts.html", {"ledger": None, "report": report})


@staff_required
@require_GET
def final_accounts_rollup_xlsx(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    report = selectors.final_accounts_rollup(actor=request.user, unit=_unit(unit_id), year=_year(year))
    return _xlsx(exports.final_accounts_xlsx(actor=request.user, report=report))
