"""Member portal pages of legal aid: the worker's requests, a new request (with the rule of who qualifies), a
request's page (each step, the deadline, the lawyer, the documents from the phone camera, withdrawal before the
decision, the rating once closed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.legal_aid.cases import selectors, services
from gonghui.legal_aid.cases.forms import ApplyForm, DocumentForm, RateForm
from gonghui.legal_aid.cases.views import documents_of, invalid, upload_documents
from gonghui.members.roster.selectors import my_member


@login_required(login_url="portal:login")
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "legal_aid/cases/portal_list.html",
        {"cases": selectors.my_cases(actor=request.user), "member": my_member(actor=request.user)},
    )


@login_required(login_url="portal:login")
def case_new(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
    form = ApplyForm(request.POST or None)
    if member is not None and request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.case_apply(actor=request.user, data=services.CaseInput(**form.cleaned_data)),
            form=form,
            success=_("申请已提交，请上传劳动合同、工资条等证据材料。"),
        )
        if done and done.value is not None:
            return redirect("legal_aid_portal:case_detail", case_id=done.value.pk)
    return render(request, "legal_aid/cases/portal_new.html", {"form": form, "member": member})


@login_required(login_url="portal:login")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = selectors.my_case(actor=request.user, case_id=case_id)
    except access.NotVisible:  # staff who may see it are sent to its console page; anyone else: 404
        staff_view = selectors.case_get(actor=request.user, case_id=case_id)
        return redirect("legal_aid:case_detail", case_id=staff_view.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "documents":
            upload_documents(request, case)
        elif action == "withdraw":
            attempt(request, lambda: services.case_withdraw(actor=request.user, case=case), success=_("申请已撤回。"))
        elif action == "rate":
            form = RateForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.case_rate(actor=request.user, case=case, rating=form.cleaned_data["rating"]),
                    success=_("感谢您的评价。"),
                )
            else:
                invalid(request, form)
        return redirect("legal_aid_portal:case_detail", case_id=case.pk)
    return render(
        request,
        "legal_aid/cases/portal_detail.html",
        {
            "case": case,
            "facts": services.facts_of(case),
            "progress": selectors.progress_of(case),
            "documents": documents_of(request.user, case),
            "document_form": DocumentForm(),
            "rate_form": RateForm(),
        },
    )
