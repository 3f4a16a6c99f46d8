"""Console pages of legal aid: the cases (filters, overdue deadlines, sort, pages, ``.xlsx`` masked and audited), a
call or visit recorded, a case's page (eligibility and its trace, the decision, the lawyer, progress, closure,
fees read back from finance, documents, history), and the lawyers' rosters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.legal_aid.cases import attachments as case_attachments
from gonghui.legal_aid.cases import selectors, services
from gonghui.legal_aid.cases.forms import (
    AssignForm,
    CloseForm,
    DecideForm,
    DocumentForm,
    FeeForm,
    LawyerForm,
    LawyerNewForm,
    ProgressForm,
    RecordForm,
)
from gonghui.legal_aid.models import CaseStage, CaseStatus, DisputeKind, Lawyer, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.orgs.picker import bind_unit_pickers, unit_filter


def invalid(request: HttpRequest, form: Any) -> None:
    """A form that did not parse: its errors as the page's message."""
    parts = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errs)}"
        for name, errs in form.errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


def _filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    return {
        "status": get.get("status", "") if get.get("status", "") in CaseStatus.values else "",
        "kind": get.get("kind", "") if get.get("kind", "") in DisputeKind.values else "",
        "stage": get.get("stage", "") if get.get("stage", "") in CaseStage.values else "",
        "q": (get.get("q") or "").strip()[:50],
        "overdue": get.get("overdue", "") if get.get("overdue", "") in (*selectors.OVERDUE, "any") else "",
        "year": int_param(get.get("year") or "", min_value=2000, max_value=2100),
    }


def _unit_filter(request: HttpRequest) -> Any:
    return unit_filter(request, perm=VIEW_CASES, search_url="legal_aid:case_unit_search")


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CASES)
    picked = _unit_filter(request)
    filters = _filters(request)
    qs = selectors.case_list(actor=request.user, unit=picked.unit, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-applied")
    return render(
        request,
        "legal_aid/cases/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": CaseStatus.choices,
            "kinds": DisputeKind.choices,
            "stages": CaseStage.choices,
            "can_record": access.check_anywhere(request.user, HANDLE_CASES),
        },
    )


@staff_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered cases as ``.xlsx``: the applicant's name masked, no facts and no ID number; audited."""
    access.require_anywhere(request.user, VIEW_CASES)
    picked = _unit_filter(request)
    filters = _filters(request)
    rows = list(selectors.case_list(actor=request.user, unit=picked.unit, **filters)[:20000])
    book = XlsxWriter(title=_("法律援助案件"))
    sheet = book.sheet(_("法律援助案件"), widths=(14, 20, 10, 24, 18, 12, 10, 12, 12, 14, 14, 10))
    sheet.row(
        [
            _("案件编号"),
            _("受理工会"),
            _("申请人"),
            _("用人单位"),
            _("争议类型"),
            _("申请日期"),
            _("状态"),
            _("办理阶段"),
            _("承办律师"),
            _("结案结果"),
            _("挽回金额（元）"),
            _("职工评价"),
        ],
        bold=True,
    )
    for c in rows:
        sheet.row(
            [
                c.number,
                c.unit.name,
                mask_name(c.applicant_name),
                c.employer_name,
                c.get_dispute_kind_display(),
                c.applied_on,
                c.get_status_display(),
                c.get_stage_display() if c.stage else "",
                c.lawyer.name if c.lawyer else "",
                c.get_outcome_display() if c.outcome else "",
                c.amount_recovered,
                c.get_rating_display() if c.rating else "",
            ],
            formats={10: MONEY},
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="legal-aid-cases.xlsx",
        action="legal_aid.cases_export",
        target_type="legal_aid.legalaidcase",
        target_repr=_("法律援助案件"),
        data={"rows": len(rows), "status": filters["status"], "unit": getattr(picked.unit, "pk", None)},
    )


@staff_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Record a 12351 call or a visit."""
    access.require_anywhere(request.user, HANDLE_CASES)
    form = RecordForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        done = attempt(
            request,
            lambda: services.case_record(actor=request.user, unit=unit, data=services.CaseInput(**data)),
            form=form,
            success=_("已登记法律援助申请。"),
        )
        if done and done.value is not None:
            return redirect("legal_aid:case_detail", case_id=done.value.pk)
    return render(request, "legal_aid/cases/new.html", {"form": form})


def documents_of(actor: Any, case: LegalAidCase) -> dict[str, Any]:
    """What a case page shows of the documents: the files by purpose, whether the actor may add."""
    if not case_attachments.can_view(actor, case):
        return {"visible": False, "groups": [], "may_attach": False, "may_remove": False}
    files = attachment_list(actor=actor, owner=case)
    groups = [(label, [a for a in files if a.purpose == code]) for code, label in case_attachments.PURPOSES.items()]
    return {
        "visible": True,
        "groups": groups,
        "may_attach": case.status in case_attachments.OPEN and case_attachments.can_add(actor, case),
        "may_remove": case_attachments.can_remove(actor, case),
    }


def upload_documents(request: HttpRequest, case: LegalAidCase) -> bool:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        invalid(request, form)
        return False
    return attach_each(request, owner=case, uploads=form.cleaned_data["uploads"], purpose=form.cleaned_data["purpose"])


def _act(request: HttpRequest, case: LegalAidCase) -> None:
    action = request.POST.get("action", "")
    actor = request.user
    if action == "documents":
        upload_documents(request, case)
        return
    forms_by_action: dict[str, Any] = {
        "decide": (DecideForm, lambda d: services.case_decide(actor=actor, case=case, **d), _("审查决定已登记。")),
        "progress": (ProgressForm, lambda d: services.case_progress(actor=actor, case=case, **d), _("进展已登记。")),
        "close": (CloseForm, lambda d: services.case_close(actor=actor, case=case, **d), _("案件已结案。")),
        "fee": (FeeForm, lambda d: services.case_fee_request(actor=actor, case=case, **d), _("已向财务申请支付。")),
    }
    if action == "assign":
        form = AssignForm(request.POST, lawyers=services.lawyers_for(case.unit))
        if form.is_valid():
            lawyer = form.cleaned_data["lawyer"]
            attempt(
                request,
                lambda: services.case_assign(actor=actor, case=case, lawyer=lawyer),
                success=_("已指派承办律师。"),
            )
        else:
            invalid(request, form)
        return
    if action not in forms_by_action:
        messages.error(request, _("未知的操作。"))
        return
    form_class, call, success = forms_by_action[action]
    form = form_class(request.POST)
    if form.is_valid():
        attempt(request, lambda: call(form.cleaned_data), success=success)
    else:
        invalid(request, form)


@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    can_handle = selectors.can_handle(request.user, case)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_CASES, perm=HANDLE_CASES, unit=case.unit)
        _act(request, case)
        return redirect("legal_aid:case_detail", case_id=case.pk)
    lawyers = services.lawyers_for(case.unit) if can_handle else []
    return render(
        request,
        "legal_aid/cases/detail.html",
        {
            "case": case,
            "can_handle": can_handle,
            # The dispute's details are personal data: shown to those who handle the case only.
            "facts": services.facts_of(case) if can_handle else None,
            "progress": selectors.progress_of(case),
            "fees": selectors.fees_of(case) if can_handle else [],
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action), CaseStatus(e.to_status).label)
                for e in selectors.events_of(case)
            ],
            "documents": documents_of(request.user, case),
            "decide_form": DecideForm(),
            "assign_form": AssignForm(lawyers=lawyers),
            "has_lawyers": bool(lawyers),
            "progress_form": ProgressForm(),
            "close_form": CloseForm(),
            "fee_form": FeeForm(),
            "document_form": DocumentForm(),
        },
    )


# --- lawyers ------------------------------------------------------------------------------------------------------


@staff_required
def lawyer_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CASES)
    q = (request.GET.get("q") or "").strip()[:50]
    active = request.GET.get("active", "")
    qs = selectors.lawyer_list(actor=request.user, q=q, active=active)
    listing = paginate(request, qs)
    return render(
        request,
        "legal_aid/cases/lawyers.html",
        {
            "listing": listing,
            "q": q,
            "active": active,
            "kinds": dict(DisputeKind.choices),
            "can_add": access.check_anywhere(request.user, HANDLE_CASES),
        },
    )


def _lawyer_input(data: dict[str, Any]) -> services.LawyerInput:
    return services.LawyerInput(
        name=data["name"],
        firm=data["firm"],
        licence_no=data["licence_no"],
        phone=data["phone"],
        specialties=tuple(data.get("specialties") or ()),
        active=bool(data.get("active")),
    )


@staff_required
def lawyer_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, HANDLE_CASES)
    form = LawyerNewForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.lawyer_save(
                actor=request.user, unit=form.cleaned_data["unit"], data=_lawyer_input(form.cleaned_data)
            ),
            form=form,
            success=_("律师已加入名册。"),
        )
        if done and done.value is not None:
            return redirect("legal_aid:lawyer_list")
    return render(request, "legal_aid/cases/lawyer_form.html", {"form": form, "lawyer": None})


@staff_required
def lawyer_edit(request: HttpRequest, lawyer_id: int) -> HttpResponse:
    lawyer: Lawyer = selectors.lawyer_get(actor=request.user, lawyer_id=lawyer_id)
    access.require_action(request.user, view_perm=VIEW_CASES, perm=HANDLE_CASES, unit=lawyer.unit)
    initial = {
        "name": lawyer.name,
        "firm": lawyer.firm,
        "licence_no": lawyer.licence_no,
        "phone": lawyer.phone,
        "specialties": lawyer.specialties,
        "active": lawyer.active,
    }
    form = LawyerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.lawyer_save(
                actor=request.user, unit=lawyer.unit, lawyer=lawyer, data=_lawyer_input(form.cleaned_data)
            ),
            form=form,
            success=_("律师信息已保存。"),
        )
        if done and done.value is not None:
            return redirect("legal_aid:lawyer_list")
    return render(request, "legal_aid/cases/lawyer_form.html", {"form": form, "lawyer": lawyer})
