"""Member portal pages of benefits partners: the partners whose discount is for me (show the member card at the
counter), and, for a partner's verifier, the verification page (scan or type the card code: valid or not, the masked
name and the discount)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.worker_services.partners import selectors, services
from gonghui.worker_services.partners.forms import VerifyForm
from gonghui.worker_services.partners.views import STATE_LABELS


@login_required(login_url="portal:login")
def partners(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "worker_services/partners/portal_list.html",
        {
            "partners": selectors.member_partners(actor=request.user),
            "verifying": selectors.my_verifier_partners(actor=request.user),
        },
    )


@login_required(login_url="portal:login")
def verify(request: HttpRequest, partner_id: int) -> HttpResponse:
    try:
        partner = selectors.my_verifier_partner_get(actor=request.user, partner_id=partner_id)
    except access.NotVisible:
        # Not a partner this account verifies for: staff who may see it are sent to its console page, others 404.
        staff_view = selectors.partner_get(actor=request.user, partner_id=partner_id)
        return redirect("worker_services:partner_detail", partner_id=staff_view.pk)
    form = VerifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.redemption_verify(actor=request.user, partner=partner, code=form.cleaned_data["code"]),
            form=form,
        )
        if done:
            result = done.value
            form = VerifyForm()
    return render(
        request,
        "worker_services/partners/portal_verify.html",
        {"partner": partner, "form": form, "result": result, "labels": STATE_LABELS},
    )
