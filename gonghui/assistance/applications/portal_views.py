"""Member portal pages of hardship assistance (members only): apply, my applications with their steps, what is
missing, the decision with its calculation, the support and its payments; the publicity board of the member's
union with objections."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import selectors, services
from gonghui.assistance.applications.forms import DocumentForm, HouseholdForm, document_purposes
from gonghui.assistance.applications.views import upload_documents
from gonghui.assistance.households.selectors import my_files, my_support
from gonghui.assistance.models import OPEN_HARDSHIP_STATUSES
from gonghui.console.actions import attempt
from gonghui.members.roster.selectors import my_member
from gonghui.review.services import objection_raise

PORTAL_LOGIN = "portal:login"


def _not_member(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/applications/portal_not_member.html")


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def hardship_apply(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
    if member is None:
        return _not_member(request)
    pending = selectors.my_applications(actor=request.user).filter(status__in=OPEN_HARDSHIP_STATUSES).first()
    if pending is not None:
        return redirect("assistance_portal:hardship_mine_detail", hardship_id=pending.pk)
    form = HouseholdForm(request.POST or None, initial={"p0_name": member.name})
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.application_create(actor=request.user, member=member, household=form.household()),
            form=form,
        )
        if done and done.value is not None:
            application = done.value
            if request.POST.get("submit_now"):
                attempt(
                    request,
                    lambda: services.application_submit(actor=request.user, application=application),
                    success=_("申请已提交，工会将安排工作人员入户调查。"),
                )
            return redirect("assistance_portal:hardship_mine_detail", hardship_id=application.pk)
    return render(request, "assistance/applications/portal_apply.html", {"form": form, "member": member})


@login_required(login_url=PORTAL_LOGIN)
def hardship_mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assistance/applications/portal_mine.html",
        {
            "applications": list(selectors.my_applications(actor=request.user)[:20]),
            "files": list(my_files(actor=request.user)[:5]),
            "support": list(my_support(actor=request.user).order_by("-planned_at")[:50]),
            "is_member": my_member(actor=request.user) is not None,
        },
    )


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def hardship_mine_detail(request: HttpRequest, hardship_id: int) -> HttpResponse:
    if not selectors.my_applications(actor=request.user).filter(pk=hardship_id).exists():
        # Staff following a review case's link to the worker's page see the application in the console instead.
        staff_view = selectors.application_get(actor=request.user, application_id=hardship_id)
        return redirect("assistance:hardship_detail", hardship_id=staff_view.pk)
    application = selectors.my_application_get(actor=request.user, application_id=hardship_id)
    form = None
    if application.is_editable:
        form = HouseholdForm(request.POST or None, initial=HouseholdForm.initial_from(application))
        if request.method == "POST" and form.is_valid():
            if attempt(
                request,
                lambda: services.application_update(
                    actor=request.user, application=application, household=form.household()
                ),
                form=form,
                success=_("已保存。"),
            ):
                return redirect("assistance_portal:hardship_mine_detail", hardship_id=application.pk)
    return render(
        request,
        "assistance/applications/portal_detail.html",
        {
            "application": application,
            "steps": selectors.application_steps(application),
            "missing": selectors.application_missing(application),
            "household": services.my_household(actor=request.user, application=application),
            "form": form,
            "support": list(my_support(actor=request.user).filter(file__application=application)),
            "documents": selectors.application_documents(application),
            "documents_open": application.status in documents.WORKER_OPEN,
            "document_form": DocumentForm(purposes=document_purposes(application)),
        },
    )


@login_required(login_url=PORTAL_LOGIN)
@require_POST
def hardship_mine_documents(request: HttpRequest, hardship_id: int) -> HttpResponse:
    """The worker uploads supporting documents (photos from the phone or PDF files) to their own application."""
    application = selectors.my_application_get(actor=request.user, application_id=hardship_id)
    upload_documents(request, application)
    return redirect(reverse("assistance_portal:hardship_mine_detail", args=[application.pk]) + "#documents")


@login_required(login_url=PORTAL_LOGIN)
@require_POST
def hardship_mine_act(request: HttpRequest, hardship_id: int) -> HttpResponse:
    application = selectors.my_application_get(actor=request.user, application_id=hardship_id)
    action = request.POST.get("action")
    if action == "submit":
        attempt(
            request,
            lambda: services.application_submit(
                actor=request.user, application=application, expected_version=application.version
            ),
            success=_("申请已提交，工会将安排工作人员入户调查。"),
        )
    elif action == "withdraw":
        attempt(
            request,
            lambda: services.application_withdraw(actor=request.user, application=application),
            success=_("申请已撤回。"),
        )
    return redirect("assistance_portal:hardship_mine_detail", hardship_id=application.pk)


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def hardship_publicity(request: HttpRequest) -> HttpResponse:
    """The publicity (公示) of the member's union: masked names; a member may raise an objection."""
    member = my_member(actor=request.user)
    if member is None:
        return _not_member(request)
    if request.method == "POST":
        case = selectors.publicity_case_get(actor=request.user, case_id=request.POST.get("case"))
        attempt(
            request,
            lambda: objection_raise(
                actor=request.user,
                case=case,
                contact_name=member.name,
                contact_phone=member.phone or getattr(request.user, "phone", ""),
                content=request.POST.get("content", ""),
            ),
            success=_("异议已提交，工会将核实处理。"),
        )
        return redirect("assistance_portal:hardship_publicity")
    return render(
        request,
        "assistance/applications/portal_publicity.html",
        {"entries": selectors.publicity_board(actor=request.user), "member": member},
    )
