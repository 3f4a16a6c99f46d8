"""Console pages of the review mechanism: the reviewer's queue, all cases in scope, a case with its steps,
timeline, objections and the actions the user may take, and the process configuration (managers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.review import selectors, services
from gonghui.review.forms import (
    CaseActionForm,
    CaseFilterForm,
    ObjectionForm,
    ObjectionResolveForm,
    ProcessForm,
    StepForm,
)
from gonghui.review.hooks import subject_facts
from gonghui.review.models import ACTIVE_STATUSES, CaseStatus, EventAction, ObjectionStatus, ProcessStep
from gonghui.review.permissions import ACT_CASE, VIEW_CASE


def _require_case_reader(request: HttpRequest) -> None:
    if not access.check_anywhere(access.actor_of(request), VIEW_CASE):
        raise access.Forbidden


# -- lists -----------------------------------------------------------------------------------------------


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """My queue: the cases I can act on now, earliest deadline first."""
    _require_case_reader(request)
    statuses = [(s.value, s.label) for s in CaseStatus if s.value in ACTIVE_STATUSES]
    filters = CaseFilterForm(request.GET or None, processes=selectors.process_choices(), statuses=statuses)
    qs = selectors.case_queue(actor=request.user, status=filters.value("status"), process=filters.value("process"))
    listing = paginate(request, qs, sorts=selectors.QUEUE_SORTS, default_sort="due")
    return render(
        request,
        "review/queue.html",
        {"filters": filters, "listing": listing, "can_act": access.check_anywhere(access.actor_of(request), ACT_CASE)},
    )


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Every case whose unit lies in my scope."""
    _require_case_reader(request)
    filters = CaseFilterForm(request.GET or None, processes=selectors.process_choices())
    qs = selectors.case_list(
        actor=request.user,
        status=filters.value("status"),
        process=filters.value("process"),
        q=filters.value("q"),
        overdue=bool(filters.value("overdue")),
    )
    listing = paginate(request, qs, sorts=selectors.CASE_SORTS, default_sort="-submitted")
    return render(request, "review/case_list.html", {"filters": filters, "listing": listing})


# -- one case --------------------------------------------------------------------------------------------


def _subject_link(case: Any) -> tuple[str, str]:
    """``(label, url)`` of the case's subject when its model has ``get_absolute_url``."""
    subject = case.subject
    if subject is None:
        return "", ""
    url = ""
    get_url = getattr(subject, "get_absolute_url", None)
    if callable(get_url):
        try:
            url = str(get_url())
        except NoReverseMatch:  # the subject's pages are not mounted: show its name without a link
            url = ""
    return str(subject), url


@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    events = selectors.case_events(case=case)
    objections = selectors.case_objections(case=case)
    actions = selectors.case_actions(actor=request.user, case=case, objections=objections)
    subject_label, subject_url = _subject_link(case)
    return render(
        request,
        "review/case_detail.html",
        {
            "case": case,
            "events": events,
            "objections": objections,
            "steps": selectors.case_steps(case=case, events=events),
            "actions": actions,
            "subject_label": subject_label,
            "subject_url": subject_url,
            "facts": subject_facts(case, request.user),
            "act_form": CaseActionForm(initial={"expected_version": case.version}),
            "open_objections": [o for o in objections if o.status == ObjectionStatus.OPEN],
        },
    )


@staff_required
def case_act(request: HttpRequest, case_id: int) -> HttpResponse:
    """POST ``action``, ``comment``, ``expected_version``: approve, return, reject, close the publicity,
    resubmit or withdraw."""
    case = selectors.case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    detail = reverse("review:case_detail", args=[case.pk])
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("提交的内容不完整，请刷新页面后重试。"))
        return redirect(detail)
    action = form.cleaned_data["action"]
    attempt(
        request,
        lambda: services.case_perform(
            actor=request.user,
            case=case,
            action=action,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["expected_version"],
        ),
        success=lambda _case: _("已%(action)s。") % {"action": EventAction(action).label},
    )
    return redirect(detail)


@staff_required
def objection_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record an objection received during the publicity (by letter, phone or in person)."""
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.objection_raise(actor=request.user, case=case, **form.cleaned_data),
            form=form,
            success=_("异议已登记。"),
        ):
            return redirect("review:case_detail", case_id=case.pk)
    return render(request, "review/objection_form.html", {"case": case, "form": form})


@staff_required
def objection_resolve(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = selectors.objection_get(actor=request.user, objection_id=objection_id)
    case = objection.case
    is_open = objection.status == ObjectionStatus.OPEN
    if is_open and EventAction.OBJECTION_RESOLVE not in selectors.case_actions(actor=request.user, case=case):
        raise access.Forbidden(_("您不能处理这条异议。"))
    form = ObjectionResolveForm(request.POST or None) if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("该异议已处理。"))
            return redirect("review:case_detail", case_id=case.pk)
        if form.is_valid() and attempt(
            request,
            lambda: services.objection_resolve(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["upheld"],
                resolution=form.cleaned_data["resolution"],
            ),
            form=form,
            success=_("异议已处理。"),
        ):
            return redirect("review:case_detail", case_id=case.pk)
    return render(request, "review/objection_resolve.html", {"case": case, "objection": objection, "form": form})


# -- process configuration -------------------------------------------------------------------------------


@staff_required
def process_list(request: HttpRequest) -> HttpResponse:
    processes = selectors.process_list(actor=request.user, manage=True)
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.process_save(actor=request.user, process=None, **form.cleaned_data),
            form=form,
            success=lambda process: _("已创建流程“%(name)s”，请添加审核步骤。") % {"name": process.name},
        )
        if done.value is not None:
            return redirect("review:process_detail", process_id=done.value.pk)
    return render(request, "review/process_list.html", {"processes": processes, "form": form})


def _step_initial(step: ProcessStep | None, next_order: int) -> dict[str, Any]:
    if step is None:
        return {
            "order": next_order,
            "permission": str(ACT_CASE),
            "deadline_working_days": 5,
            "publicity_working_days": 5,
        }
    return {
        "order": step.order,
        "name": step.name,
        "level": step.level,
        "kind": step.kind,
        "permission": step.permission,
        "deadline_working_days": step.deadline_working_days,
        "publicity_working_days": step.publicity_working_days,
    }


@staff_required
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    """A process and its steps. POST ``op=process`` edits the process, ``op=step`` adds or edits a step
    (``step`` = its id), ``op=step_delete`` removes an unused step."""
    process = selectors.process_get(actor=request.user, process_id=process_id, manage=True)
    steps = list(process.steps.all())
    by_id = {str(s.pk): s for s in steps}
    data = request.POST if request.method == "POST" else None
    op = request.POST.get("op", "") if data is not None else ""
    editing = by_id.get((data or request.GET).get("step", ""))
    next_order = max((s.order for s in steps), default=0) + 1
    process_form = ProcessForm(
        data if op == "process" else None,
        editing=True,
        initial={
            "code": process.code,
            "name": process.name,
            "description": process.description,
            "is_active": process.is_active,
        },
    )
    step_form = StepForm(data if op == "step" else None, initial=_step_initial(editing, next_order))
    here = reverse("review:process_detail", args=[process.pk])
    if op == "process" and process_form.is_valid():
        if attempt(
            request,
            lambda: services.process_save(
                actor=request.user,
                process=process,
                code=process.code,
                name=process_form.cleaned_data["name"],
                description=process_form.cleaned_data["description"],
                is_active=process_form.cleaned_data["is_active"],
            ),
            form=process_form,
            success=_("流程已保存。"),
        ):
            return redirect(here)
    elif op == "step" and step_form.is_valid():
        if attempt(
            request,
            lambda: services.step_save(actor=request.user, process=process, step=editing, **step_form.cleaned_data),
            form=step_form,
            success=_("步骤已保存。"),
        ):
            return redirect(here)
    elif op == "step_delete":
        if editing is None:
            messages.error(request, _("请选择要删除的步骤。"))
            return redirect(here)
        attempt(request, lambda: services.step_delete(actor=request.user, step=editing), success=_("步骤已删除。"))
        return redirect(here)
    elif data is not None and op not in ("process", "step"):
        # A manager check happened above; an unknown operation changes nothing.
        messages.error(request, _("未知的操作。"))
        return redirect(here)
    return render(
        request,
        "review/process_detail.html",
        {
            "process": process,
            "steps": steps,
            "process_form": process_form,
            "step_form": step_form,
            "editing": editing,
        },
    )
