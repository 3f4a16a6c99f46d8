"""Console pages of agreements: the list of signed agreements (in force, expiring, by level; ``.xlsx`` audited),
and the agreement stage's actions on a case page (coverage, filing, objection, publication, renewal)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.authz import access
from gonghui.bargaining.agreements import selectors, services
from gonghui.bargaining.agreements.forms import CoverageForm, FileForm, ObjectionForm, PublishForm
from gonghui.bargaining.models import BargainingLevel, CaseStatus
from gonghui.bargaining.negotiations import selectors as case_selectors
from gonghui.bargaining.negotiations.views import invalid
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.common.listing import paginate
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import unit_filter

UNIT_SEARCH = "bargaining:case_unit_search"


def _filters(request: HttpRequest) -> dict[str, Any]:
    level = request.GET.get("level", "")
    return {
        "state": request.GET.get("state", ""),
        "level": level if level in BargainingLevel.values else "",
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_BARGAINING)
    picked = unit_filter(request, perm=VIEW_BARGAINING, search_url=UNIT_SEARCH)
    filters = _filters(request)
    qs = selectors.agreement_list(actor=request.user, unit=picked.unit, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-signed")
    increases = selectors.wage_increases(list(listing.page))
    return render(
        request,
        "bargaining/agreements/list.html",
        {
            "listing": listing,
            "rows": [(c, increases.get(c.pk)) for c in listing.page],
            "filters": filters,
            "unit_filter": picked,
            "states": [
                ("in_force", _("当前有效")),
                ("expiring", _("90 日内到期")),
                *[(s, label) for s, label in CaseStatus.choices if s in selectors.SIGNED],
            ],
            "levels": BargainingLevel.choices,
        },
    )


@staff_required
@require_GET
def agreement_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_BARGAINING)
    picked = unit_filter(request, perm=VIEW_BARGAINING, search_url=UNIT_SEARCH)
    filters = _filters(request)
    rows = list(selectors.agreement_list(actor=request.user, unit=picked.unit, **filters)[:20000])
    increases = selectors.wage_increases(rows)
    book = XlsxWriter(title=_("集体合同"))
    sheet = book.sheet(_("集体合同"), widths=(36, 24, 14, 16, 12, 12, 12, 10, 10, 12))
    sheet.row(
        [
            _("名称"),
            _("工会"),
            _("协商层级"),
            _("合同类型"),
            _("状态"),
            _("起始日期"),
            _("终止日期"),
            _("覆盖企业"),
            _("覆盖职工"),
            _("工资增长幅度（%）"),
        ],
        bold=True,
    )
    for c in rows:
        sheet.row(
            [
                c.title,
                c.unit.name,
                c.get_level_display(),
                c.get_kind_display(),
                c.get_status_display(),
                c.starts_on,
                c.ends_on,
                getattr(c, "employers", 0),
                getattr(c, "workers", 0) or 0,
                increases.get(c.pk),
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="bargaining-agreements.xlsx",
        action="bargaining.agreements_export",
        target_type="bargaining.bargainingcase",
        target_repr=_("集体合同"),
        data={"rows": len(rows), "state": filters["state"], "unit": getattr(picked.unit, "pk", None)},
    )


@staff_required
@require_POST
def agreement_action(request: HttpRequest, case_id: int) -> HttpResponse:
    """One action of the agreement stage, posted from the case page (back to it afterwards)."""
    case = case_selectors.case_get(actor=request.user, case_id=case_id)
    access.require_action(request.user, view_perm=VIEW_BARGAINING, perm=MANAGE_BARGAINING, unit=case.unit)
    post, user = request.POST, request.user
    action = post.get("action", "")
    form: Any = None
    if action == "coverage":
        form = CoverageForm(post, employers=case_selectors.employer_choices(actor=user, unit=case.unit))
        if form.is_valid():
            attempt(
                request,
                lambda: services.coverage_add(actor=user, case=case, employer=form.cleaned_data["employer"]),
                success=_("覆盖企业已添加。"),
            )
            form = None
    elif action == "file":
        form = FileForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.agreement_file(actor=user, case=case, **form.cleaned_data),
                success=_("报送已登记。"),
            )
            form = None
    elif action == "objection":
        form = ObjectionForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.agreement_objection(actor=user, case=case, text=form.cleaned_data["text"]),
                success=_("审查异议已登记，请重新协商。"),
            )
            form = None
    elif action == "publish":
        form = PublishForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.agreement_publish(actor=user, case=case, **form.cleaned_data),
                success=_("公布已登记。"),
            )
            form = None
    elif action == "renew":
        done = attempt(request, lambda: services.agreement_renew(actor=user, case=case), success=_("已发起续签协商。"))
        if done and done.value is not None:
            return redirect("bargaining:case_detail", case_id=done.value.pk)
    else:
        messages.error(request, _("未知的操作。"))
    if form is not None:
        invalid(request, form)
    return redirect("bargaining:case_detail", case_id=case.pk)


@staff_required
@require_POST
def coverage_remove(request: HttpRequest, covered_id: int) -> HttpResponse:
    covered = selectors.covered_get(actor=request.user, covered_id=covered_id)
    attempt(
        request, lambda: services.coverage_remove(actor=request.user, covered=covered), success=_("覆盖企业已移除。")
    )
    return redirect("bargaining:case_detail", case_id=covered.case_id)
