"""Console pages of mutual-aid claims: the queue (counts by status, filters, sort, pages, ``.xlsx``), a claim filed on
a member's behalf, the bulk upload (and its template), the claim's page (invoices, documents, what is missing, the
calculation line by line, the reviewer's decision, the payment, the appeal, the history, the audited reveal). The
worker's pages are in ``portal_views``; the draft actions are shared (``claim_action``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import MONEY, XLSX_TYPE, XlsxWriter
from gonghui.console.actions import attempt, error_text
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.mutual_aid.claims import attachments as claim_attachments
from gonghui.mutual_aid.claims import bulk, selectors, services
from gonghui.mutual_aid.claims.forms import (
    AppealDecideForm,
    BatchForm,
    ClaimForm,
    CommentForm,
    DecideForm,
    DocumentForm,
    InvoiceForm,
    OnBehalfForm,
)
from gonghui.mutual_aid.models import AppealStatus, BenefitKind, Claim, ClaimStatus
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS, MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH, VIEW_MUTUAL_AID
from gonghui.orgs.picker import UnitFilter, unit_filter


def _upload_documents(request: HttpRequest, claim: Claim) -> bool:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _invalid(request, form)
        return False
    return attach_each(request, owner=claim, uploads=form.cleaned_data["uploads"], purpose=form.cleaned_data["purpose"])


def documents_of(actor: object, claim: Claim) -> dict[str, object]:
    """What a claim page shows of the documents: the files by purpose, whether the actor may add or remove."""
    if not claim_attachments.can_view(actor, claim):  # type: ignore[arg-type]
        return {"visible": False, "invoice_files": [], "discharge_files": [], "may_attach": False}
    files = attachment_list(actor=actor, owner=claim)  # type: ignore[arg-type]
    return {
        "visible": True,
        "invoice_files": [a for a in files if a.purpose == claim_attachments.INVOICE],
        "discharge_files": [a for a in files if a.purpose == claim_attachments.DISCHARGE],
        "may_attach": claim.status in claim_attachments.OPEN and claim_attachments.can_change(actor, claim),  # type: ignore[arg-type]
    }


def _claim_input(data: dict[str, object]) -> services.ClaimInput:
    return services.ClaimInput(
        kind=str(data["kind"]),
        event_on=data["event_on"],  # type: ignore[arg-type]
        relation=str(data.get("relation") or "self"),
        patient_name=str(data.get("patient_name") or ""),
        illness_code=str(data.get("illness_code") or ""),
        illness=str(data.get("illness") or ""),
    )


def claim_action(request: HttpRequest, claim: Claim) -> bool:
    """The draft actions of a claim page (console and portal); the services decide who may do what."""
    actor = request.user
    action = request.POST.get("action", "")
    if action == "invoice":
        form = InvoiceForm(request.POST)
        if not form.is_valid():
            _invalid(request, form)
            return False
        data = dict(form.cleaned_data)
        data["excluded"] = data.get("excluded") or 0
        invoice = services.InvoiceInput(**data)
        return attempt(
            request,
            lambda: services.invoice_add(actor=actor, claim=claim, invoice=invoice),
            success=_("票据已添加。"),
        ).ok
    if action == "remove":
        invoice_id = int_param(request.POST.get("invoice"), min_value=1) or 0
        return attempt(
            request,
            lambda: services.invoice_remove(actor=actor, claim=claim, invoice_id=invoice_id),
            success=_("票据已删除。"),
        ).ok
    if action == "documents":
        return _upload_documents(request, claim)
    if action == "update":
        claim_form = ClaimForm(request.POST)
        if not claim_form.is_valid():
            _invalid(request, claim_form)
            return False
        fields = _claim_input(claim_form.cleaned_data)
        return attempt(
            request,
            lambda: services.claim_update(actor=actor, claim=claim, data=fields),
            success=_("申请信息已保存。"),
        ).ok
    comment = (request.POST.get("comment") or "").replace("\x00", "")[:2000]
    if action == "submit":
        return attempt(
            request,
            lambda: services.claim_submit(actor=actor, claim=claim),
            success=_("申请已提交，请留意审核进度。"),
        ).ok
    if action == "resubmit":
        return attempt(
            request,
            lambda: services.claim_resubmit(actor=actor, claim=claim, comment=comment),
            success=_("申请已重新提交。"),
        ).ok
    if action == "withdraw":
        return attempt(
            request,
            lambda: services.claim_withdraw(actor=actor, claim=claim, comment=comment),
            success=_("申请已撤回。"),
        ).ok
    if action == "appeal":
        reason = (request.POST.get("reason") or "").replace("\x00", "")[:2000]
        return attempt(
            request,
            lambda: services.claim_appeal(actor=actor, claim=claim, reason=reason),
            success=_("申诉已提交，由上一级工会复核。"),
        ).ok
    return False


def _invalid(request: HttpRequest, form: object) -> None:
    errors = form.errors.items()  # type: ignore[attr-defined]
    fields = form.fields  # type: ignore[attr-defined]
    parts = [
        f"{fields[name].label if name in fields else ''}：{' '.join(str(e) for e in errs)}" for name, errs in errors
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_MUTUAL_AID, search_url="mutual_aid:claim_unit_search")


def _filters(request: HttpRequest) -> dict[str, object]:
    kind = request.GET.get("kind", "")
    return {
        "status": request.GET.get("status", ""),
        "kind": kind if kind in BenefitKind.values else "",
        "unit": _unit_filter(request).unit,
        "q": (request.GET.get("q") or "").replace("\x00", "").strip()[:50],
    }


@staff_required
def claim_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_MUTUAL_AID)
    filters = _filters(request)
    qs = selectors.claim_list(actor=request.user, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-created")
    counts = selectors.claim_counts(actor=request.user)
    return render(
        request,
        "mutual_aid/claims/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in ClaimStatus.choices],
            "kinds": BenefitKind.choices,
            "unit_filter": _unit_filter(request),
            "can_file": access.check_anywhere(request.user, MANAGE_CLAIMS),
        },
    )


@staff_required
@require_GET
def claim_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as ``.xlsx``: masked names, no illness, no hospital; audited."""
    access.require_anywhere(request.user, VIEW_MUTUAL_AID)
    filters = _filters(request)
    claims = list(selectors.claim_list(actor=request.user, **filters)[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("互助保障给付"))
    sheet = book.sheet(_("互助保障给付"), widths=(18, 10, 28, 12, 10, 12, 12, 14, 14))
    sheet.row(
        [
            _("给付编号"),
            _("会员"),
            _("所在工会"),
            _("保障责任"),
            _("状态"),
            _("就诊日期"),
            _("提交日期"),
            _("票据金额合计"),
            _("核定给付金额"),
        ],
        bold=True,
    )
    for c in claims:
        sheet.row(
            [
                c.claim_no,
                mask_name(c.member.name),
                c.unit.name,
                c.get_kind_display(),
                c.get_status_display(),
                c.event_on,
                c.submitted_on,
                c.claimed_total,
                c.amount if c.amount is not None else c.computed,
            ],
            formats={7: MONEY, 8: MONEY},
        )
    unit = filters["unit"]
    return audited_download(
        request,
        book.to_bytes(),
        filename="mutual-aid-claims.xlsx",
        action="mutual_aid.claim_export",
        target_type="mutual_aid.claim",
        target_repr=_("互助保障给付申请"),
        data={"rows": len(claims), "status": filters["status"], "unit": getattr(unit, "pk", None)},
    )


@staff_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """A clerk files a claim on a member's behalf (a draft, completed on its page)."""
    access.require_anywhere(request.user, MANAGE_CLAIMS)
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = selectors.member_find(actor=request.user, perm=MANAGE_CLAIMS, member_no=str(data.pop("member_no")))
        if member is None:
            form.add_error("member_no", _("在您管理的范围内没有这个会员编号。"))
        else:
            done = attempt(
                request,
                lambda: services.claim_create(actor=request.user, member=member, data=_claim_input(data)),
                form=form,
                success=_("已为会员建立给付申请，请补充票据和材料后提交。"),
            )
            if done and done.value is not None:
                return redirect("mutual_aid:claim_detail", claim_id=done.value.pk)
    return render(request, "mutual_aid/claims/new.html", {"form": form})


@staff_required
def claim_batch(request: HttpRequest) -> HttpResponse:
    """The monthly bulk upload: every row checked and calculated, all or nothing, errors per row."""
    access.require_anywhere(request.user, MANAGE_CLAIMS)
    form = BatchForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            batch = bulk.batch_import(actor=request.user, upload=form.cleaned_data["upload"])
        except bulk.BatchRefused as refused:
            errors = refused.errors
            messages.error(request, _("有 %(n)d 行不符合要求，本批次未写入任何申请。") % {"n": len(errors)})
        except ValidationError as exc:
            form.add_error("upload", error_text(exc))
        else:
            messages.success(
                request,
                _("已上报 %(n)d 件申请，计算给付合计 %(total)s 元，均已提交审核。")
                % {"n": batch.rows, "total": f"{batch.total:,.2f}"},
            )
            return redirect(f"{_list_url()}?status=in_review")
    return render(request, "mutual_aid/claims/batch.html", {"form": form, "errors": errors})


def _list_url() -> str:
    from django.urls import reverse

    return reverse("mutual_aid:claim_list")


@staff_required
@require_GET
def claim_batch_template(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_CLAIMS)
    response = HttpResponse(bulk.template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mutual-aid-claims-template.xlsx"'
    return response


def _decide(request: HttpRequest, claim: Claim) -> None:
    form = DecideForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.claim_decide(
            actor=request.user,
            claim=claim,
            decision=data["decision"],
            amount=data.get("amount"),
            comment=(data.get("comment") or "").replace("\x00", ""),
        ),
        success=_("审核意见已提交。"),
    )


def _appeal_decide(request: HttpRequest, claim: Claim) -> None:
    appeal = selectors.claim_appeal_of(claim)
    form = AppealDecideForm(request.POST)
    if appeal is None or not form.is_valid():
        _invalid(request, form)
        return
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            outcome=data["outcome"],
            new_amount=data.get("new_amount"),
            decision=data["decision"].replace("\x00", ""),
        ),
        success=_("申诉复核意见已提交。"),
    )


@staff_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "decide":
            access.require(request.user, DECIDE_CLAIMS, claim.unit)
            _decide(request, claim)
        elif action == "appeal_decide":
            appeal = selectors.claim_appeal_of(claim)
            access.require(request.user, DECIDE_CLAIMS, appeal.reviewer_unit if appeal else claim.unit)
            _appeal_decide(request, claim)
        else:
            access.require(request.user, MANAGE_CLAIMS, claim.unit)
            claim_action(request, claim)
        return redirect("mutual_aid:claim_detail", claim_id=claim.pk)
    payments = selectors.claim_payments(claim)
    appeal = selectors.claim_appeal_of(claim)
    can_manage = access.check(request.user, MANAGE_CLAIMS, claim.unit)
    can_decide = claim.status == ClaimStatus.IN_REVIEW and access.check(request.user, DECIDE_CLAIMS, claim.unit)
    return render(
        request,
        "mutual_aid/claims/detail.html",
        {
            "claim": claim,
            "invoices": selectors.claim_invoices(claim),
            "events": selectors.claim_events(claim),
            "missing": services.claim_missing(claim),
            "payments": payments,
            "appeal": appeal,
            "editable": can_manage and claim.status in services.EDITABLE,
            "invoice_form": InvoiceForm(),
            "comment_form": CommentForm(),
            "document_form": DocumentForm(),
            "decide_form": DecideForm() if can_decide else None,
            "ceiling": services.claim_ceiling(claim) if can_decide else None,
            "appeal_form": AppealDecideForm()
            if appeal is not None
            and appeal.status == AppealStatus.IN_REVIEW
            and access.check(request.user, DECIDE_CLAIMS, appeal.reviewer_unit)
            else None,
            "documents": documents_of(request.user, claim),
            "can_reveal": access.check(request.user, REVEAL_CLAIM_HEALTH, claim.unit),
            "can_pay": claim.status == ClaimStatus.APPROVED
            and bool(claim.amount)
            and not payments
            and access.check(request.user, DECIDE_CLAIMS, claim.unit),
        },
    )


@staff_required
@require_POST
def claim_reveal(request: HttpRequest, claim_id: int) -> HttpResponse:
    """htmx: the patient, the illness and the hospitals in place of the masked block (audited by the service)."""
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    health = services.claim_reveal(actor=request.user, claim=claim)
    response = render(request, "mutual_aid/claims/_health.html", {"health": health, "claim": claim})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def claim_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    attempt(
        request,
        lambda: services.claim_payment_request(actor=request.user, claim=claim),
        success=_("已向财务提交支付申请。"),
    )
    return redirect("mutual_aid:claim_detail", claim_id=claim.pk)
