"""Member portal pages of ratings: what I can rate across modules (待评价), the rating form, and my ratings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.console.actions import attempt
from gonghui.ratings import selectors, services
from gonghui.ratings.forms import RateForm
from gonghui.ratings.registry import kind_label

LOGIN = "portal:login"


@login_required(login_url=LOGIN)
def pending(request: HttpRequest) -> HttpResponse:
    return render(request, "ratings/portal_pending.html", {"items": selectors.my_pending(actor=request.user)})


@login_required(login_url=LOGIN)
def rate(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    item = selectors.my_pending_get(actor=request.user, kind=kind, object_id=object_id)
    if item is None:
        # Already rated, not (yet) the worker's to rate, or not theirs at all: the same answer, nothing told.
        if selectors.my_ratings(actor=request.user).filter(kind=kind, object_id=object_id).exists():
            return redirect("ratings_portal:mine")
        messages.info(request, _("这项服务目前不在您的待评价中。"))
        return redirect("ratings_portal:pending")
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.rating_submit(
                actor=request.user,
                kind=kind,
                object_id=object_id,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            ),
            form=form,
            success=_("感谢您的评价！"),
        )
        if done:
            return redirect("ratings_portal:mine")
    return render(request, "ratings/portal_rate.html", {"item": item, "form": form})


@login_required(login_url=LOGIN)
def mine(request: HttpRequest) -> HttpResponse:
    rows = [(r, kind_label(r.kind)) for r in selectors.my_ratings(actor=request.user)[:100]]
    return render(request, "ratings/portal_mine.html", {"rows": rows})
