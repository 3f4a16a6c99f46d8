"""Console pages of recuperation trips: the list (filters, sort, pages), a new trip and its draft, the trip's page
(terms, the caps check with its trace, quotas down the tree with allotment and hand-back, history, publish / cancel
/ close) and the sanatoria."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import bind_unit_pickers, unit_filter
from gonghui.policy.trace import Trace
from gonghui.recuperation.booking import selectors as booking_selectors
from gonghui.recuperation.models import TripStatus
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.trips import selectors, services
from gonghui.recuperation.trips.forms import AllotForm, CancelForm, HandBackForm, SanatoriumForm, TripForm


def _filters(request: HttpRequest) -> dict[str, object]:
    return {
        "status": request.GET.get("status", ""),
        "year": int_param(request.GET.get("year") or "", min_value=2000, max_value=2100),
        "unit": unit_filter(request, perm=VIEW_RECUPERATION, search_url="recuperation:trip_unit_search").unit,
        "q": (request.GET.get("q") or "").replace("\x00", "").strip()[:50],
    }


@staff_required
def trip_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    filters = _filters(request)
    qs = selectors.trip_list(actor=request.user, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-starts")
    year = timezone.localdate().year
    return render(
        request,
        "recuperation/trips/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": TripStatus.choices,
            "years": list(range(year + 1, year - 5, -1)),
            "unit_filter": unit_filter(request, perm=VIEW_RECUPERATION, search_url="recuperation:trip_unit_search"),
            "can_manage": access.check_anywhere(request.user, MANAGE_TRIPS),
        },
    )


def _input(form: TripForm) -> services.TripInput:
    data = form.cleaned_data
    return services.TripInput(
        title=data["title"],
        destination=data["destination"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        places=data["places"],
        price_per_day=data["price_per_day"],
        booking_opens_at=data["booking_opens_at"],
        booking_closes_at=data.get("booking_closes_at"),
        handback_deadline=data.get("handback_deadline"),
        audience=tuple(data["audience"]),
        audience_units=(data["audience_unit"],) if data.get("audience_unit") else (),
        sanatorium=data.get("sanatorium"),
        itinerary=data.get("itinerary") or "",
    )


def _trip_form(request: HttpRequest, initial: dict[str, object] | None = None) -> TripForm:
    form = TripForm(request.POST or None, initial=initial)
    bind_unit_pickers(form, access.actor_of(request))
    form.fields["sanatorium"].queryset = selectors.sanatorium_list(actor=request.user)  # type: ignore[attr-defined]
    return form


@staff_required
def trip_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_TRIPS)
    form = _trip_form(request)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        done = attempt(
            request,
            lambda: services.trip_create(actor=request.user, unit=unit, data=_input(form)),
            form=form,
            success=_("线路草稿已保存，核对后发布。"),
        )
        if done and done.value is not None:
            return redirect("recuperation:trip_detail", trip_id=done.value.pk)
    return render(request, "recuperation/trips/form.html", {"form": form, "trip": None})


@staff_required
def trip_edit(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = selectors.trip_get(actor=request.user, trip_id=trip_id)
    access.require(request.user, MANAGE_TRIPS, trip.unit)
    initial = {
        "unit": trip.unit_id,
        "title": trip.title,
        "destination": trip.destination,
        "sanatorium": trip.sanatorium_id,
        "itinerary": trip.itinerary,
        "starts_on": trip.starts_on,
        "ends_on": trip.ends_on,
        "places": trip.places,
        "price_per_day": trip.price_per_day,
        "audience": trip.audience,
        "booking_opens_at": timezone.localtime(trip.booking_opens_at),
        "booking_closes_at": timezone.localtime(trip.booking_closes_at) if trip.booking_closes_at else None,
        "handback_deadline": trip.handback_deadline,
    }
    form = _trip_form(request, initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.trip_update(actor=request.user, trip=trip, data=_input(form)),
            form=form,
            success=_("线路已保存。"),
        )
        if done:
            return redirect("recuperation:trip_detail", trip_id=trip.pk)
    return render(request, "recuperation/trips/form.html", {"form": form, "trip": trip})


@staff_required
def trip_detail(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = selectors.trip_get(actor=request.user, trip_id=trip_id)
    can_manage = access.check(request.user, MANAGE_TRIPS, trip.unit)
    quotas = selectors.quotas_of(trip)
    mine = {q.pk for q in quotas if access.check(request.user, MANAGE_TRIPS, q.unit)}
    visible = [q for q in quotas if access.check(request.user, VIEW_RECUPERATION, q.unit)]
    caps_trace = Trace.from_json(trip.cap_trace)
    preview = None
    if trip.status == TripStatus.DRAFT:
        _outcome, preview = services.trip_caps(trip)
    # Each quota row the actor manages has its own two forms, with ids of their own (labels stay with their fields).
    forms_of: dict[int, tuple[AllotForm, HandBackForm]] = {}
    for q in visible:
        if q.pk in mine:
            allot = AllotForm(auto_id=f"id_allot{q.pk}_%s")
            bind_unit_pickers(allot, access.actor_of(request))
            forms_of[q.pk] = (allot, HandBackForm(auto_id=f"id_handback{q.pk}_%s"))
    return render(
        request,
        "recuperation/trips/detail.html",
        {
            "trip": trip,
            "quotas": [(q, *forms_of.get(q.pk, (None, None))) for q in visible],
            "mine": mine,
            "events": selectors.trip_events(trip),
            "caps_trace": caps_trace if caps_trace else preview,
            "is_preview": not caps_trace,
            "can_manage": can_manage,
            "cancel_form": CancelForm(),
            "counts": booking_selectors.trip_counts(trip),
            "handback_deadline": services.handback_deadline(trip),
            "can_book": access.check_anywhere(request.user, BOOK_FOR_MEMBERS) and trip.status == TripStatus.PUBLISHED,
        },
    )


@staff_required
@require_POST
def trip_action(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = selectors.trip_get(actor=request.user, trip_id=trip_id)
    action = request.POST.get("action", "")
    if action == "publish":
        attempt(request, lambda: services.trip_publish(actor=request.user, trip=trip), success=_("线路已发布。"))
    elif action == "cancel":
        form = CancelForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        attempt(
            request,
            lambda: services.trip_cancel(actor=request.user, trip=trip, reason=reason),
            success=_("线路已取消，已有的预订一并取消。"),
        )
    elif action == "close":
        attempt(request, lambda: services.trip_close(actor=request.user, trip=trip), success=_("线路已办结。"))
    else:
        messages.error(request, _("未知的操作。"))
    return redirect("recuperation:trip_detail", trip_id=trip.pk)


@staff_required
@require_POST
def quota_allot(request: HttpRequest, quota_id: int) -> HttpResponse:
    quota = selectors.quota_get(actor=request.user, quota_id=quota_id)
    form = AllotForm(request.POST)
    bind_unit_pickers(form, access.actor_of(request))
    if form.is_valid():
        unit, places = form.cleaned_data["unit"], form.cleaned_data["places"]
        attempt(
            request,
            lambda: services.quota_allot(actor=request.user, source=quota, unit=unit, places=places),
            success=_("名额已分配。"),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("recuperation:trip_detail", trip_id=quota.trip_id)


@staff_required
@require_POST
def quota_hand_back(request: HttpRequest, quota_id: int) -> HttpResponse:
    quota = selectors.quota_get(actor=request.user, quota_id=quota_id)
    form = HandBackForm(request.POST)
    if form.is_valid():
        places = form.cleaned_data["places"]
        attempt(
            request,
            lambda: services.quota_hand_back(actor=request.user, quota=quota, places=places),
            success=_("名额已退回上级。"),
        )
    else:
        messages.error(request, _("请填写退回的名额。"))
    return redirect("recuperation:trip_detail", trip_id=quota.trip_id)


@staff_required
def sanatorium_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RECUPERATION)
    listing = paginate(request, selectors.sanatorium_list(actor=request.user))
    form = None
    if access.check_anywhere(request.user, MANAGE_TRIPS):
        form = SanatoriumForm(request.POST or None)
        bind_unit_pickers(form, access.actor_of(request))
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            unit = data.pop("unit")
            done = attempt(
                request,
                lambda: services.sanatorium_create(
                    actor=request.user, unit=unit, data=services.SanatoriumInput(**data)
                ),
                form=form,
                success=_("疗休养基地已登记。"),
            )
            if done:
                return redirect("recuperation:sanatorium_list")
    elif request.method == "POST":
        access.require_anywhere(request.user, MANAGE_TRIPS)
    return render(request, "recuperation/trips/sanatoria.html", {"listing": listing, "form": form})
