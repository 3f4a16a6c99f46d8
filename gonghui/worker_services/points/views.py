"""Console pages of service points: the register (filters, sort, pages), a point's page (verify, publish, suspend,
reopen, close, photos, reports, history), create and edit, the ``.xlsx`` import (all or nothing, every bad row
named) and export (masked and audited), and the queue of problem reports with each report's page (resolve)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_phone
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import UnitFilter, bind_unit_pickers, unit_filter
from gonghui.worker_services.models import Facility, PointKind, PointStatus, ReportStatus
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points import hours, selectors, services
from gonghui.worker_services.points.attachments import PHOTO
from gonghui.worker_services.points.forms import (
    ImportForm,
    MoveForm,
    PhotoForm,
    PointCreateForm,
    PointForm,
    ResolveForm,
)

SEARCH_URL = "worker_services:point_view_unit_search"
FACILITY_LABELS = dict(Facility.choices)


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_POINTS, search_url=SEARCH_URL)


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "district": (request.GET.get("district") or "").strip()[:20],
        "q": (request.GET.get("q") or "").strip()[:50],
        "stale": request.GET.get("stale") == "1",
    }


@staff_required
def point_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_POINTS)
    picked = _unit_filter(request)
    filters = _filters(request)
    qs = selectors.point_list(actor=request.user, unit=picked.unit, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="name")
    return render(
        request,
        "worker_services/points/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "kinds": PointKind.choices,
            "statuses": PointStatus.choices,
            "districts": selectors.point_districts(actor=request.user),
            "can_manage": access.check_anywhere(request.user, MANAGE_POINTS),
        },
    )


@staff_required
@require_GET
def point_export(request: HttpRequest) -> HttpResponse:
    """The filtered register as ``.xlsx``: phones masked; audited."""
    access.require_anywhere(request.user, VIEW_POINTS)
    picked = _unit_filter(request)
    filters = _filters(request)
    rows = list(selectors.point_list(actor=request.user, unit=picked.unit, **filters)[:20000])
    book = XlsxWriter(title=_("服务阵地"))
    sheet = book.sheet(_("服务阵地"), widths=(24, 16, 30, 8, 10, 12, 12, 30, 24, 14, 10, 12, 22))
    sheet.row(
        [
            _("名称"),
            _("类型"),
            _("地址"),
            _("城市"),
            _("区县"),
            _("纬度"),
            _("经度"),
            _("开放时间"),
            _("设施"),
            _("联系电话"),
            _("状态"),
            _("最近核实日期"),
            _("所属工会"),
        ],
        bold=True,
    )
    for p in rows:
        sheet.row(
            [
                p.name,
                p.get_kind_display(),
                p.address,
                p.city,
                p.district,
                str(p.latitude),
                str(p.longitude),
                hours.describe(p.hours or {}),
                "、".join(str(FACILITY_LABELS.get(f, f)) for f in p.facilities or []),
                mask_phone(p.phone) if p.phone else "",
                p.get_status_display(),
                p.verified_on,
                p.unit.name,
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="service-points.xlsx",
        action="worker_services.points_export",
        target_type="worker_services.servicepoint",
        target_repr=_("服务阵地"),
        data={"rows": len(rows), "kind": filters["kind"], "status": filters["status"]},
    )


def _input(data: dict[str, Any]) -> services.PointInput:
    return services.PointInput(
        kind=data["kind"],
        name=data["name"],
        address=data["address"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        hours_text=data.get("hours_text", ""),
        hours_note=data.get("hours_note", ""),
        facilities=list(data.get("facilities") or []),
        phone=data.get("phone", ""),
        city=data.get("city", ""),
        district=data.get("district", ""),
        description=data.get("description", ""),
        datum=data.get("datum") or "wgs84",
    )


@staff_required
def point_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_POINTS)
    form = PointCreateForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.point_create(
                actor=request.user, unit=data["unit"], data=_input(data), published=data["published"]
            ),
            form=form,
            success=_("服务阵地已登记。"),
        )
        if done and done.value is not None:
            return redirect("worker_services:point_detail", service_point_id=done.value.pk)
    return render(request, "worker_services/points/form.html", {"form": form, "point": None})


@staff_required
def point_edit(request: HttpRequest, service_point_id: int) -> HttpResponse:
    point = selectors.point_get(actor=request.user, point_id=service_point_id)
    access.require_action(request.user, view_perm=VIEW_POINTS, perm=MANAGE_POINTS, unit=point.unit)
    initial = {
        "kind": point.kind,
        "name": point.name,
        "address": point.address,
        "city": point.city,
        "district": point.district,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "datum": "wgs84",
        "hours_text": hours.describe(point.hours or {}),
        "hours_note": point.hours_note,
        "facilities": point.facilities,
        "phone": point.phone,
        "description": point.description,
    }
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.point_update(actor=request.user, point=point, data=_input(form.cleaned_data)),
            form=form,
            success=_("服务阵地信息已保存。"),
        )
        if done:
            return redirect("worker_services:point_detail", service_point_id=point.pk)
    return render(request, "worker_services/points/form.html", {"form": form, "point": point})


@staff_required
def point_detail(request: HttpRequest, service_point_id: int) -> HttpResponse:
    point = selectors.point_get(actor=request.user, point_id=service_point_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_POINTS, perm=MANAGE_POINTS, unit=point.unit)
        action = request.POST.get("action", "")
        if action == "verify":
            attempt(request, lambda: services.point_verify(actor=request.user, point=point), success=_("已核实。"))
        elif action in ("publish", "unpublish"):
            attempt(
                request,
                lambda: services.point_publish(actor=request.user, point=point, published=action == "publish"),
                success=_("已在门户公开。") if action == "publish" else _("已停止在门户公开。"),
            )
        elif action in ("suspend", "reopen", "close"):
            move = MoveForm(request.POST)
            reason = move.cleaned_data["reason"] if move.is_valid() else ""
            attempt(
                request,
                lambda: services.point_move(actor=request.user, point=point, action=action, reason=reason),
                success=_("状态已更新。"),
            )
        elif action == "photos":
            photos = PhotoForm(request.POST, request.FILES)
            if photos.is_valid():
                attach_each(request, owner=point, uploads=photos.cleaned_data["uploads"], purpose=PHOTO)
        return redirect("worker_services:point_detail", service_point_id=point.pk)
    manage = services.can_manage(request.user, point)
    return render(
        request,
        "worker_services/points/detail.html",
        {
            "p": point,
            "hours_rows": hours.rows(point.hours or {}),
            "facilities": [FACILITY_LABELS.get(f, f) for f in point.facilities or []],
            "open_now": selectors.open_now(point),
            "events": [(e, services.EVENT_LABELS.get(e.action, e.action)) for e in selectors.point_events(point)],
            "reports": list(selectors.report_list(actor=request.user, point=point)[:20]),
            "files": attachment_list(actor=request.user, owner=point),
            "can_manage": manage,
            "actions": [a for a in ("suspend", "reopen", "close") if services.POINT.allows(point.status, a)],
            "photo_form": PhotoForm(),
            "move_form": MoveForm(),
            "public": services.is_public(point),
        },
    )


@staff_required
def point_import(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_POINTS)
    form = ImportForm(request.POST or None, request.FILES or None)
    bind_unit_pickers(form, request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.point_import(
                actor=request.user, unit=data["unit"], upload=data["upload"], published=data["published"]
            ),
            form=form,
        )
        if done and done.value is not None:
            if done.value.errors:
                errors = done.value.errors
            else:
                from django.contrib import messages

                messages.success(request, _("已导入 %(n)d 个服务阵地。") % {"n": done.value.created})
                return redirect("worker_services:point_list")
    return render(
        request,
        "worker_services/points/import.html",
        {"form": form, "errors": errors, "headers": services.IMPORT_HEADERS},
    )


@staff_required
@require_GET
def point_import_template(request: HttpRequest) -> HttpResponse:
    """An empty import workbook with the header row and one example."""
    access.require_anywhere(request.user, MANAGE_POINTS)
    book = XlsxWriter(title=_("服务阵地导入模板"))
    sheet = book.sheet(_("服务阵地"), widths=(24, 14, 30, 12, 12, 10, 8, 30, 24, 14, 10, 20))
    sheet.row(list(services.IMPORT_HEADERS), bold=True)
    sheet.row(
        [
            "文三路爱心驿站",
            "爱心驿站",
            "杭州市西湖区文三路 100 号",
            "30.276800",
            "120.131500",
            "西湖区",
            "杭州",
            "每天 07:00-21:00",
            "饮用水、手机充电、休息区、微波炉",
            "0571-88000000",
            "WGS-84",
            "",
        ]
    )
    response = HttpResponse(
        book.to_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="service-points-template.xlsx"'
    return response


# --- problem reports ----------------------------------------------------------------------------------------------


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_POINTS)
    picked = _unit_filter(request)
    status = request.GET.get("status", "")
    qs = selectors.report_list(actor=request.user, status=status, unit=picked.unit)
    listing = paginate(request, qs, sorts=selectors.REPORT_SORTS, default_sort="-created")
    return render(
        request,
        "worker_services/points/report_list.html",
        {"listing": listing, "status": status, "statuses": ReportStatus.choices, "unit_filter": picked},
    )


@staff_required
def report_detail(request: HttpRequest, point_report_id: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, report_id=point_report_id)
    form = ResolveForm(request.POST or None)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_POINTS, perm=MANAGE_POINTS, unit=report.point.unit)
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.report_resolve(actor=request.user, report=report, note=form.cleaned_data["note"]),
                form=form,
                success=_("已处理，反映人可以看到处理说明。"),
            )
            if done:
                return redirect("worker_services:point_report_detail", point_report_id=report.pk)
    return render(
        request,
        "worker_services/points/report_detail.html",
        {
            "r": report,
            "form": form,
            "events": [(e, services.EVENT_LABELS.get(e.action, e.action)) for e in selectors.report_events(report)],
            "files": attachment_list(actor=request.user, owner=report),
            "can_manage": services.can_manage(request.user, report.point),
            "reporter": mask_phone(report.reporter.phone) if report.reporter.phone else report.reporter.name,
        },
    )
