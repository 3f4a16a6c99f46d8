"""Member portal pages of honours: my nominations' progress, my titles and benefits, and the publicity lists of my
union and the unions above it (names masked), where I may raise an objection."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.console.actions import attempt
from gonghui.honors.campaigns import selectors
from gonghui.honors.campaigns.forms import ObjectionForm
from gonghui.review.services import objection_raise


@login_required(login_url="portal:login")
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "honors/campaigns/portal_mine.html",
        {
            "nominations": selectors.my_nominations(actor=request.user),
            "titles": selectors.my_titles(actor=request.user),
            "benefits": selectors.my_benefits(actor=request.user),
        },
    )


@login_required(login_url="portal:login")
def my_nomination(request: HttpRequest, nomination_id: int) -> HttpResponse:
    try:
        nomination = selectors.my_nomination(actor=request.user, nomination_id=nomination_id)
    except access.NotVisible:
        staff_view = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
        return redirect("honors:nomination_detail", nomination_id=staff_view.pk)
    return render(
        request,
        "honors/campaigns/portal_nomination.html",
        {"nomination": nomination, "review_events": selectors.review_events(nomination)},
    )


@login_required(login_url="portal:login")
def publicity(request: HttpRequest) -> HttpResponse:
    rows = selectors.publicity_list(actor=request.user)
    for row in rows:
        row.masked_name = mask_name(row.member.name)  # type: ignore[attr-defined]
    return render(request, "honors/campaigns/portal_publicity.html", {"rows": rows})


@login_required(login_url="portal:login")
def objection_new(request: HttpRequest, nomination_id: int) -> HttpResponse:
    try:
        nomination = selectors.publicity_get(actor=request.user, nomination_id=nomination_id)
    except access.NotVisible:
        staff_view = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
        return redirect("honors:nomination_detail", nomination_id=staff_view.pk)
    nomination.masked_name = mask_name(nomination.member.name)  # type: ignore[attr-defined]
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = nomination.review_case
        assert case is not None
        done = attempt(
            request,
            lambda: objection_raise(actor=request.user, case=case, **form.cleaned_data),
            form=form,
            success=_("异议已提交，公示单位将核实处理。"),
        )
        if done.ok:
            return redirect("honors_portal:publicity_list")
    return render(request, "honors/campaigns/portal_objection.html", {"nomination": nomination, "form": form})
