"""Member portal pages of critical-illness relief: my claims, a new claim, a claim's page (steps, what is missing,
invoices, the decision with its calculation, the payment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.assistance.relief import selectors, services
from gonghui.assistance.relief.forms import ClaimForm, DocumentForm, InvoiceForm
from gonghui.assistance.relief.views import claim_action, documents_of
from gonghui.console.actions import attempt


@login_required(login_url="portal:login")
def my_relief(request: HttpRequest) -> HttpResponse:
    member = selectors.my_relief_member(actor=request.user)
    claims = list(selectors.my_claims(actor=request.user)[:50])
    return render(request, "assistance/relief/portal_list.html", {"member": member, "claims": claims})


@login_required(login_url="portal:login")
def relief_new(request: HttpRequest) -> HttpResponse:
    member = selectors.my_relief_member(actor=request.user)
    form = ClaimForm(request.POST or None)
    if member is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.relief_claim_create(actor=request.user, member=member, **form.cleaned_data),
            form=form,
            success=_("申请已保存，请添加医疗票据后提交。"),
        )
        if done and done.value is not None:
            return redirect("assistance_portal:relief_detail", relief_claim_id=done.value.pk)
    return render(request, "assistance/relief/portal_new.html", {"form": form, "member": member})


@login_required(login_url="portal:login")
def relief_detail(request: HttpRequest, relief_claim_id: int) -> HttpResponse:
    claim = selectors.my_claim_or_none(actor=request.user, claim_id=relief_claim_id)
    if claim is None:
        # Not the worker's own: staff who may see the claim are sent to its console page, anyone else gets 404.
        staff_view = selectors.relief_get(actor=request.user, claim_id=relief_claim_id)
        return redirect("assistance:relief_detail", relief_claim_id=staff_view.pk)
    if request.method == "POST":
        claim_action(request, claim)
        return redirect("assistance_portal:relief_detail", relief_claim_id=claim.pk)
    payment = selectors.relief_payment(claim)
    editable = claim.status in services.EDITABLE
    return render(
        request,
        "assistance/relief/portal_detail.html",
        {
            "claim": claim,
            "diagnosis": services.diagnosis_of(claim),
            "invoices": selectors.relief_invoices(claim),
            "missing": services.relief_missing(claim) if editable else [],
            "steps": selectors.relief_steps(claim, payment),
            "payment": payment,
            "editable": editable,
            "invoice_form": InvoiceForm(),
            "document_form": DocumentForm(),
            "documents": documents_of(request.user, claim),
            "claim_form": ClaimForm(
                initial={
                    "diagnosis": services.diagnosis_of(claim),
                    "settlement_no": claim.settlement_no,
                    "settled_on": claim.settled_on,
                }
            ),
        },
    )
