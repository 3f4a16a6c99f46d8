"""Console pages of model workers' check-ups: the list (filters, bulk booking of everyone not yet booked this
year), one-by-one booking, a check-up's page (results with the report, follow-up, reschedule, the audited reveal),
partner hospitals and a person's health profile."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.services import attachment_add
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.honors.models import Honoree
from gonghui.orgs.picker import UnitFilter, unit_filter
from gonghui.recuperation.health import attachments as checkup_attachments
from gonghui.recuperation.health import selectors, services
from gonghui.recuperation.health.forms import BulkForm, DayForm, FollowUpForm, HospitalForm, OneForm, ResultsForm
from gonghui.recuperation.models import Checkup, CheckupStatus
from gonghui.recuperation.permissions import MANAGE_CHECKUPS, REVEAL_CHECKUP, VIEW_RECUPERATION


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_RECUPERATION, search_url="recuperation:checkup_unit_search")


def _year(request: HttpRequest) -> int:
    return int_param(request.GET.get("year") or "", min_value=2000, max_value=2100) or timezone.localdate().year


@staff_required
def checkup_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    year = _year(request)
    state = request.GET.get("state", "")
    unit_f = _unit_filter(request)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]
    qs = selectors.checkup_list(actor=request.user, year=year, state=state, unit=unit_f.unit, q=q)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="day")
    can_manage = access.check_anywhere(request.user, MANAGE_CHECKUPS)
    return render(
        request,
        "recuperation/health/list.html",
        {
            "listing": listing,
            "year": year,
            "state": state,
            "q": q,
            "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
            "unit_filter": unit_f,
            "can_manage": can_manage,
            "hospitals": selectors.hospitals_for(actor=request.user) if can_manage else [],
            "bulk_form": BulkForm(initial={"request_key": uuid.uuid4().hex}),
        },
    )


@staff_required
@require_POST
def checkup_book_all(request: HttpRequest) -> HttpResponse:
    """Book everyone of the actor's subtree not yet booked this year (at their highest union holding the right)."""
    access.require_anywhere(request.user, MANAGE_CHECKUPS)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择医院和首个体检日。"))
        return redirect("recuperation:checkup_list")
    hospital = selectors.hospital_get(actor=request.user, hospital_id=form.cleaned_data["hospital"])
    units = list(access.units(request.user, MANAGE_CHECKUPS).order_by("depth", "path")[:1])
    if not units:
        raise access.NotVisible
    attempt(
        request,
        lambda: services.checkups_book_all(
            actor=request.user,
            unit=units[0],
            hospital=hospital,
            first_day=form.cleaned_data["first_day"],
            request_key=form.cleaned_data["request_key"],
        ),
        success=lambda r: (
            _("已预约 %(booked)d 人；此前已预约 %(already)d 人；%(unplaced)d 人本年度内无空余名额。")
            % {"booked": r.booked, "already": r.already, "unplaced": r.unplaced}
        ),
    )
    return redirect("recuperation:checkup_list")


@staff_required
def checkup_book_one(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_CHECKUPS)
    year = _year(request)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]
    if request.method == "POST":
        form = OneForm(request.POST)
        if form.is_valid():
            honoree = Honoree.objects.select_related("unit").filter(pk=form.cleaned_data["honoree"]).first()
            if honoree is None:
                raise access.NotVisible
            access.require_visible(request.user, VIEW_RECUPERATION, honoree.unit)
            hospital = selectors.hospital_get(actor=request.user, hospital_id=form.cleaned_data["hospital"])
            done = attempt(
                request,
                lambda: services.checkup_book(
                    actor=request.user,
                    honoree=honoree,
                    hospital=hospital,
                    day=form.cleaned_data["day"],
                    request_key=form.cleaned_data["request_key"],
                ),
                success=_("已预约。"),
            )
            if done and done.value is not None:
                return redirect("recuperation:checkup_detail", checkup_id=done.value.pk)
        else:
            messages.error(request, _("请选择医院和体检日期。"))
    listing = paginate(request, selectors.bookable_honorees(actor=request.user, year=year, q=q))
    return render(
        request,
        "recuperation/health/book.html",
        {
            "listing": listing,
            "year": year,
            "q": q,
            "hospitals": selectors.hospitals_for(actor=request.user),
            "request_key": uuid.uuid4().hex,
        },
    )


@staff_required
def checkup_detail(request: HttpRequest, checkup_id: int) -> HttpResponse:
    checkup = selectors.checkup_get(actor=request.user, checkup_id=checkup_id)
    if request.method == "POST":
        _act(request, checkup)
        return redirect("recuperation:checkup_detail", checkup_id=checkup.pk)
    can_reveal = access.check(request.user, REVEAL_CHECKUP, checkup.unit)
    return render(
        request,
        "recuperation/health/detail.html",
        {
            "checkup": checkup,
            "can_manage": access.check(request.user, MANAGE_CHECKUPS, checkup.unit),
            "can_reveal": can_reveal,
            "results_form": ResultsForm(),
            "follow_form": FollowUpForm(initial={"on": timezone.localdate()}),
            "day_form": DayForm(initial={"day": checkup.change_requested_on or checkup.day}),
            "reports": attachment_list(actor=request.user, owner=checkup) if can_reveal else [],
            "booked": checkup.status == CheckupStatus.BOOKED,
        },
    )


def _act(request: HttpRequest, checkup: Checkup) -> None:
    access.require(request.user, MANAGE_CHECKUPS, checkup.unit)
    action = request.POST.get("action", "")
    actor = request.user
    if action == "results":
        form = ResultsForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("请检查填写的体检结果。"))
            return
        data = form.cleaned_data
        values = {k: data[k] for k in ("systolic", "diastolic", "glucose", "bmi")}
        done = attempt(
            request,
            lambda: services.checkup_record_results(
                actor=actor,
                checkup=checkup,
                values=values,
                summary=data["summary"],
                abnormal=data["abnormal"],
            ),
            success=_("体检结果已登记。"),
        )
        if done.ok and data.get("report"):
            attempt(
                request,
                lambda: attachment_add(
                    actor=actor,
                    owner=checkup,
                    upload=data["report"],
                    purpose=checkup_attachments.REPORT,
                ),
            )
    elif action == "follow_up":
        form2 = FollowUpForm(request.POST)
        if form2.is_valid():
            attempt(
                request,
                lambda: services.checkup_record_follow_up(actor=actor, checkup=checkup, **form2.cleaned_data),
                success=_("复查情况已登记。"),
            )
    elif action == "reschedule":
        form3 = DayForm(request.POST)
        if form3.is_valid():
            attempt(
                request,
                lambda: services.checkup_reschedule(actor=actor, checkup=checkup, day=form3.cleaned_data["day"]),
                success=_("体检日期已调整。"),
            )
    elif action == "cancel":
        attempt(request, lambda: services.checkup_cancel(actor=actor, checkup=checkup), success=_("已取消。"))


@staff_required
@require_POST
def checkup_reveal(request: HttpRequest, checkup_id: int) -> HttpResponse:
    """htmx: the results in place of the masked block (audited by the service)."""
    checkup = selectors.checkup_get(actor=request.user, checkup_id=checkup_id)
    results = services.checkup_reveal(actor=request.user, checkup=checkup)
    response = render(
        request,
        "recuperation/health/_results.html",
        {"results": results, "checkup": checkup, "labels": services.VALUES},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def hospital_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    form = HospitalForm(request.POST or None)
    units = list(access.units(request.user, MANAGE_CHECKUPS).order_by("depth", "path")[:1])
    if request.method == "POST":
        if not units:
            raise access.Forbidden
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.hospital_create(actor=request.user, unit=units[0], **form.cleaned_data),
                form=form,
                success=_("医院已登记。"),
            )
            if done:
                return redirect("recuperation:hospital_list")
    return render(
        request,
        "recuperation/health/hospitals.html",
        {"hospitals": selectors.hospital_list(actor=request.user), "form": form, "can_manage": bool(units)},
    )


@staff_required
def health_profile(request: HttpRequest, member_id: int) -> HttpResponse:
    profile = selectors.health_profile(actor=request.user, member_id=member_id)
    return render(request, "recuperation/health/profile.html", {"profile": profile})
