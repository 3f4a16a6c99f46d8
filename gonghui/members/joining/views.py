"""Console pages of online joining (``members:``, staff): join applications in scope (choosing the union of an
unrouted application on approval) and gig-worker routes. Approval itself happens in the review console
(``/console/review/``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.members.joining import selectors, services
from gonghui.members.joining.forms import AssignApproveForm, GigRouteForm, JoinFilterForm
from gonghui.members.joining.routes import gig_route_deactivate, gig_route_save
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.roster.forms import FIELD_ALIASES, form_value
from gonghui.orgs.picker import unit_filter


@staff_required
@require_GET
def join_list(request: HttpRequest) -> HttpResponse:
    filters = JoinFilterForm(request.GET or None)
    picked = unit_filter(request, perm=VIEW_MEMBER, search_url="members:unit_search")
    qs = selectors.join_list(
        actor=request.user, status=form_value(filters, "status"), q=form_value(filters, "q"), unit=picked.unit
    )
    listing = paginate(request, qs, sorts=selectors.JOIN_SORTS, default_sort="-created")
    return render(
        request, "members/joining/join_list.html", {"filters": filters, "listing": listing, "unit_filter": picked}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def join_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """An application; one that waits in a federation's queue unassigned gets the form to choose the union the
    applicant joins and approve (the review console's plain "approve" cannot place a member in a federation)."""
    application = selectors.join_get(actor=request.user, application_id=application_id)
    form: AssignApproveForm | None = None
    if selectors.needs_assignment(actor=request.user, application=application):
        form = AssignApproveForm(request.POST or None, actor=request.user, queue=application.target_unit)
        if request.method == "POST" and form.is_valid():
            assign = form
            done = attempt(
                request,
                lambda: services.join_approve_assign(
                    actor=request.user,
                    application=application,
                    unit=assign.cleaned_data["unit"],
                    comment=assign.cleaned_data["comment"],
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("已批准入会。"),
            )
            if done:
                return redirect("members:join_detail", application_id=application.pk)
    elif request.method == "POST":
        access.require(request.user, APPROVE_JOIN, application.target_unit)
        messages.error(request, _("该申请当前不需要选择接收的工会。"))
        return redirect("members:join_detail", application_id=application.pk)
    return render(request, "members/joining/join_detail.html", {"application": application, "assign_form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def gig_routes(request: HttpRequest) -> HttpResponse:
    routes = selectors.gig_route_list(actor=request.user)
    form = GigRouteForm(actor=request.user)
    if request.method == "POST":
        if "deactivate" in request.POST:
            route = selectors.gig_route_get(actor=request.user, route_id=request.POST.get("deactivate"))
            gig_route_deactivate(actor=request.user, route=route)
            messages.success(request, _("已停用该路由。"))
            return redirect("members:gig_routes")
        # A unit outside the actor's scope is a 404 here; the service checks the unit again.
        form = GigRouteForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                request,
                lambda: gig_route_save(
                    actor=access.require_user(request.user),
                    region_code=data["region_code"],
                    gig_type=data["gig_type"] or "",
                    unit=data["unit"],
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("已保存入会路由。"),
            )
            if done:
                return redirect("members:gig_routes")
    return render(
        request,
        "members/joining/gig_routes.html",
        {"routes": routes, "form": form, "can_edit": access.check_anywhere(request.user, APPROVE_JOIN)},
    )
