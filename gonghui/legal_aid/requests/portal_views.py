"""Member portal pages of workers' requests (any signed-in worker, member or not): my requests, a new one (with
photos from the camera; a non-member names their employer or county), and a request's page (steps, the answer,
the rating, photos while it is open)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.legal_aid.models import RequestStatus, WorkerRequest
from gonghui.legal_aid.requests import selectors, services
from gonghui.legal_aid.requests.attachments import OPEN, PHOTO
from gonghui.legal_aid.requests.forms import NonMemberForm, RateForm, RequestForm, new_request_key
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import Employer

LOGIN = "portal:login"


def _add_photos(request: HttpRequest, item: WorkerRequest, uploads: list[UploadedFile]) -> None:
    attach_each(request, owner=item, uploads=uploads, purpose=PHOTO, success=None)


@login_required(login_url=LOGIN)
def my_requests(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_requests(actor=request.user)[:50])
    return render(request, "legal_aid/requests/portal_list.html", {"requests": rows})


def _employer(value: Any) -> Employer | None:
    from gonghui.members.joining.selectors import employer_get

    return employer_get(employer_id=value) if value else None


@login_required(login_url=LOGIN)
def request_new(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
    form_class = RequestForm if member is not None else NonMemberForm
    form = form_class(request.POST or None, request.FILES or None, initial={"request_key": new_request_key()})
    selected_employer = None
    if member is None and request.method == "POST":
        selected_employer = _employer(request.POST.get("employer"))
    if request.method == "POST" and not request.POST.get("search") and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads") or []
        extra: dict[str, Any] = {}
        if member is None:
            data.pop("employer_q", None)
            data.pop("employer", None)
            extra = {"employer": selected_employer, "region_code": data.pop("region_code", "") or ""}
        # The request and its photos commit together: a double click's second submission (the same key) waits for
        # the first and then shows the request with its photos, never the request before its photos.
        with transaction.atomic():
            done = attempt(
                request,
                lambda: services.request_submit(actor=request.user, **data, **extra),
                form=form,
                success=lambda result: (
                    _("诉求已提交，工会将在期限内答复。") if result[1] else _("这条诉求已经提交过了。")
                ),
            )
            if done and done.value is not None:
                item, created = done.value
                if created:
                    _add_photos(request, item, uploads)
        if done and done.value is not None:
            return redirect("legal_aid_portal:request_detail", worker_request_id=done.value[0].pk)
    employers: list[Employer] = []
    q = (request.POST.get("employer_q") or "") if request.method == "POST" else ""
    if member is None and q:
        from gonghui.members.joining.selectors import employer_search

        employers = employer_search(q=q)
    return render(
        request,
        "legal_aid/requests/portal_new.html",
        {"form": form, "member": member, "employers": employers, "q": q, "selected_employer": selected_employer},
    )


STEPS = (
    (RequestStatus.SUBMITTED, gettext_lazy("已提交")),
    (RequestStatus.ANSWERED, gettext_lazy("已答复")),
    (RequestStatus.CLOSED, gettext_lazy("已评价办结")),
)


@login_required(login_url=LOGIN)
def request_detail(request: HttpRequest, worker_request_id: int) -> HttpResponse:
    item = selectors.my_request(actor=request.user, request_id=worker_request_id)
    if item is None:
        staff_view = selectors.request_get(actor=request.user, request_id=worker_request_id)
        return redirect("legal_aid:request_detail", worker_request_id=staff_view.pk)
    rate_form = RateForm(request.POST if request.POST.get("action") == "rate" else None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "rate" and rate_form.is_valid():
            done = attempt(
                request,
                lambda: services.request_rate(actor=request.user, request=item, **rate_form.cleaned_data),
                success=lambda r: (
                    _("感谢评价，工会将重新办理您的诉求。")
                    if r.status == RequestStatus.REOPENED
                    else _("感谢您的评价。")
                ),
            )
            if done:
                return redirect("legal_aid_portal:request_detail", worker_request_id=item.pk)
        elif action == "photos":
            form = RequestForm(None, request.FILES)
            uploads = form.fields["uploads"].clean(request.FILES.getlist("uploads")) if request.FILES else []
            _add_photos(request, item, uploads or [])
            return redirect("legal_aid_portal:request_detail", worker_request_id=item.pk)
        elif action != "rate":
            raise access.Forbidden(_("无效的操作。"))
    order: list[str] = [str(s) for s, _l in STEPS]
    current = RequestStatus.SUBMITTED if item.status == RequestStatus.REOPENED else item.status
    steps = [
        {
            "label": label,
            "done": order.index(status) < order.index(current) or item.status == RequestStatus.CLOSED,
            "current": status == current and item.status != RequestStatus.CLOSED,
        }
        for status, label in STEPS
    ]
    return render(
        request,
        "legal_aid/requests/portal_detail.html",
        {
            "r": item,
            "steps": steps,
            "events": [(e, services.EVENT_LABELS.get(e.action, e.action)) for e in selectors.events(item)],
            "files": attachment_list(actor=request.user, owner=item),
            "open": item.status in OPEN,
            "photo_form": RequestForm(),
            "rate_form": rate_form,
            "poor": selectors.poor_rating(item),
        },
    )
