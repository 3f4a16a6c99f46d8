"""Console pages of the sanatorium side: the trips to run, a trip's check-in desk (scan or paste the member card's
QR code, or check in from the list; finish the trip), the daily roster and the incidents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.recuperation.models import Trip
from gonghui.recuperation.permissions import RUN_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.sanatorium import selectors, services
from gonghui.recuperation.sanatorium.forms import CodeForm, IncidentForm, IncidentUpdateForm, RollForm


@staff_required
def run_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    listing = paginate(request, selectors.trip_list(actor=request.user))
    return render(request, "recuperation/sanatorium/list.html", {"listing": listing})


def _trip(request: HttpRequest, trip_id: int) -> tuple[Trip, bool]:
    trip = selectors.trip_get(actor=request.user, trip_id=trip_id)
    return trip, access.check(request.user, RUN_TRIPS, trip.unit)


@staff_required
def checkin_desk(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip, can_run = _trip(request, trip_id)
    form = CodeForm(request.POST if request.POST.get("action") == "scan" else None)
    if request.method == "POST":
        access.require(request.user, RUN_TRIPS, trip.unit)
        action = request.POST.get("action", "")
        if action == "scan" and form.is_valid():
            done = attempt(
                request,
                lambda: services.checkin_by_code(actor=request.user, trip=trip, code=form.cleaned_data["code"]),
                form=form,
                success=lambda c: _("%(name)s 已报到。") % {"name": mask_name(c.booking.member.name)},
            )
            if done:
                return redirect("recuperation:checkin_desk", trip_id=trip.pk)
        elif action == "list":
            booking_id = int_param(request.POST.get("booking"), min_value=1) or 0
            attempt(
                request,
                lambda: services.checkin_booking(actor=request.user, trip=trip, booking_id=booking_id),
                success=_("已报到。"),
            )
            return redirect("recuperation:checkin_desk", trip_id=trip.pk)
        elif action == "finish":
            attempt(
                request,
                lambda: services.trip_finish(actor=request.user, trip=trip),
                success=lambda r: _("已结束：%(c)d 人完成，%(n)d 人未报到。") % {"c": r[0], "n": r[1]},
            )
            return redirect("recuperation:checkin_desk", trip_id=trip.pk)
    people = selectors.participants(trip)
    return render(
        request,
        "recuperation/sanatorium/desk.html",
        {
            "trip": trip,
            "can_run": can_run,
            "form": form,
            "people": people,
            "checked_in": sum(1 for b in people if b.status in ("checked_in", "completed")),
            "satisfaction": selectors.trip_satisfaction(trip),
            "ended": timezone.localdate() >= trip.ends_on,
        },
    )


@staff_required
def roll(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip, can_run = _trip(request, trip_id)
    today = timezone.localdate()
    days = services.trip_days(trip)
    default_day = min(max(today, days[0]), days[-1])
    form = RollForm(request.POST or None, initial={"day": default_day})
    if request.method == "POST":
        access.require(request.user, RUN_TRIPS, trip.unit)
        if form.is_valid():
            present = {int(v) for v in request.POST.getlist("present") if str(v).isdigit()}
            done = attempt(
                request,
                lambda: services.roll_record(
                    actor=request.user,
                    trip=trip,
                    present=present,
                    **form.cleaned_data,
                ),
                form=form,
                success=lambda n: _("点名已保存：到 %(n)d 人。") % {"n": n},
            )
            if done:
                return redirect("recuperation:trip_roll", trip_id=trip.pk)
    people = selectors.participants(trip)
    grid_days, rows = selectors.roll_grid(trip, people)
    return render(
        request,
        "recuperation/sanatorium/roll.html",
        {"trip": trip, "can_run": can_run, "form": form, "days": grid_days, "rows": rows},
    )


@staff_required
def incident_list(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip, can_run = _trip(request, trip_id)
    people = selectors.participants(trip)
    form = IncidentForm(
        request.POST or None, initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)}
    )
    form.fields["booking"].widget.choices = [("", "—"), *[(b.pk, b.member.name) for b in people]]
    if request.method == "POST":
        access.require(request.user, RUN_TRIPS, trip.unit)
        if form.is_valid():
            data = dict(form.cleaned_data)
            booking_id = data.pop("booking") or None
            done = attempt(
                request,
                lambda: services.incident_record(actor=request.user, trip=trip, booking_id=booking_id, **data),
                form=form,
                success=_("已登记。"),
            )
            if done:
                return redirect("recuperation:trip_incidents", trip_id=trip.pk)
    return render(
        request,
        "recuperation/sanatorium/incidents.html",
        {
            "trip": trip,
            "can_run": can_run,
            "form": form,
            "incidents": selectors.incidents(trip),
            "update_form": IncidentUpdateForm(),
        },
    )


@staff_required
@require_POST
def incident_update(request: HttpRequest, trip_id: int, incident_id: int) -> HttpResponse:
    trip, _can = _trip(request, trip_id)
    incident = selectors.incident_get(actor=request.user, trip=trip, incident_id=incident_id)
    form = IncidentUpdateForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.incident_update(actor=request.user, incident=incident, **form.cleaned_data),
            success=_("已保存。"),
        )
    else:
        messages.error(request, _("请检查填写的内容。"))
    return redirect("recuperation:trip_incidents", trip_id=trip.pk)
