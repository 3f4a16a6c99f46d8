"""Console pages of proposals: the committee's list (filters, "escalated" filter, sort, pages, ``.xlsx`` audited)
and a proposal's page (seconders, the decision, the coded answer, the history)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.congress.congresses.views import invalid
from gonghui.congress.models import AnswerCode, ProposalStatus
from gonghui.congress.permissions import HANDLE_PROPOSALS, VIEW_CONGRESS
from gonghui.congress.proposals import selectors, services
from gonghui.congress.proposals.forms import AnswerForm, DecideForm
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import unit_filter


def _filters(request: HttpRequest) -> dict[str, object]:
    return {
        "status": request.GET.get("status", ""),
        "q": (request.GET.get("q") or "").strip()[:50],
        "escalated": request.GET.get("escalated") == "1",
        "code": request.GET.get("code", "") if request.GET.get("code", "") in AnswerCode.values else "",
        "term_id": int_param(request.GET.get("term") or "", min_value=1),
    }


@staff_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    picked = unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:congress_unit_search")
    filters = _filters(request)
    qs = selectors.proposal_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-created")
    return render(
        request,
        "congress/proposals/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": ProposalStatus.choices,
            "codes": AnswerCode.choices,
        },
    )


@staff_required
@require_GET
def proposal_export(request: HttpRequest) -> HttpResponse:
    """The filtered proposals as ``.xlsx`` (the proposer's name masked), audited."""
    access.require_anywhere(request.user, VIEW_CONGRESS)
    picked = unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:congress_unit_search")
    filters = _filters(request)
    rows = list(selectors.proposal_list(actor=request.user, unit=picked.unit, **filters)[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("职代会提案"))
    sheet = book.sheet(_("职代会提案"), widths=(10, 36, 12, 14, 18, 12, 8, 12, 10))
    sheet.row(
        [
            _("提案编号"),
            _("案由"),
            _("提案人"),
            _("状态"),
            _("承办部门"),
            _("答复期限"),
            _("办理结果"),
            _("答复日期"),
            _("提案人评价"),
        ],
        bold=True,
    )
    for p in rows:
        sheet.row(
            [
                p.number,
                p.title,
                mask_name(p.proposer.member.name),
                p.get_status_display(),
                p.department,
                p.due_on,
                p.answer_code,
                p.answered_on,
                p.get_satisfaction_display() if p.satisfaction else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="proposals.xlsx",
        action="congress.proposals_export",
        target_type="congress.proposal",
        target_repr=_("职代会提案"),
        data={"rows": len(rows), "status": filters["status"], "unit": getattr(picked.unit, "pk", None)},
    )


@staff_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(actor=request.user, proposal_id=proposal_id)
    if request.method == "POST":
        access.require_action(
            request.user, view_perm=VIEW_CONGRESS, perm=HANDLE_PROPOSALS, unit=proposal.term.congress.unit
        )
        action = request.POST.get("action", "")
        if action == "decide":
            form = DecideForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.proposal_decide(actor=request.user, proposal=proposal, **form.cleaned_data),
                    success=_("审查结果已登记。"),
                )
            else:
                invalid(request, form)
        elif action == "answer":
            answer = AnswerForm(request.POST)
            if answer.is_valid():
                attempt(
                    request,
                    lambda: services.proposal_answer(actor=request.user, proposal=proposal, **answer.cleaned_data),
                    success=_("答复已登记。"),
                )
            else:
                invalid(request, answer)
        return redirect("congress:proposal_detail", proposal_id=proposal.pk)
    return render(
        request,
        "congress/proposals/detail.html",
        {
            "proposal": proposal,
            "seconders": selectors.seconders(proposal),
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action), ProposalStatus(e.to_status).label)
                for e in selectors.events(proposal)
            ],
            "can_handle": access.check(request.user, HANDLE_PROPOSALS, proposal.term.congress.unit),
            "decide_form": DecideForm(),
            "answer_form": AnswerForm(),
        },
    )
