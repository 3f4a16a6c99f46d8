"""Console pages of services and activities: the list (filters, counts), new and edit, an activity's page (publish,
close, cancel, finish; its history), its sign-ups (filters, masked audited export) and the check-in desk (the member
card's QR code, or a tick on the list)."""

from __future__ import annotations

from secrets import token_urlsafe
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import bind_unit_pickers
from gonghui.worker_services.activities import selectors, services
from gonghui.worker_services.activities.forms import ActivityForm, ActivityNewForm, CodeForm, ReasonForm
from gonghui.worker_services.models import Activity, ActivityStatus, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES

SORTS = {"-starts": "-starts_at", "starts": "starts_at", "title": "title", "-title": "-title"}


def new_request_key() -> str:
    """A fresh request key for a sign-up form (one per page view: a double submit of the page sends it twice)."""
    return f"web-{token_urlsafe(18)}"


def _filters(request: HttpRequest) -> dict[str, str]:
    get = request.GET
    return {
        "q": (get.get("q") or "").strip()[:50],
        "status": get.get("status", "") if get.get("status", "") in ActivityStatus.values else "",
        "category": (get.get("category") or "").strip()[:32],
    }


@staff_required
def activity_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_ACTIVITIES)
    filters = _filters(request)
    listing = paginate(
        request, selectors.activity_list(actor=request.user, **filters), sorts=SORTS, default_sort="-starts"
    )
    return render(
        request,
        "worker_services/activities/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": ActivityStatus.choices,
            "counts": selectors.activity_status_counts(actor=request.user),
            "can_create": access.check_anywhere(request.user, MANAGE_ACTIVITIES),
        },
    )


@staff_required
def activity_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_ACTIVITIES)
    form = ActivityNewForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        data = services.ActivityInput(**form.data_dict())
        done = attempt(
            request,
            lambda: services.activity_create(actor=request.user, unit=unit, data=data),
            form=form,
            success=_("活动已保存为草稿，核对后请发布。"),
        )
        if done and done.value is not None:
            return redirect("worker_services:activity_detail", activity_id=done.value.pk)
    return render(request, "worker_services/activities/form.html", {"form": form, "activity": None})


def _initial(activity: Activity) -> dict[str, Any]:
    fields = ActivityForm.base_fields
    return {name: getattr(activity, name) for name in fields}


@staff_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    access.require(request.user, MANAGE_ACTIVITIES, activity.unit)
    form = ActivityForm(request.POST or None, initial=_initial(activity))
    if request.method == "POST" and form.is_valid():
        data = services.ActivityInput(**form.data_dict())
        done = attempt(
            request,
            lambda: services.activity_update(actor=request.user, activity=activity, data=data),
            form=form,
            success=_("活动已修改。"),
        )
        if done:
            return redirect("worker_services:activity_detail", activity_id=activity.pk)
    return render(request, "worker_services/activities/form.html", {"form": form, "activity": activity})


@staff_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_ACTIVITIES, perm=MANAGE_ACTIVITIES, unit=activity.unit)
        action = request.POST.get("action", "")
        if action == "publish":
            attempt(
                request,
                lambda: services.activity_publish(actor=request.user, activity=activity),
                success=_("活动已发布。"),
            )
        elif action == "close":
            attempt(
                request,
                lambda: services.activity_close(actor=request.user, activity=activity),
                success=_("已截止报名。"),
            )
        elif action == "finish":
            attempt(
                request,
                lambda: services.activity_finish(actor=request.user, activity=activity),
                success=_("活动已办结。"),
            )
        elif action == "cancel":
            reason = ReasonForm(request.POST)
            text = reason.cleaned_data["reason"] if reason.is_valid() else ""
            attempt(
                request,
                lambda: services.activity_cancel(actor=request.user, activity=activity, reason=text),
                success=_("活动已取消，全部报名随之取消。"),
            )
        return redirect("worker_services:activity_detail", activity_id=activity.pk)
    return render(
        request,
        "worker_services/activities/detail.html",
        {
            "activity": activity,
            "counts": selectors.signup_status_counts(actor=request.user, activity=activity),
            "can_manage": selectors.can_manage(actor=request.user, activity=activity),
            "reason_form": ReasonForm(),
            "deadline": services.cancel_deadline(activity),
            "events": selectors.activity_events(activity=activity),
            "history_rows": event_rows(
                audit_history(actor=request.user, target_type="worker_services.activity", target_id=activity.pk)[:50]
            ),
        },
    )


def _signup_filters(request: HttpRequest) -> dict[str, str]:
    status = request.GET.get("status", "")
    return {
        "status": status if status in SignUpStatus.values else "",
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
def signup_list(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    filters = _signup_filters(request)
    listing = paginate(
        request,
        selectors.signup_list(actor=request.user, activity=activity, **filters),
        sorts={"seq": "seq", "-seq": "-seq", "signed": "signed_at", "-signed": "-signed_at"},
        default_sort="seq",
    )
    for row in listing.page:
        row.masked_name = mask_name(row.member.name)
    return render(
        request,
        "worker_services/activities/signups.html",
        {
            "activity": activity,
            "listing": listing,
            "filters": filters,
            "statuses": SignUpStatus.choices,
            "counts": selectors.signup_status_counts(actor=request.user, activity=activity),
            "can_manage": selectors.can_manage(actor=request.user, activity=activity),
        },
    )


@staff_required
@require_GET
def signup_export(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    filters = _signup_filters(request)
    rows = list(selectors.signup_list(actor=request.user, activity=activity, **filters).order_by("seq")[:20000])
    book = XlsxWriter(creator="Gonghui", title=activity.title)
    sheet = book.sheet(_("报名名单"), widths=(8, 14, 24, 12, 18, 18), freeze="A2")
    sheet.row([_("顺序"), _("姓名"), _("所在工会"), _("状态"), _("报名时间"), _("签到时间")], bold=True)
    for s in rows:
        sheet.row(
            [
                s.seq,
                mask_name(s.member.name),
                s.unit.name,
                s.get_status_display(),
                s.signed_at.strftime("%Y-%m-%d %H:%M"),
                s.checked_in_at.strftime("%Y-%m-%d %H:%M") if s.checked_in_at else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"activity-{activity.pk}-signups.xlsx",
        action="worker_services.signup_export",
        target=activity,
        target_repr=activity.title,
        unit=activity.unit,
        data={"rows": len(rows), **filters},
    )


@staff_required
@require_POST
def signup_cancel(request: HttpRequest, signup_id: int) -> HttpResponse:
    signup = selectors.signup_get(actor=request.user, signup_id=signup_id)
    access.require(request.user, MANAGE_ACTIVITIES, signup.activity.unit)
    attempt(
        request,
        lambda: services.signup_cancel(actor=request.user, signup=signup, reason=_("工会代为取消")),
        success=_("报名已取消。"),
    )
    return redirect("worker_services:signup_list", activity_id=signup.activity_id)


@staff_required
def check_in(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    posted = request.method == "POST" and request.POST.get("action") == "code"
    form = CodeForm(request.POST if posted else None)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_ACTIVITIES, perm=MANAGE_ACTIVITIES, unit=activity.unit)
        if posted:
            if form.is_valid():
                done = attempt(
                    request,
                    lambda: services.checkin_by_code(
                        actor=request.user, activity=activity, code=form.cleaned_data["code"]
                    ),
                    form=form,
                    success=lambda s: _("%(name)s 已签到。") % {"name": mask_name(s.member.name)},
                )
                if done:
                    return redirect("worker_services:activity_check_in", activity_id=activity.pk)
        elif request.POST.get("action") == "list":
            signup = selectors.signup_get(actor=request.user, signup_id=request.POST.get("signup"))
            if signup.activity_id != activity.pk:
                raise access.NotVisible
            attempt(
                request,
                lambda: services.checkin_from_list(actor=request.user, signup=signup),
                success=_("%(name)s 已签到。") % {"name": mask_name(signup.member.name)},
            )
            return redirect("worker_services:activity_check_in", activity_id=activity.pk)
    rows = list(
        selectors.signup_list(actor=request.user, activity=activity)
        .filter(status__in=(SignUpStatus.CONFIRMED, SignUpStatus.CHECKED_IN))
        .order_by("seq")[:1000]
    )
    return render(
        request,
        "worker_services/activities/check_in.html",
        {
            "activity": activity,
            "form": form,
            "rows": rows,
            "present": sum(1 for s in rows if s.status == SignUpStatus.CHECKED_IN),
            "can_manage": selectors.can_manage(actor=request.user, activity=activity),
        },
    )
