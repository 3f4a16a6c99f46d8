"""Member portal pages of online joining (any signed-in worker): join, my application (withdraw,
resubmit, edit after a return) and the employer search of the join and transfer forms."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.console.actions import attempt
from gonghui.members.joining import selectors, services
from gonghui.members.joining.forms import JoinEditForm, JoinForm
from gonghui.members.models import PENDING_JOIN_STATUSES
from gonghui.members.roster.forms import FIELD_ALIASES
from gonghui.members.roster.selectors import my_member

PORTAL_LOGIN = "portal:login"


def _employer_context(form: Form, q: str) -> dict[str, Any]:
    selected = selectors.employer_get(employer_id=form.data.get("employer")) if form.is_bound else None
    return {"employers": selectors.employer_search(q=q), "selected_employer": selected, "q": q}


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_join(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
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
            done = attempt(
                request,
                lambda: services.join_apply(
                    actor=request.user,
                    name=data["name"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    gender=data.get("gender") or "",
                    employer=employer,
                    gig_type=data.get("gig_type") or "" if gig else "",
                    gig_platform=data.get("gig_platform") or "" if gig else "",
                    work_region=data.get("work_region") or "" if gig else "",
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("入会申请已提交，请等待工会审核。"),
            )
            if done:
                return redirect("member_portal:join_status")
            _ask_employer(form, done.error, missing=not gig and employer is None)
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
            returned = application
            done = attempt(
                request,
                lambda: services.join_edit_resubmit(
                    actor=request.user,
                    application=returned,
                    name=data["name"],
                    id_type=data["id_type"],
                    id_number=data.get("id_number") or "",
                    gender=data.get("gender") or "",
                    employer=chosen,
                    gig_type=data.get("gig_type") or "" if gig else "",
                    gig_platform=data.get("gig_platform") or "" if gig else "",
                    work_region=data.get("work_region") or "" if gig else "",
                    comment=data.get("comment") or "",
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("已修改并重新提交，请等待工会审核。"),
            )
            if done:
                return redirect("member_portal:join_status")
            _ask_employer(form, done.error, missing=not gig and chosen is None)
    context: dict[str, Any] = {
        "form": form,
        "application": application,
        "phone": _masked_phone(request),
        **_employer_context(form, q),
    }
    if not form.is_bound:
        context["selected_employer"] = employer
    return render(request, "members/joining/portal_join_edit.html", context)


def _ask_employer(form: Form, error: ValidationError | None, *, missing: bool) -> None:
    """A refusal not tied to a field while no employer was chosen: ask for the employer at its search box."""
    if missing and error is not None and not hasattr(error, "error_dict"):
        form.add_error("employer_q", _("请搜索并选择您的工作单位。"))


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
        action = request.POST.get("action")
        if action == "withdraw":
            attempt(
                request,
                lambda: services.join_withdraw(actor=request.user, application=application),
                success=_("已撤回入会申请。"),
            )
        elif action == "resubmit":
            attempt(
                request,
                lambda: services.join_resubmit(
                    actor=request.user, application=application, comment=request.POST.get("comment", "")
                ),
                success=_("已重新提交。"),
            )
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
