"""The worker's "我的体检": their check-ups over the years, the booked day with a request to move it, their own
results once recorded."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.console.actions import attempt
from gonghui.recuperation.health import selectors, services
from gonghui.recuperation.health.forms import ChangeForm


@login_required
def my_checkups(request: HttpRequest) -> HttpResponse:
    checkups = selectors.my_checkups(actor=request.user)
    return render(request, "recuperation/health/portal_list.html", {"checkups": checkups})


@login_required
def my_checkup(request: HttpRequest, checkup_id: int) -> HttpResponse:
    checkup = selectors.my_checkup_or_none(actor=request.user, checkup_id=checkup_id)
    if checkup is None:
        # Not the worker's own: staff who may see the check-up go to its console page, anyone else gets 404.
        staff_view = selectors.checkup_get(actor=request.user, checkup_id=checkup_id)
        return redirect("recuperation:checkup_detail", checkup_id=staff_view.pk)
    form = ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.checkup_request_change(actor=request.user, checkup=checkup, **form.cleaned_data),
            form=form,
            success=_("改约申请已提交，工会确认后以新日期为准。"),
        )
        if done:
            return redirect("recuperation_portal:my_checkup", checkup_id=checkup.pk)
    results = services.my_results(actor=request.user, checkup=checkup)
    return render(
        request,
        "recuperation/health/portal_detail.html",
        {"checkup": checkup, "form": form, "results": results, "labels": services.VALUES, "own": True},
    )
