"""Member portal pages of retirees' clubs (a retired member's): my clubs, clubs I may join, upcoming activities of
my clubs with sign-up and cancel (forms posting without JavaScript; a double click signs up once)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.console.actions import attempt
from gonghui.retirees.clubs import selectors, services

LOGIN = "portal:login"


@login_required(login_url=LOGIN)
def my_clubs(request: HttpRequest) -> HttpResponse:
    if not selectors.is_retiree(request.user):
        return render(request, "retirees/clubs/portal_clubs.html", {"not_retired": True})
    clubs = list(selectors.my_clubs(actor=request.user))
    return render(
        request,
        "retirees/clubs/portal_clubs.html",
        {
            "clubs": clubs,
            "joinable": list(selectors.joinable_clubs(actor=request.user)[:50]),
            "activities": list(selectors.upcoming_activities(actor=request.user)[:50]),
            "signed": selectors.my_signed_ids(actor=request.user),
        },
    )


@login_required(login_url=LOGIN)
@require_POST
def club_join(request: HttpRequest, retiree_club_id: int) -> HttpResponse:
    club = selectors.my_club_get(actor=request.user, retiree_club_id=retiree_club_id)
    if request.POST.get("action") == "leave":
        attempt(request, lambda: services.club_leave(actor=request.user, club=club), success=_("已退出社团。"))
    else:
        attempt(request, lambda: services.club_join(actor=request.user, club=club), success=_("已加入社团。"))
    return redirect("retirees_portal:my_clubs")


@login_required(login_url=LOGIN)
@require_POST
def activity_signup(request: HttpRequest, club_activity_id: int) -> HttpResponse:
    activity = selectors.my_activity_get(actor=request.user, club_activity_id=club_activity_id)
    if request.POST.get("action") == "cancel":
        attempt(
            request,
            lambda: services.activity_signup_cancel(actor=request.user, activity=activity),
            success=_("已取消报名。"),
        )
    else:
        attempt(
            request,
            lambda: services.activity_signup(actor=request.user, activity=activity),
            success=_("报名成功。"),
        )
    return redirect("retirees_portal:my_clubs")
