"""Pages of online joining, transfers and member cards.

Console (``members:``, staff): join applications in scope, gig-worker routes, transfers in and out, a member's
card (revoke, re-issue). Approval itself happens in the review console (``/console/review/``).
Portal (``member_portal:``, any signed-in worker): join, my application, my card, transfer; and the public
card verification and public key.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.decorators import staff_required
from gonghui.members import card as card_tokens
from gonghui.members import selectors_joining as selectors
from gonghui.members import services_joining as services
from gonghui.members.forms_joining import (
    AssignApproveForm,
    CardRevokeForm,
    GigRouteForm,
    JoinEditForm,
    JoinFilterForm,
    JoinForm,
    PortalTransferForm,
)
from gonghui.members.models import PENDING_JOIN_STATUSES
from gonghui.members.permissions import APPROVE_JOIN
from gonghui.orgs.models import OrgUnit

PORTAL_LOGIN = "portal:login"
FIELD_ALIASES = {"employer": "employer_q", "to_employer": "employer_q", "to_unit": "employer_q"}


def apply_errors(form: Form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    names = {**FIELD_ALIASES, **(aliases or {})}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = names.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_value(form: Form, name: str) -> str:
    return str(form.cleaned_data.get(name) or "") if form.is_valid() else ""


# === console ===================================================================================================


@staff_required
@require_GET
def join_list(request: HttpRequest) -> HttpResponse:
    filters = JoinFilterForm(request.GET or None)
    qs = selectors.join_list(actor=request.user, status=form_value(filters, "status"), q=form_value(filters, "q"))
    listing = paginate(request, qs, sorts=selectors.JOIN_SORTS, default_sort="-created")
    return render(request, "members/joining/join_list.html", {"filters": filters, "listing": listing})


@staff_required
@require_http_methods(["GET", "POST"])
def join_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """An application; one that waits in a federation's queue unassigned gets the form to choose the union the
    applicant joins and approve (the review console's plain "approve" cannot place a member in a federation)."""
    application = selectors.join_get(actor=request.user, application_id=application_id)
    form: AssignApproveForm | None = None
    if selectors.needs_assignment(actor=request.user, application=application):
        units = services.assignable_units(actor=request.user, application=application)
        form = AssignApproveForm(request.POST or None, units=units)
        if request.method == "POST" and form.is_valid():
            try:
                services.join_approve_assign(
                    actor=request.user,
                    application=application,
                    unit=form.cleaned_data["unit"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已批准入会。"))
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
    units = selectors.route_unit_choices(actor=request.user)
    form = GigRouteForm(units=units)
    if request.method == "POST":
        if "deactivate" in request.POST:
            route = selectors.gig_route_get(actor=request.user, route_id=request.POST.get("deactivate"))
            services.gig_route_deactivate(actor=request.user, route=route)
            messages.success(request, _("已停用该路由。"))
            return redirect("members:gig_routes")
        # Any unit binds; the service answers 404/403 for a unit outside the actor's scope.
        form = GigRouteForm(request.POST, units=OrgUnit.objects.filter(status="active"))
        if form.is_valid():
            try:
                services.gig_route_save(
                    actor=request.user,
                    region_code=form.cleaned_data["region_code"],
                    gig_type=form.cleaned_data["gig_type"] or "",
                    unit=form.cleaned_data["unit"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存入会路由。"))
                return redirect("members:gig_routes")
        unit_field: Any = form.fields["unit"]
        unit_field.queryset = units  # re-rendered: offer only the actor's own units
    return render(
        request,
        "members/joining/gig_routes.html",
        {"routes": routes, "form": form, "can_edit": access.check_anywhere(request.user, APPROVE_JOIN)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def card_revoke(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.card_member_get(actor=request.user, member_id=member_id)
    form = CardRevokeForm()
    if request.method == "POST":
        form = CardRevokeForm(request.POST)
        if form.is_valid():
            try:
                services.card_revoke(actor=request.user, member=member, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("会员卡已作废。"))
                return redirect("members:card_revoke", member_id=member.pk)
    return render(
        request,
        "members/joining/card_manage.html",
        {
            "member": member,
            "card": selectors.card_current(member=member),
            "history": selectors.card_history(member=member),
            "form": form,
            "can_manage": selectors.can_manage_card(actor=request.user, member=member),
        },
    )


@staff_required
@require_POST
def card_reissue(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.card_member_get(actor=request.user, member_id=member_id)
    try:
        services.card_reissue(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已补发新的会员卡，原卡作废。"))
    return redirect("members:card_revoke", member_id=member.pk)


# === portal ====================================================================================================


def _employer_context(form: Form, q: str) -> dict[str, Any]:
    selected = selectors.employer_get(employer_id=form.data.get("employer")) if form.is_bound else None
    return {"employers": selectors.employer_search(q=q), "selected_employer": selected, "q": q}


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_join(request: HttpRequest) -> HttpResponse:
    member = selectors.my_member(actor=request.user)
    pending = selectors.my_join_applications(actor=request.user).filter(status__in=PENDING_JOIN_STATUSES).first()
    if member is not None or pending is not None:
        return render(request, "members/joining/portal_join.html", {"member": member, "pending": pending})
    form = JoinForm(initial={"name": getattr(request.user, "name", "")})
    q = ""
    if request.method == "POST":
        form = JoinForm(request.POST)
        q = request.POST.get("employer_q", "")
        if "search" not in request.POST and form.is_valid():
            data = form.cleaned_data
            gig = data["mode"] == JoinForm.MODE_GIG
            employer = None if gig else selectors.employer_get(employer_id=data.get("employer"))
            try:
                services.join_apply(
                    actor=request.user,
                    name=data["name"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    gender=data.get("gender") or "",
                    employer=employer,
                    gig_type=data.get("gig_type") or "" if gig else "",
                    gig_platform=data.get("gig_platform") or "" if gig else "",
                    work_region=data.get("work_region") or "" if gig else "",
                )
            except ValidationError as exc:
                if not gig and employer is None and not hasattr(exc, "error_dict"):
                    form.add_error("employer_q", _("请搜索并选择您的工作单位。"))
                apply_errors(form, exc)
            else:
                messages.success(request, _("入会申请已提交，请等待工会审核。"))
                return redirect("member_portal:join_status")
    context = {"form": form, "phone": _masked_phone(request), **_employer_context(form, q)}
    return render(request, "members/joining/portal_join.html", context)


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_join_edit(request: HttpRequest) -> HttpResponse:
    """The worker corrects the application the union returned and sends it back (same checks as the first
    submission; the SMS-verified phone stays)."""
    application = selectors.my_returned_application(actor=request.user)
    if application is None:
        return render(request, "members/joining/portal_join_edit.html", {"application": None})
    employer = application.employer
    form = JoinEditForm(
        initial={
            "name": application.name,
            "id_type": application.id_type,
            "gender": application.gender,
            "mode": JoinForm.MODE_GIG if application.gig_type else JoinForm.MODE_EMPLOYER,
            "employer": employer.pk if employer else None,
            "gig_type": application.gig_type,
            "gig_platform": application.gig_platform,
            "work_region": application.work_region,
        }
    )
    q = employer.name if employer else ""
    if request.method == "POST":
        form = JoinEditForm(request.POST)
        q = request.POST.get("employer_q", "")
        if "search" not in request.POST and form.is_valid():
            data = form.cleaned_data
            gig = data["mode"] == JoinForm.MODE_GIG
            chosen = None if gig else selectors.employer_get(employer_id=data.get("employer"))
            try:
                services.join_edit_resubmit(
                    actor=request.user,
                    application=application,
                    name=data["name"],
                    id_type=data["id_type"],
                    id_number=data.get("id_number") or "",
                    gender=data.get("gender") or "",
                    employer=chosen,
                    gig_type=data.get("gig_type") or "" if gig else "",
                    gig_platform=data.get("gig_platform") or "" if gig else "",
                    work_region=data.get("work_region") or "" if gig else "",
                    comment=data.get("comment") or "",
                )
            except ValidationError as exc:
                if not gig and chosen is None and not hasattr(exc, "error_dict"):
                    form.add_error("employer_q", _("请搜索并选择您的工作单位。"))
                apply_errors(form, exc)
            else:
                messages.success(request, _("已修改并重新提交，请等待工会审核。"))
                return redirect("member_portal:join_status")
    context: dict[str, Any] = {
        "form": form,
        "application": application,
        "phone": _masked_phone(request),
        **_employer_context(form, q),
    }
    if not form.is_bound:
        context["selected_employer"] = employer
    return render(request, "members/joining/portal_join_edit.html", context)


def _masked_phone(request: HttpRequest) -> str:
    from gonghui.common.masking import mask_phone

    return mask_phone(getattr(request.user, "phone", "") or "")


@login_required(login_url=PORTAL_LOGIN)
@require_GET
def employer_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q") or request.GET.get("employer_q") or ""
    return render(
        request, "members/joining/_employer_results.html", {"employers": selectors.employer_search(q=q), "q": q}
    )


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def join_status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        application = selectors.my_join_get(actor=request.user, application_id=request.POST.get("application"))
        try:
            if request.POST.get("action") == "withdraw":
                services.join_withdraw(actor=request.user, application=application)
                messages.success(request, _("已撤回入会申请。"))
            elif request.POST.get("action") == "resubmit":
                services.join_resubmit(
                    actor=request.user, application=application, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("已重新提交。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("member_portal:join_status")
    from gonghui.review.selectors import case_events, case_steps

    applications = list(selectors.my_join_applications(actor=request.user)[:10])
    latest = applications[0] if applications else None
    steps: list[Any] = []
    if latest is not None and latest.review_case is not None:
        steps = case_steps(case=latest.review_case, events=case_events(case=latest.review_case))
    return render(
        request,
        "members/joining/portal_status.html",
        {"applications": applications, "latest": latest, "steps": steps},
    )


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_card(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.card_ensure_own(actor=request.user)
        return redirect("member_portal:card")
    member = selectors.my_member(actor=request.user)
    card = selectors.card_current(member=member) if member is not None else None
    context: dict[str, Any] = {"member": member, "card": card}
    if member is not None and card is None:
        context["had_card"] = bool(selectors.card_history(member=member))
    if card is not None:
        token = card_tokens.sign(card.payload)
        url = request.build_absolute_uri(reverse("member_portal:verify", kwargs={"token": token}))
        context.update(
            verify_url=url,
            qr_svg=segno.make(url, error="m").svg_inline(scale=4, border=2, title=_("会员卡二维码")),
        )
    return render(request, "members/joining/portal_card.html", context)


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_transfer(request: HttpRequest) -> HttpResponse:
    member = selectors.my_member(actor=request.user)
    transfers = list(selectors.my_transfers(actor=request.user)[:10])
    open_transfer = next((t for t in transfers if t.is_open), None)
    form = PortalTransferForm()
    q = ""
    if request.method == "POST" and member is not None:
        if request.POST.get("action") == "cancel" and open_transfer is not None:
            try:
                services.transfer_cancel(actor=request.user, transfer=open_transfer)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已取消接转申请。"))
            return redirect("member_portal:transfer")
        form = PortalTransferForm(request.POST)
        q = request.POST.get("employer_q", "")
        if "search" not in request.POST and form.is_valid():
            employer = selectors.employer_get(employer_id=form.cleaned_data["employer"])
            try:
                services.transfer_request(
                    actor=request.user, member=member, to_employer=employer, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("接转申请已提交，待原工会转出、新工会接收。"))
                return redirect("member_portal:transfer")
    context = {
        "member": member,
        "transfers": transfers,
        "open_transfer": open_transfer,
        "form": form,
        **_employer_context(form, q),
    }
    return render(request, "members/joining/portal_transfer.html", context)


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone scanning a card sees whether it is valid, with the masked name and the union only."""
    result = selectors.card_verify(token=token)
    response = render(request, "members/joining/verify.html", {"result": result})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def card_public_key(request: HttpRequest) -> HttpResponse:
    """Public: the Ed25519 public key (PEM) that checks card tokens offline."""
    response = HttpResponse(card_tokens.public_key_pem(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="member-card-public-key.pem"'
    return response
