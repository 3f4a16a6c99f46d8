"""Member portal pages of proposals: a representative's proposals and those awaiting their seconding, a new
draft, a proposal's page (edit, open to seconders, submit, second, rate the answer)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.congress.congresses.selectors import my_mandates
from gonghui.congress.models import CongressSession, SessionStatus
from gonghui.congress.proposals import selectors, services
from gonghui.congress.proposals.forms import DraftForm, RateForm
from gonghui.console.actions import attempt


@login_required(login_url="portal:login")
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "congress/proposals/portal_list.html",
        {
            "mandates": my_mandates(actor=request.user),
            "proposals": selectors.my_proposals(actor=request.user),
            "to_second": selectors.to_second(actor=request.user),
        },
    )


@login_required(login_url="portal:login")
def proposal_new(request: HttpRequest) -> HttpResponse:
    mandates = my_mandates(actor=request.user)
    form = DraftForm(request.POST or None)
    if mandates and request.method == "POST" and form.is_valid():
        term = mandates[0].term
        open_session = CongressSession.objects.filter(term=term, status=SessionStatus.OPEN).order_by("-held_on").first()
        done = attempt(
            request,
            lambda: services.proposal_draft(actor=request.user, term=term, session=open_session, **form.cleaned_data),
            form=form,
            success=_("提案草稿已保存，请邀请代表附议。"),
        )
        if done and done.value is not None:
            return redirect("congress_portal:proposal_detail", proposal_id=done.value.pk)
    return render(request, "congress/proposals/portal_new.html", {"form": form, "mandates": mandates})


@login_required(login_url="portal:login")
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    if int_param(proposal_id, min_value=1) is None:
        raise access.NotVisible
    try:
        proposal = selectors.my_proposal(actor=request.user, proposal_id=proposal_id)
    except access.NotVisible:
        staff_view = selectors.proposal_get(actor=request.user, proposal_id=proposal_id)
        return redirect("congress:proposal_detail", proposal_id=staff_view.pk)
    actor = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "update":
            form = DraftForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.proposal_update(actor=actor, proposal=proposal, **form.cleaned_data),
                    success=_("已保存。"),
                )
        elif action == "invite":
            attempt(
                request,
                lambda: services.proposal_invite(actor=actor, proposal=proposal),
                success=_("已邀请本届代表附议。"),
            )
        elif action == "submit":
            attempt(
                request,
                lambda: services.proposal_submit(actor=actor, proposal=proposal),
                success=_("提案已提交提案委员会。"),
            )
        elif action == "second":
            attempt(
                request, lambda: services.proposal_second(actor=actor, proposal=proposal), success=_("您已附议该提案。")
            )
        elif action == "rate":
            rate = RateForm(request.POST)
            if rate.is_valid():
                attempt(
                    request,
                    lambda: services.proposal_rate(
                        actor=actor, proposal=proposal, satisfaction=rate.cleaned_data["satisfaction"]
                    ),
                    success=_("感谢您的评价。"),
                )
        return redirect("congress_portal:proposal_detail", proposal_id=proposal.pk)
    mine = selectors.is_mine(actor, proposal)
    return render(
        request,
        "congress/proposals/portal_detail.html",
        {
            "proposal": proposal,
            "mine": mine,
            "editable": mine and proposal.status in services.EDITABLE,
            "seconders": selectors.seconders(proposal),
            "needed": services.min_seconders(proposal),
            "can_second": not mine and proposal.status == "seconding" and not selectors.has_seconded(actor, proposal),
            "form": DraftForm(initial={"title": proposal.title, "body": proposal.body, "category": proposal.category}),
            "rate_form": RateForm(),
        },
    )
