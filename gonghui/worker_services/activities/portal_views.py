"""Member portal pages of services and activities: the activities open to me (only those), an activity's page with
places left and the sign-up button (a hidden request key per page view: a double click signs up once), my sign-ups
with their status and waiting position, cancellation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.worker_services.activities import selectors, services
from gonghui.worker_services.activities.forms import SignUpForm
from gonghui.worker_services.activities.views import new_request_key
from gonghui.worker_services.models import SignUpStatus


@login_required(login_url="portal:login")
def activities(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "worker_services/activities/portal_list.html",
        {"activities": selectors.open_activities(actor=request.user)},
    )


@login_required(login_url="portal:login")
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    try:
        mine = selectors.my_activity(actor=request.user, activity_id=activity_id)
    except access.NotVisible:
        # Not an activity of the worker's: staff who may see it are sent to its console page, anyone else 404.
        staff_view = selectors.activity_get(actor=request.user, activity_id=activity_id)
        return redirect("worker_services:activity_detail", activity_id=staff_view.pk)
    if request.method == "POST":
        form = SignUpForm(request.POST)
        key = form.cleaned_data["request_key"] if form.is_valid() else ""
        done = attempt(
            request,
            lambda: services.signup_create(
                actor=request.user, activity=mine.activity, member=mine.member, request_key=key
            ),
            success=lambda s: (
                _("报名成功。") if s.signup.status == SignUpStatus.CONFIRMED else _("名额已满，已列入候补。")
            ),
        )
        if done and done.value is not None:
            return redirect("worker_services_portal:my_signups")
        return redirect("worker_services_portal:activity_detail", activity_id=mine.activity.pk)
    return render(
        request,
        "worker_services/activities/portal_detail.html",
        {
            "mine": mine,
            "activity": mine.activity,
            "deadline": services.cancel_deadline(mine.activity),
            "form": SignUpForm(initial={"request_key": new_request_key()}),
        },
    )


@login_required(login_url="portal:login")
def my_signups(request: HttpRequest) -> HttpResponse:
    return render(
        request, "worker_services/activities/portal_mine.html", {"rows": selectors.my_signups(actor=request.user)}
    )


@login_required(login_url="portal:login")
@require_POST
def signup_cancel(request: HttpRequest, signup_id: int) -> HttpResponse:
    signup = selectors.my_signup_get(actor=request.user, signup_id=signup_id)
    attempt(request, lambda: services.signup_cancel(actor=request.user, signup=signup), success=_("报名已取消。"))
    return redirect("worker_services_portal:my_signups")
