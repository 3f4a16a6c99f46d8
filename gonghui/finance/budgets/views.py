"""Console pages of yearly budgets (``finance:budget_*``): list, prepare, edit lines, submit, the level above's
decision (through the review kernel), revise, budget vs actual with charts, and its ``.xlsx``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.finance import scope
from gonghui.finance.budgets import selectors, services
from gonghui.finance.budgets.exports import budget_workbook
from gonghui.finance.budgets.forms import BudgetCreateForm, BudgetDecisionForm, BudgetFilterForm, BudgetLinesForm
from gonghui.finance.models import BudgetStatus, Ledger
from gonghui.finance.permissions import APPROVE_BUDGET, PREPARE_BUDGET
from gonghui.review.models import ReviewCase

SORTS = {
    "year": "year",
    "-year": "-year",
    "unit": "ledger__unit__name",
    "-unit": "-ledger__unit__name",
    "status": "status",
    "-status": "-status",
}


def _int(value: object) -> int:
    """A posted id, or 0 (no row has it)."""
    return int_param(value) or 0


@staff_required
@require_GET
def budget_list(request: HttpRequest) -> HttpResponse:
    form = BudgetFilterForm(request.GET or None)
    year = status = None
    awaiting = False
    if form.is_bound and form.is_valid():
        year, status = form.cleaned_data.get("year"), form.cleaned_data.get("status")
        awaiting = bool(form.cleaned_data.get("awaiting"))
    qs = selectors.budget_list(actor=request.user, year=year, status=status or "", awaiting=awaiting)
    listing = paginate(request, qs, sorts=SORTS, default_sort="-year")
    can_prepare = access.check_anywhere(request.user, PREPARE_BUDGET)
    return render(
        request, "finance/budgets/list.html", {"filters": form, "listing": listing, "can_prepare": can_prepare}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def budget_new(request: HttpRequest) -> HttpResponse:
    if not access.check_anywhere(request.user, PREPARE_BUDGET):
        raise access.Forbidden(_("您没有编制预算的权限。"))
    ledgers = selectors.preparable_ledgers(actor=request.user)
    if request.method == "POST":
        # Books the actor may not prepare for answer 404 (not theirs to see) or 403, not a form error.
        chosen = Ledger.objects.select_related("unit").filter(pk=_int(request.POST.get("ledger"))).first()
        if chosen is not None:
            scope.require_action(request.user, PREPARE_BUDGET, chosen.unit)
    form = BudgetCreateForm(request.POST or None, ledgers=ledgers, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: services.budget_create(
                actor=access.require_user(request.user),
                ledger=form.cleaned_data["ledger"],
                year=form.cleaned_data["year"],
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=_("已创建预算草稿，请填写各科目预算金额。"),
        )
        if created.value is not None:
            return redirect("finance:budget_edit", budget_id=created.value.pk)
    return render(request, "finance/budgets/new.html", {"form": form, "has_ledgers": ledgers.exists()})


def _chart_svg(report: Any) -> str:
    """Expense budget against actual, grouped bars drawn on the server (``gonghui.common.charts``: no script)."""
    rows = list(report.expense)
    if not rows:
        return ""
    return bar_chart(
        [f"{r.account.code} {r.account.display_name}" for r in rows],
        [
            Series(_("预算数"), [r.budgeted for r in rows], color="#2e86c1"),
            Series(_("实际数"), [r.actual for r in rows], color="#c0392b"),
        ],
        title=_("支出预算与实际对比图，数据见下表"),
    )


def _detail_context(request: HttpRequest, budget: Any) -> dict[str, Any]:
    report = selectors.budget_vs_actual(actor=request.user, budget=budget)
    unit = budget.ledger.unit
    can_prepare = access.check(request.user, PREPARE_BUDGET, unit) and scope.can_read(request.user, unit)
    case = ReviewCase.objects.select_related("current_unit").filter(pk=budget.review_case_id).first()
    can_decide = bool(
        case
        and budget.status == BudgetStatus.IN_REVIEW
        and case.current_unit is not None
        and access.check(request.user, APPROVE_BUDGET, case.current_unit)
        and not access.is_self(request.user, case.submitted_by_id)
    )
    return {
        "budget": budget,
        "report": report,
        "chart": report.chart_data(),
        "chart_svg": _chart_svg(report),
        "case": case,
        "can_prepare": can_prepare,
        "can_decide": can_decide,
        "decision_form": BudgetDecisionForm(),
        "events": budget.events.select_related("actor"),
        "revisions": budget.revisions.all(),
    }


@staff_required
@require_GET
def budget_detail(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    return render(request, "finance/budgets/detail.html", _detail_context(request, budget))


@staff_required
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    scope.require_action(request.user, PREPARE_BUDGET, budget.ledger.unit)
    accounts = selectors.budget_accounts(budget.ledger)
    initial: dict[str, Any] = {f"acct_{x.account_id}": x.amount for x in budget.lines.all()}
    initial["note"] = budget.note
    form = BudgetLinesForm(request.POST or None, accounts=accounts, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.budget_lines_save(
                actor=request.user, budget=budget, amounts=form.amounts(), note=form.cleaned_data["note"]
            ),
            form=form,
            success=_("预算明细已保存。"),
        )
        if saved:
            return redirect("finance:budget_detail", budget_id=budget.pk)
    return render(request, "finance/budgets/edit.html", {"budget": budget, "form": form})


@staff_required
@require_POST
def budget_submit(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    attempt(
        request,
        lambda: services.budget_submit(actor=access.require_user(request.user), budget=budget),
        success=_("预算已提交上级工会审批。"),
    )
    return redirect("finance:budget_detail", budget_id=budget.pk)


@staff_required
@require_POST
def budget_decide(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    form = BudgetDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审批结果。"))
        return redirect("finance:budget_detail", budget_id=budget.pk)
    attempt(
        request,
        lambda: services.budget_decide(
            actor=request.user, budget=budget, action=form.cleaned_data["action"], comment=form.cleaned_data["comment"]
        ),
        success=_("审批意见已记录。"),
    )
    return redirect("finance:budget_detail", budget_id=budget.pk)


@staff_required
@require_POST
def budget_revise(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    revised = attempt(
        request,
        lambda: services.budget_revise(actor=access.require_user(request.user), budget=budget),
        success=_("已生成调整版本，请修改后重新提交审批。"),
    )
    if revised.value is None:
        return redirect("finance:budget_detail", budget_id=budget.pk)
    return redirect("finance:budget_edit", budget_id=revised.value.pk)


@staff_required
@require_GET
def budget_export(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
    report = selectors.budget_vs_actual(actor=request.user, budget=budget)
    now = timezone.localtime()
    content = budget_workbook(report, exported_by=str(request.user), exported_at=now.strftime("%Y-%m-%d %H:%M"))
    return audited_download(
        request,
        content,
        filename=f"budget-{budget.year}-v{budget.version}.xlsx",
        action="finance.budget_export",
        target=budget,
        unit=budget.ledger.unit,
    )
