"""Member portal pages of congress sessions: a representative's sessions (sign-in status, sign in while open,
vote on the items open for voting) and the published minutes and resolutions for the employer's members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.congress.congresses.selectors import my_mandates
from gonghui.congress.proposals import selectors as proposal_selectors
from gonghui.congress.sessions import selectors, services
from gonghui.congress.sessions.forms import VoteForm
from gonghui.console.actions import attempt


@login_required(login_url="portal:login")
def my_congress(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "congress/sessions/portal_mine.html",
        {
            "mandates": my_mandates(actor=request.user),
            "sessions": selectors.my_sessions(actor=request.user),
            "published": selectors.published_for_member(actor=request.user),
            "to_second": len(proposal_selectors.to_second(actor=request.user)),
        },
    )


@login_required(login_url="portal:login")
def my_session(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        mine = selectors.my_session(actor=request.user, session_id=session_id)
    except access.NotVisible:
        # Not the worker's session: staff who may see it are sent to its console page, anyone else gets 404.
        staff_view = selectors.session_get(actor=request.user, session_id=session_id)
        return redirect("congress:session_detail", session_id=staff_view.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "sign_in":
            attempt(
                request,
                lambda: services.attendance_self(actor=request.user, session=mine.session),
                success=_("签到成功。"),
            )
        elif action == "vote":
            item = selectors.my_voting_item(actor=request.user, item_id=request.POST.get("item"))
            form = VoteForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.vote_cast(actor=request.user, item=item, choice=form.cleaned_data["choice"]),
                    success=_("投票成功。"),
                )
            else:
                from django.contrib import messages

                messages.error(request, _("请选择赞成、反对或弃权。"))
        return redirect("congress_portal:session_mine", session_id=mine.session.pk)
    return render(request, "congress/sessions/portal_session.html", {"mine": mine, "vote_form": VoteForm()})


@login_required(login_url="portal:login")
def resolutions(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        session = selectors.published_get(actor=request.user, session_id=session_id)
    except access.NotVisible:
        staff_view = selectors.session_get(actor=request.user, session_id=session_id)
        return redirect("congress:session_detail", session_id=staff_view.pk)
    return render(
        request,
        "congress/sessions/portal_resolutions.html",
        {"session": session, "items": selectors.closed_items(session)},
    )
