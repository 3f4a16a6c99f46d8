"""Member portal pages of mutual-aid claims: 我的给付申请, a new claim, a claim's page (steps, what is missing,
invoices and photos, the decision with its calculation line by line, the payment, the appeal)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.console.actions import attempt
from gonghui.mutual_aid.claims import selectors, services
from gonghui.mutual_aid.claims.forms import AppealForm, ClaimForm, DocumentForm, InvoiceForm
from gonghui.mutual_aid.claims.views import _claim_input, claim_action, documents_of
from gonghui.mutual_aid.enrolment.selectors import cover_on


@login_required(login_url="portal:login")
def claim_list(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    member = selectors.my_claim_member(actor=request.user)
    cover = cover_on(member.pk, timezone.localdate()) if member is not None else None
    claims = list(selectors.my_claims(actor=request.user)[:50])
    return render(request, "mutual_aid/claims/portal_list.html", {"member": member, "cover": cover, "claims": claims})


@login_required(login_url="portal:login")
def claim_new(request: HttpRequest) -> HttpResponse:
    member = selectors.my_claim_member(actor=request.user)
    form = ClaimForm(request.POST or None)
    if member is not None and request.method == "POST" and form.is_valid():
        data = _claim_input(form.cleaned_data)
        done = attempt(
            request,
            lambda: services.claim_create(actor=request.user, member=member, data=data),
            form=form,
            success=_("申请已保存，请添加票据并拍照上传后提交。"),
        )
        if done and done.value is not None:
            return redirect("mutual_aid_portal:claim_detail", claim_id=done.value.pk)
    return render(request, "mutual_aid/claims/portal_new.html", {"form": form, "member": member})


@login_required(login_url="portal:login")
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.my_claim_or_none(actor=request.user, claim_id=claim_id)
    if claim is None:
        # Not the worker's own: staff who may see the claim are sent to its console page, anyone else gets 404.
        staff_view = selectors.claim_get(actor=request.user, claim_id=claim_id)
        return redirect("mutual_aid:claim_detail", claim_id=staff_view.pk)
    if request.method == "POST":
        claim_action(request, claim)
        return redirect("mutual_aid_portal:claim_detail", claim_id=claim.pk)
    payments = selectors.claim_payments(claim)
    editable = claim.status in services.EDITABLE
    return render(
        request,
        "mutual_aid/claims/portal_detail.html",
        {
            "claim": claim,
            "illness": services.illness_of(claim),
            "invoices": selectors.claim_invoices(claim),
            "missing": services.claim_missing(claim) if editable else [],
            "steps": selectors.claim_steps(claim, payments),
            "payments": payments,
            "appeal": selectors.claim_appeal_of(claim),
            "can_appeal": services.can_appeal(claim),
            "appeal_deadline": services.appeal_deadline(claim),
            "editable": editable,
            "invoice_form": InvoiceForm(),
            "document_form": DocumentForm(),
            "appeal_form": AppealForm(),
            "documents": documents_of(request.user, claim),
        },
    )
