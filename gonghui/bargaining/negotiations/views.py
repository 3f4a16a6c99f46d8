"""Console pages of bargaining cases: the list (filters, escalated deadlines, sort, pages, ``.xlsx`` audited), the
request form, and a case's page (its deadlines with the policy each used, negotiators, minuted sessions with the
signed minutes, subjects, the vote, signing, then the agreement stage from ``agreements/``, and the history)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.attachments.selectors import attachments_by_owner
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.bargaining.agreements.forms import CoverageForm, FileForm, ObjectionForm, PublishForm
from gonghui.bargaining.agreements.services import COVERAGE_OPEN
from gonghui.bargaining.models import BargainingCase, BargainingLevel, CaseDeadline, CaseStatus
from gonghui.bargaining.negotiations import selectors, services
from gonghui.bargaining.negotiations.attachments import MINUTES
from gonghui.bargaining.negotiations.forms import (
    CaseForm,
    CongressVoteForm,
    NegotiatorForm,
    ReplyForm,
    SessionForm,
    SignForm,
    StaffVoteForm,
    SubjectForm,
)
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.common.listing import paginate
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.congress.sessions import selectors as congress_sessions
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import unit_filter

S = CaseStatus
UNIT_SEARCH = "bargaining:case_unit_search"


def invalid(request: HttpRequest, form: Any) -> None:
    """A form that did not parse: its errors as the page's message."""
    from django.contrib import messages

    parts = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errs)}"
        for name, errs in form.errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))


def _filters(request: HttpRequest) -> dict[str, Any]:
    level = request.GET.get("level", "")
    return {
        "status": request.GET.get("status", ""),
        "level": level if level in BargainingLevel.values else "",
        "q": (request.GET.get("q") or "").strip()[:50],
        "escalated": request.GET.get("escalated") == "1",
    }


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_BARGAINING)
    picked = unit_filter(request, perm=VIEW_BARGAINING, search_url=UNIT_SEARCH)
    filters = _filters(request)
    qs = selectors.case_list(actor=request.user, unit=picked.unit, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-requested")
    return render(
        request,
        "bargaining/negotiations/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": S.choices,
            "levels": BargainingLevel.choices,
            "can_manage": access.check_anywhere(request.user, MANAGE_BARGAINING),
        },
    )


@staff_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered cases as ``.xlsx`` (no personal data: parties, dates, status), audited."""
    access.require_anywhere(request.user, VIEW_BARGAINING)
    picked = unit_filter(request, perm=VIEW_BARGAINING, search_url=UNIT_SEARCH)
    filters = _filters(request)
    rows = list(selectors.case_list(actor=request.user, unit=picked.unit, **filters)[:20000])
    book = XlsxWriter(title=_("平等协商"))
    sheet = book.sheet(_("平等协商"), widths=(36, 24, 14, 16, 24, 12, 12, 12, 12, 8))
    sheet.row(
        [
            _("名称"),
            _("工会"),
            _("协商层级"),
            _("合同类型"),
            _("企业方（或企业代表组织）"),
            _("状态"),
            _("要约日期"),
            _("签订日期"),
            _("终止日期"),
            _("逾期督办"),
        ],
        bold=True,
    )
    for c in rows:
        sheet.row(
            [
                c.title,
                c.unit.name,
                c.get_level_display(),
                c.get_kind_display(),
                c.employer_party,
                c.get_status_display(),
                c.requested_on,
                c.signed_on,
                c.ends_on,
                _("是") if getattr(c, "is_escalated", False) else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="bargaining-cases.xlsx",
        action="bargaining.cases_export",
        target_type="bargaining.bargainingcase",
        target_repr=_("平等协商"),
        data={"rows": len(rows), "status": filters["status"], "unit": getattr(picked.unit, "pk", None)},
    )


@staff_required
def case_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_BARGAINING)
    units = selectors.manageable_units(actor=request.user)
    employers = selectors.employer_choices(actor=request.user)
    form = CaseForm(
        request.POST or None,
        units=units,
        employers=employers,
        initial={"requested_on": timezone.localdate(), "unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.case_request(actor=request.user, **form.cleaned_data),
            form=form,
            success=_("协商要约已登记。"),
        )
        if done and done.value is not None:
            return redirect("bargaining:case_detail", case_id=done.value.pk)
    return render(request, "bargaining/negotiations/new.html", {"form": form})


def _congress_items(request: HttpRequest, case: BargainingCase) -> list[tuple[int, str]]:
    """Closed agenda items of the union's own workers' congress (read through the congress's selectors)."""
    if not access.check(request.user, "congress.view", case.unit):
        return []
    found: list[tuple[int, str]] = []
    for session in congress_sessions.session_list(actor=request.user, unit=case.unit)[:50]:
        if session.term.congress.unit_id != case.unit_id:
            continue
        for item in congress_sessions.closed_items(session):
            found.append((item.pk, f"{session.title} · {item.title}"))
    return found


def _deadline_state(deadline: CaseDeadline, today: Any) -> str:
    if deadline.met_on is not None:
        return "met"
    if deadline.escalated_at is not None:
        return "escalated"
    if deadline.due_on < today:
        return "overdue"
    return "open"


def case_context(request: HttpRequest, case: BargainingCase) -> dict[str, Any]:
    today = timezone.localdate()
    can_manage = access.check(request.user, MANAGE_BARGAINING, case.unit)
    sessions = selectors.sessions(case)
    files = attachments_by_owner(sessions)
    congress = services.has_congress(case)
    context: dict[str, Any] = {
        "case": case,
        "can_manage": can_manage,
        "deadlines": [(d, _deadline_state(d, today)) for d in selectors.deadlines(case)],
        "negotiators": selectors.negotiators(case),
        "sessions": [(s, files.get(s.pk, [])) for s in sessions],
        "subjects": selectors.subjects(case),
        "covered": selectors.covered(case),
        "events": [
            (e, services.EVENT_LABELS.get(e.action, e.action), S(e.to_status).label) for e in selectors.events(case)
        ],
        "has_congress": congress,
        "talking": case.status in services.TALKING,
        "coverage_open": case.status in COVERAGE_OPEN,
        "renewal": case.renewals.exclude(status=S.REFUSED).order_by("-pk").first(),
    }
    if can_manage:
        context.update(
            reply_form=ReplyForm(initial={"replied_on": today, "agree": "1"}),
            negotiator_form=NegotiatorForm(),
            session_form=SessionForm(initial={"held_on": today}),
            subject_form=SubjectForm(),
            staff_vote_form=StaffVoteForm(initial={"voted_on": today}),
            sign_form=SignForm(initial={"signed_on": today}),
            file_form=FileForm(initial={"filed_on": today}),
            objection_form=ObjectionForm(),
            publish_form=PublishForm(initial={"published_on": today}),
        )
        if congress and case.status == S.DRAFT:
            context["congress_vote_form"] = CongressVoteForm(items=_congress_items(request, case))
        if case.level != BargainingLevel.EMPLOYER:
            context["coverage_form"] = CoverageForm(
                employers=selectors.employer_choices(actor=request.user, unit=case.unit)
            )
    return context


def _act(request: HttpRequest, case: BargainingCase, action: str) -> None:
    """One action of the talks from the case page."""
    post, user = request.POST, request.user
    if action == "reply":
        form: Any = ReplyForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.case_reply(actor=user, case=case, **form.cleaned_data),
                success=_("回应已登记。"),
            )
            return
    elif action == "negotiator":
        form = NegotiatorForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.negotiator_add(actor=user, case=case, **form.cleaned_data),
                success=_("协商代表已添加。"),
            )
            return
    elif action == "open":
        attempt(request, lambda: services.case_open(actor=user, case=case), success=_("已开始协商。"))
        return
    elif action == "session":
        form = SessionForm(post, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            uploads = data.pop("uploads") or []
            done = attempt(
                request,
                lambda: services.session_record(actor=user, case=case, **data),
                success=_("协商会议纪要已登记。"),
            )
            if done and done.value is not None and uploads:
                attach_each(request, owner=done.value, uploads=uploads, purpose=MINUTES, success=None)
            return
    elif action == "subject":
        form = SubjectForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.subject_set(actor=user, case=case, **form.cleaned_data),
                success=_("协商事项已登记。"),
            )
            return
    elif action == "draft":
        attempt(request, lambda: services.case_draft(actor=user, case=case), success=_("草案已形成，请按期提交审议。"))
        return
    elif action == "vote_congress":
        form = CongressVoteForm(post, items=_congress_items(request, case))
        if form.is_valid():
            attempt(
                request,
                lambda: services.case_vote_congress(actor=user, case=case, item_id=form.cleaned_data["item_id"]),
                success=_("职代会表决结果已登记。"),
            )
            return
    elif action == "vote_staff":
        form = StaffVoteForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.case_vote_staff(actor=user, case=case, **form.cleaned_data),
                success=_("全体职工表决结果已登记。"),
            )
            return
    elif action == "sign":
        form = SignForm(post)
        if form.is_valid():
            attempt(
                request,
                lambda: services.case_sign(actor=user, case=case, **form.cleaned_data),
                success=_("签订已登记。"),
            )
            return
    else:
        from django.contrib import messages

        messages.error(request, _("未知的操作。"))
        return
    invalid(request, form)


@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_BARGAINING, perm=MANAGE_BARGAINING, unit=case.unit)
        _act(request, case, request.POST.get("action", ""))
        return redirect("bargaining:case_detail", case_id=case.pk)
    return render(request, "bargaining/negotiations/detail.html", case_context(request, case))


@staff_required
@require_POST
def negotiator_remove(request: HttpRequest, negotiator_id: int) -> HttpResponse:
    negotiator = selectors.negotiator_get(actor=request.user, negotiator_id=negotiator_id)
    attempt(
        request,
        lambda: services.negotiator_remove(actor=request.user, negotiator=negotiator),
        success=_("协商代表已移除。"),
    )
    return redirect("bargaining:case_detail", case_id=negotiator.case_id)
