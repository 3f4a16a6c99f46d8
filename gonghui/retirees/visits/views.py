"""Console pages of visits: the list (status, reason, overdue, union filters; a visit planned by member number) and
a visit's page (recorded as done with photos, or cancelled; its history)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import unit_filter
from gonghui.policy.selectors import policy_today
from gonghui.retirees.clubs.selectors import retiree_by_no
from gonghui.retirees.models import VisitReason, VisitStatus
from gonghui.retirees.permissions import MANAGE_VISITS, VIEW_RETIREES
from gonghui.retirees.visits import selectors, services
from gonghui.retirees.visits.attachments import PHOTO
from gonghui.retirees.visits.forms import CancelForm, DoneForm, PlanForm


@staff_required
def visit_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RETIREES)
    picked = unit_filter(request, perm=VIEW_RETIREES, search_url="retirees:unit_search")
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        access.require_anywhere(request.user, MANAGE_VISITS)
        if form.is_valid():
            data = form.cleaned_data
            member = retiree_by_no(actor=request.user, member_no=data["member_no"])
            if member is None:
                form.add_error("member_no", _("未找到该会员编号的退休职工。"))
            else:
                done = attempt(
                    request,
                    lambda: services.visit_plan(
                        actor=request.user,
                        member=member,
                        reason=data["reason"],
                        planned_on=data["planned_on"],
                        note=data["note"],
                    ),
                    form=form,
                    success=_("走访已安排。"),
                )
                if done.ok:
                    assert done.value is not None
                    return redirect("retirees:visit_detail", retiree_visit_id=done.value.pk)
    filters = {
        "status": request.GET.get("status", ""),
        "reason": request.GET.get("reason", ""),
        "overdue": request.GET.get("overdue") == "1",
    }
    qs = selectors.visit_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="planned")
    return render(
        request,
        "retirees/visits/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": VisitStatus.choices,
            "reasons": VisitReason.choices,
            "form": form,
            "may_manage": access.check_anywhere(request.user, MANAGE_VISITS),
            "today": policy_today(),
        },
    )


@staff_required
def visit_detail(request: HttpRequest, retiree_visit_id: int) -> HttpResponse:
    visit = selectors.visit_get(actor=request.user, retiree_visit_id=retiree_visit_id)
    done_form = DoneForm(
        request.POST if request.POST.get("action") == "done" else None,
        request.FILES if request.POST.get("action") == "done" else None,
        initial={"done_on": policy_today()},
    )
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_RETIREES, perm=MANAGE_VISITS, unit=visit.unit)
        action = request.POST.get("action", "")
        if action == "done":
            if done_form.is_valid():
                data = dict(done_form.cleaned_data)
                uploads = data.pop("uploads") or []
                result = attempt(
                    request,
                    lambda: services.visit_done(actor=request.user, visit=visit, data=services.VisitRecord(**data)),
                    form=done_form,
                    success=_("走访已登记。"),
                )
                if result.ok:
                    if uploads and result.value is not None:
                        attach_each(request, owner=result.value, uploads=uploads, purpose=PHOTO)
                    return redirect("retirees:visit_detail", retiree_visit_id=visit.pk)
        elif action == "cancel":
            cancel = CancelForm(request.POST)
            if cancel.is_valid():
                attempt(
                    request,
                    lambda: services.visit_cancel(
                        actor=request.user, visit=visit, reason=cancel.cleaned_data["reason"]
                    ),
                    success=_("走访已取消。"),
                )
            else:
                messages.error(request, _("请填写取消原因。"))
            return redirect("retirees:visit_detail", retiree_visit_id=visit.pk)
        else:
            return redirect("retirees:visit_detail", retiree_visit_id=visit.pk)
    return render(
        request,
        "retirees/visits/detail.html",
        {
            "visit": visit,
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action), VisitStatus(e.to_status).label)
                for e in selectors.visit_events(actor=request.user, visit=visit)
            ],
            "files": attachment_list(actor=request.user, owner=visit),
            "may_manage": access.check(request.user, MANAGE_VISITS, visit.unit),
            "done_form": done_form,
            "cancel_form": CancelForm(),
            "overdue": visit.status == VisitStatus.PLANNED and visit.planned_on < policy_today(),
        },
    )
