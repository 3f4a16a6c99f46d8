"""Console pages for the org tree and employers. Thin: parse, call one selector or service, render."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.audit.labels import event_rows
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.authz.permissions import GRANT_ROLES, VIEW_ROLES
from gonghui.authz.selectors import grant_list
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_phone
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs import codes, selectors, services
from gonghui.orgs.forms import (
    EmployerFilterForm,
    EmployerForm,
    UnitDissolveForm,
    UnitFilterForm,
    UnitForm,
    UnitMergeForm,
    UnitMoveForm,
    UnitSearchForm,
    region_suggestions,
)
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT
from gonghui.orgs.services import ALLOWED_CHILD_KINDS

UNIT_SORTS = {
    "path": "path",
    "-path": "-path",
    "name": "name",
    "-name": "-name",
    "kind": "kind",
    "-kind": "-kind",
}
EMPLOYER_SORTS = {"name": "name", "-name": "-name", "staff_count": "staff_count", "-staff_count": "-staff_count"}
SECTION_PAGE_SIZE = 10
SEARCH_LIMIT = 20
FORM_METHODS = ["GET", "POST"]


def region_display(code: str) -> str:
    if not code:
        return ""
    region = codes.region_get(code)
    return region.full_name if region is not None else code


def industry_display(code: str) -> str:
    if not code:
        return ""
    industry = codes.industry_get(code)
    return f"{industry.code} {industry.name}" if industry is not None else code


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    region: str
    label: str = ""  # the unit's name with its parent's (a search result)


@dataclass(frozen=True)
class EmployerRow:
    employer: Employer
    region: str
    industry: str
    can_edit: bool


@dataclass(frozen=True)
class SectionPage:
    """One paginated section of a page that holds several (``?<param>=n`` keeps the other sections' pages)."""

    page: Page[Any]
    anchor: str
    prev_url: str
    next_url: str


def section_page(
    request: HttpRequest, qs: QuerySet[Any], param: str, *, per_page: int = SECTION_PAGE_SIZE
) -> SectionPage:
    page = Paginator(qs, per_page).get_page(request.GET.get(param))

    def url(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return f"?{params.urlencode()}#{param}"

    return SectionPage(
        page=page,
        anchor=param,
        prev_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


def _employer_rows(actor: access.Actor, employers: Any) -> list[EmployerRow]:
    return [
        EmployerRow(
            employer=e,
            region=region_display(e.region_code),
            industry=industry_display(e.industry_code),
            can_edit=access.check(actor, MANAGE_EMPLOYER, e.unit),
        )
        for e in employers
    ]


# --- units ----------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, VIEW_UNIT)
    form = UnitFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    qs = selectors.unit_list(
        actor=actor,
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        region_code=filters.get("region", ""),
    )
    listing = paginate(request, qs, sorts=UNIT_SORTS, default_sort="path")
    rows = [UnitRow(unit=u, region=region_display(u.region_code)) for u in listing.object_list]
    return render(
        request,
        "orgs/unit_list.html",
        {"form": form, "listing": listing, "rows": rows, "regions": region_suggestions()},
    )


@staff_required
@require_GET
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = selectors.unit_get(actor=actor, unit_id=unit_id)
    can = {
        "manage": access.check(actor, MANAGE_UNIT, unit),
        "restructure": access.check(actor, RESTRUCTURE_UNIT, unit),
        "employer": access.check(actor, MANAGE_EMPLOYER, unit),
        "grant": access.check(actor, GRANT_ROLES, unit),
        "view_roles": access.check(actor, VIEW_ROLES, unit),
        "view_events": access.check(actor, VIEW_EVENTS, unit),
    }
    active = unit.is_active
    actions = {
        "edit": can["manage"],
        "add_child": can["manage"] and active and bool(ALLOWED_CHILD_KINDS.get(unit.kind)),
        "move": can["restructure"] and active and unit.depth > 1,
        "merge": can["restructure"] and active and unit.depth > 1,
        "dissolve": can["restructure"] and active and unit.depth > 1,
        "add_employer": can["employer"] and active,
        "grant": can["grant"] and active,
    }
    merged_into = None
    if unit.merged_into_id is not None:
        try:
            merged_into = selectors.unit_get(actor=actor, unit_id=unit.merged_into_id)
        except access.NotVisible:
            merged_into = None
    children = section_page(request, selectors.unit_children(actor=actor, unit=unit), "children_page")
    employers = section_page(request, selectors.employer_list(actor=actor, unit=unit, only_unit=True), "employers_page")
    grants = None
    grant_rows: list[dict[str, Any]] = []
    if can["view_roles"]:
        grants = section_page(request, grant_list(actor=actor, unit_id=unit.pk), "grants_page")
        grant_rows = [{"grant": g, "phone": mask_phone(g.user.phone)} for g in grants.page.object_list]
    history = section_page(
        request, audit_history(actor=actor, target_type=OrgUnit._meta.label_lower, target_id=unit.pk), "history_page"
    )
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=unit)[:-1],
            "region": region_display(unit.region_code),
            "industry": industry_display(unit.industry_code),
            "merged_into": merged_into,
            "can": can,
            "actions": any(actions.values()),
            "action": actions,
            "children": children,
            "employers": employers,
            "employer_rows": _employer_rows(actor, employers.page.object_list),
            "grants": grants,
            "grant_rows": grant_rows,
            "history": history,
            "history_rows": event_rows(history.page.object_list),
        },
    )


def _unit_for(actor: access.Actor, unit_id: int, perm: str) -> OrgUnit:
    """The unit for an action page: 404 when not visible, 403 when visible but ``perm`` is missing."""
    unit = selectors.unit_get(actor=actor, unit_id=unit_id)
    access.require(actor, perm, unit)
    return unit


@staff_required
@require_http_methods(FORM_METHODS)
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = _unit_for(actor, unit_id, MANAGE_UNIT)
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    form = UnitForm(request.POST or None, instance=copy.copy(unit), parent=parent)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.unit_update(actor=actor, unit=unit, **form.changes()),
            form=form,
            success=lambda _unit: _("已保存“%(name)s”。") % {"name": form.cleaned_data["name"]},
        ):
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "orgs/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "parent": parent,
            "creating": False,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=unit),
            "regions": region_suggestions(),
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def unit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    parent = _unit_for(actor, unit_id, MANAGE_UNIT)
    form = UnitForm(request.POST or None, parent=parent, initial={"region_code": parent.region_code})
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        done = attempt(
            request,
            lambda: services.unit_create(actor=actor, parent=parent, **data),
            form=form,
            success=lambda unit: _("已新建“%(name)s”。") % {"name": unit.name},
        )
        if done.value is not None:
            return redirect("orgs:unit_detail", unit_id=done.value.pk)
    return render(
        request,
        "orgs/unit_form.html",
        {
            "form": form,
            "unit": parent,
            "parent": parent,
            "creating": True,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=parent),
            "regions": region_suggestions(),
        },
    )


def _search_results(actor: access.Actor, q: str, *, exclude: OrgUnit | None, for_move: bool = False) -> list[UnitRow]:
    """Active units where the actor may restructure, matching ``q``; never ``exclude`` or its subtree, and for a
    move not the unit's current parent either."""
    hits = selectors.unit_search(
        actor=actor, perm=RESTRUCTURE_UNIT, q=q, status="active", exclude_within=exclude, limit=SEARCH_LIMIT + 1
    )
    if for_move and exclude is not None and exclude.depth > 1:
        hits = [h for h in hits if h.unit.path != exclude.path[: -OrgUnit.steplen]]
    return [UnitRow(unit=h.unit, region=region_display(h.unit.region_code), label=h.label) for h in hits[:SEARCH_LIMIT]]


@staff_required
@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    """htmx fragment: active units where the actor may restructure, matching ``q`` (at most 20), as radio buttons
    named ``field``; ``exclude`` leaves out a unit and its subtree (a unit cannot move under itself)."""
    actor = request.user
    access.require_anywhere(actor, RESTRUCTURE_UNIT)
    form = UnitSearchForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    exclude = None
    if data.get("exclude"):
        exclude = selectors.unit_get(actor=actor, unit_id=data["exclude"], perm=RESTRUCTURE_UNIT)
    q = data.get("q") or ""
    field = data.get("field") or "new_parent"
    return render(
        request,
        "orgs/_unit_search_results.html",
        {
            "results": _search_results(actor, q, exclude=exclude, for_move=field == "new_parent"),
            "q": q,
            "field": field,
            "selected": None,
            "limit": SEARCH_LIMIT,
        },
    )


def _picked_unit(actor: access.Actor, unit_id: int) -> OrgUnit | None:
    try:
        return selectors.unit_get(actor=actor, unit_id=unit_id, perm=RESTRUCTURE_UNIT)
    except access.NotVisible:
        return None


@staff_required
@require_http_methods(FORM_METHODS)
def unit_move(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = _unit_for(actor, unit_id, RESTRUCTURE_UNIT)
    q = request.GET.get("q", "")
    form = UnitMoveForm(request.POST or None)
    selected: OrgUnit | None = None
    if request.method == "POST" and form.is_valid():
        selected = _picked_unit(actor, form.cleaned_data["new_parent"])
        if selected is None:
            form.add_error("new_parent", _("请选择您有权调整的组织作为新的上级组织。"))
        else:
            done = attempt(
                request,
                lambda: services.unit_move(actor=actor, unit=unit, new_parent=selected),
                form=form,
                success=lambda moved: (
                    _("已将“%(unit)s”迁移到“%(parent)s”之下。") % {"unit": moved.name, "parent": selected.name}
                ),
            )
            if done.value is not None:
                return redirect("orgs:unit_detail", unit_id=done.value.pk)
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    return render(
        request,
        "orgs/unit_move.html",
        {
            "form": form,
            "unit": unit,
            "parent": parent,
            "q": q,
            "results": _search_results(actor, q, exclude=unit, for_move=True),
            "selected": selected,
            "field": "new_parent",
            "limit": SEARCH_LIMIT,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=unit),
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def unit_merge(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Choose the target, then confirm on a page listing what moves, then merge."""
    actor = request.user
    unit = _unit_for(actor, unit_id, RESTRUCTURE_UNIT)
    q = request.GET.get("q", "")
    form = UnitMergeForm(request.POST or None)
    target: OrgUnit | None = None
    crumbs = selectors.unit_ancestors_visible(actor=actor, unit=unit)
    if request.method == "POST" and form.is_valid():
        target = _picked_unit(actor, form.cleaned_data["target"])
        if target is None or target.pk == unit.pk:
            form.add_error("target", _("请选择您有权调整的另一个组织。"))
        elif not form.cleaned_data.get("confirm"):
            return render(
                request,
                "orgs/unit_merge_confirm.html",
                {
                    "unit": unit,
                    "target": target,
                    "form": form,
                    "children": list(selectors.unit_children(actor=actor, unit=unit)),
                    "employers": list(selectors.employer_list(actor=actor, unit=unit, only_unit=True)),
                    "crumbs": crumbs,
                },
            )
        else:
            done = attempt(
                request,
                lambda: services.unit_merge(actor=actor, source=unit, target=target, on=form.cleaned_data["merged_on"]),
                form=form,
                success=lambda merged: (
                    _("已将“%(source)s”并入“%(target)s”。") % {"source": unit.name, "target": merged.name}
                ),
            )
            if done.value is not None:
                return redirect("orgs:unit_detail", unit_id=done.value.pk)
    return render(
        request,
        "orgs/unit_merge.html",
        {
            "form": form,
            "unit": unit,
            "q": q,
            "results": _search_results(actor, q, exclude=unit),
            "selected": target,
            "field": "target",
            "limit": SEARCH_LIMIT,
            "crumbs": crumbs,
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def unit_dissolve(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = _unit_for(actor, unit_id, RESTRUCTURE_UNIT)
    form = UnitDissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.unit_dissolve(
                actor=actor, unit=unit, reason=form.cleaned_data["reason"], on=form.cleaned_data["dissolved_on"]
            ),
            form=form,
            success=lambda _unit: _("已撤销“%(name)s”。") % {"name": unit.name},
        ):
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    active_children = [c for c in selectors.unit_children(actor=actor, unit=unit) if c.is_active]
    return render(
        request,
        "orgs/unit_dissolve.html",
        {
            "form": form,
            "unit": unit,
            "active_children": active_children,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=unit),
        },
    )


# --- employers ------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def employer_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, VIEW_UNIT)
    form = EmployerFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    within = None
    if filters.get("unit"):
        within = selectors.unit_get(actor=actor, unit_id=filters["unit"])
    qs = selectors.employer_list(actor=actor, unit=within, q=filters.get("q", ""))
    listing = paginate(request, qs, sorts=EMPLOYER_SORTS, default_sort="name")
    return render(
        request,
        "orgs/employer_list.html",
        {"form": form, "listing": listing, "rows": _employer_rows(actor, listing.object_list), "within": within},
    )


@staff_required
@require_http_methods(FORM_METHODS)
def employer_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request.user
    unit = _unit_for(actor, unit_id, MANAGE_EMPLOYER)
    form = EmployerForm(
        request.POST or None,
        creating=True,
        initial={"region_code": unit.region_code, "industry_code": unit.industry_code},
    )
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.employer_create(actor=actor, unit=unit, **form.changes()),
            form=form,
            success=lambda employer: _("已新增用人单位“%(name)s”。") % {"name": employer.name},
        ):
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "orgs/employer_form.html",
        {
            "form": form,
            "unit": unit,
            "employer": None,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=unit),
            "regions": region_suggestions(),
        },
    )


@staff_required
@require_http_methods(FORM_METHODS)
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    actor = request.user
    employer = selectors.employer_get(actor=actor, employer_id=employer_id)
    access.require(actor, MANAGE_EMPLOYER, employer.unit)
    form = EmployerForm(request.POST or None, instance=copy.copy(employer))
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.employer_update(actor=actor, employer=employer, **form.changes()),
            form=form,
            success=lambda _employer: _("已保存用人单位“%(name)s”。") % {"name": form.cleaned_data["name"]},
        ):
            return redirect("orgs:unit_detail", unit_id=employer.unit_id)
    history = section_page(
        request,
        audit_history(actor=actor, target_type=Employer._meta.label_lower, target_id=employer.pk),
        "history_page",
    )
    return render(
        request,
        "orgs/employer_form.html",
        {
            "form": form,
            "unit": employer.unit,
            "employer": employer,
            "crumbs": selectors.unit_ancestors_visible(actor=actor, unit=employer.unit),
            "regions": region_suggestions(),
            "history": history,
            "history_rows": event_rows(history.page.object_list),
        },
    )
