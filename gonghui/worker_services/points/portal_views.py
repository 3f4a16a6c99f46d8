"""Member portal pages of service points, open to anyone (the points are public): the map page (the nearest points
to ``?lat=&lon=`` drawn as a plain SVG around the position with a scale; without a position, the list by city and
district; the browser's geolocation sorts the offline data in the page), the public points as JSON (what the
service worker keeps for offline use), the service worker itself, and a point's page. Signed-in workers report a
problem with a point (with photos) and follow their reports."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.worker_services.models import Facility, PointKind, PointReport
from gonghui.worker_services.points import geo, hours, selectors, services
from gonghui.worker_services.points.attachments import PHOTO
from gonghui.worker_services.points.forms import ReportForm, new_request_key

LOGIN = "portal:login"
FACILITY_LABELS = dict(Facility.choices)
MAP_SIZE = 320  # the SVG's side in its own units (it scales to the phone's width)
MAP_SHOWN = 10
SCALE_STEPS_M = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    rank: int
    name: str
    pk: int


@dataclass(frozen=True)
class MapView:
    """A plain vector view around the position: points projected (equirectangular, north up) so that the farthest
    shown fits, the position at the centre, and a scale bar of a round length."""

    dots: list[Dot]
    centre: float
    scale_px: float
    scale_label: str


def map_view(lat: float, lon: float, near: list[selectors.Near]) -> MapView | None:
    shown = near[:MAP_SHOWN]
    if not shown:
        return None
    half = MAP_SIZE / 2
    reach = max(max(n.distance_m for n in shown), 100.0) * 1.15
    px_per_m = (half - 16) / reach
    cos_lat = math.cos(math.radians(lat))
    dots = []
    for rank, n in enumerate(shown, start=1):
        dx = math.radians(float(n.point.longitude) - lon) * cos_lat * geo.EARTH_RADIUS_M
        dy = math.radians(float(n.point.latitude) - lat) * geo.EARTH_RADIUS_M
        dots.append(Dot(round(half + dx * px_per_m, 1), round(half - dy * px_per_m, 1), rank, n.point.name, n.point.pk))
    target = reach / 3
    step = max([s for s in SCALE_STEPS_M if s <= target] or [SCALE_STEPS_M[0]])
    return MapView(
        dots=dots, centre=half, scale_px=round(step * px_per_m, 1), scale_label=selectors.distance_label(step)
    )


@require_GET
def point_map(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in PointKind.values else ""
    position = geo.valid_position(request.GET.get("lat"), request.GET.get("lon"))
    city = (request.GET.get("city") or "").strip()[:20]
    district = (request.GET.get("district") or "").strip()[:20]
    context: dict[str, object] = {
        "kinds": PointKind.choices,
        "kind": kind,
        "city": city,
        "district": district,
        "places": selectors.public_places(),
        "position": position,
        "facility_labels": FACILITY_LABELS,
    }
    if position is not None:
        near = selectors.nearest_points(lat=position[0], lon=position[1], kind=kind)
        context["near"] = [(n, selectors.open_now(n.point)) for n in near]
        context["map"] = map_view(position[0], position[1], near)
    else:
        listing = paginate(request, selectors.public_points(kind=kind, city=city, district=district), per_page=30)
        context["listing"] = listing
        context["rows"] = [(p, selectors.open_now(p)) for p in listing.page]
    return render(request, "worker_services/points/portal_map.html", context)


@require_GET
def point_data(request: HttpRequest) -> JsonResponse:
    """Every public point as JSON: what the service worker keeps so that the map page works without a signal."""
    rows = [selectors.public_data(p) for p in selectors.public_points()[:5000]]
    facilities = {code: str(label) for code, label in Facility.choices}
    response = JsonResponse({"points": rows, "facilities": facilities}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker of the points pages: served from ``/services/points/`` so that its scope covers them."""
    response = render(
        request, "worker_services/points/sw.js", {"version": "points-v1"}, content_type="application/javascript"
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def point_detail(request: HttpRequest, service_point_id: int) -> HttpResponse:
    point = selectors.public_point_get(point_id=service_point_id)
    signed_in = request.user.is_authenticated
    return render(
        request,
        "worker_services/points/portal_detail.html",
        {
            "p": point,
            "hours_rows": hours.rows(point.hours or {}),
            "facilities": [FACILITY_LABELS.get(f, f) for f in point.facilities or []],
            "open_now": selectors.open_now(point),
            "files": attachment_list(actor=request.user, owner=point) if signed_in else [],
            "geo_uri": f"geo:{point.latitude},{point.longitude}?q={point.latitude},{point.longitude}",
        },
    )


def _add_photos(request: HttpRequest, report: PointReport, uploads: list[UploadedFile]) -> None:
    attach_each(request, owner=report, uploads=uploads, purpose=PHOTO, success=None)


@login_required(login_url=LOGIN)
def report_new(request: HttpRequest, service_point_id: int) -> HttpResponse:
    point = selectors.public_point_get(point_id=service_point_id)
    form = ReportForm(request.POST or None, request.FILES or None, initial={"request_key": new_request_key()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads") or []
        done = attempt(
            request,
            lambda: services.report_submit(actor=request.user, point=point, **data),
            form=form,
            success=lambda result: _("已收到您的反映，工会将尽快处理。") if result[1] else _("这条反映已经提交过了。"),
        )
        if done and done.value is not None:
            report, created = done.value
            if created:
                _add_photos(request, report, uploads)
            return redirect("worker_services_portal:point_report_detail", point_report_id=report.pk)
    return render(request, "worker_services/points/portal_report_new.html", {"p": point, "form": form})


@login_required(login_url=LOGIN)
def my_reports(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_reports(actor=request.user)[:50])
    return render(request, "worker_services/points/portal_reports.html", {"reports": rows})


@login_required(login_url=LOGIN)
def report_detail(request: HttpRequest, point_report_id: int) -> HttpResponse:
    report = selectors.my_report(actor=request.user, report_id=point_report_id)
    if report is None:
        staff_view = selectors.report_get(actor=request.user, report_id=point_report_id)
        return redirect("worker_services:point_report_detail", point_report_id=staff_view.pk)
    return render(
        request,
        "worker_services/points/portal_report_detail.html",
        {"r": report, "files": attachment_list(actor=request.user, owner=report)},
    )
