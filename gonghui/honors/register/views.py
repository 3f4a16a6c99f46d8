"""Console pages of the register: the list (filters, unit picker, search, sort, pages, masked ``.xlsx``), add a
title, a person's page (their titles, revoke, links to their check-ups and trips) and the ``.xlsx`` import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XLSX_TYPE, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.honors.models import HonorLevel, HonorTitle
from gonghui.honors.permissions import MANAGE_HONOREES, VIEW_HONOREES
from gonghui.honors.register import selectors, services
from gonghui.honors.register.forms import HonoreeForm, ImportForm, RevokeForm
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_HONOREES, search_url="honors:honoree_unit_search")


def _filters(request: HttpRequest) -> dict[str, object]:
    return {
        "title": request.GET.get("title", ""),
        "level": request.GET.get("level", ""),
        "year": int_param(request.GET.get("year") or "", min_value=1950, max_value=2100),
        "unit": _unit_filter(request).unit,
        "q": (request.GET.get("q") or "").replace("\x00", "").strip()[:50],
        "revoked": request.GET.get("revoked") == "1",
    }


@staff_required
def honoree_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_HONOREES)
    filters = _filters(request)
    qs = selectors.honoree_list(actor=request.user, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-year")
    return render(
        request,
        "honors/register/list.html",
        {
            "listing": listing,
            "filters": filters,
            "titles": HonorTitle.choices,
            "levels": HonorLevel.choices,
            "years": selectors.years(timezone.localdate().year),
            "unit_filter": _unit_filter(request),
            "can_manage": access.check_anywhere(request.user, MANAGE_HONOREES),
        },
    )


@staff_required
@require_GET
def honoree_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as ``.xlsx``: names masked, no ID number (audited)."""
    access.require_anywhere(request.user, VIEW_HONOREES)
    filters = _filters(request)
    rows = list(selectors.honoree_list(actor=request.user, **filters)[:20000])  # type: ignore[arg-type]
    book = XlsxWriter(title=_("劳模工匠名录"))
    sheet = book.sheet(_("劳模工匠名录"), widths=(10, 28, 14, 10, 10, 24, 16, 12))
    sheet.row(
        [
            _("姓名"),
            _("所在工会"),
            _("荣誉称号"),
            _("级别"),
            _("授予年度"),
            _("授予机关"),
            _("证书编号"),
            _("撤销日期"),
        ],
        bold=True,
    )
    for h in rows:
        sheet.row(
            [
                mask_name(h.member.name),
                h.unit.name,
                h.get_title_display(),
                h.get_level_display(),
                h.year,
                h.conferred_by,
                h.certificate_no,
                h.revoked_on,
            ]
        )
    unit = filters["unit"]
    services.honoree_export_record(
        actor=request.user,
        rows=len(rows),
        filters={
            "title": filters["title"],
            "level": filters["level"],
            "year": filters["year"],
            "unit": getattr(unit, "pk", None),
        },
    )
    response = HttpResponse(book.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="honorees.xlsx"'
    return response


@staff_required
def honoree_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_HONOREES)
    form = HonoreeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = selectors.honoree_member_find(actor=request.user, perm=MANAGE_HONOREES, key=data.pop("member_no"))
        if member is None:
            form.add_error("member_no", _("在您管理的范围内没有这个会员编号。"))
        else:
            done = attempt(
                request,
                lambda: services.honoree_add(actor=request.user, member=member, data=services.HonorInput(**data)),
                form=form,
                success=_("已登记。"),
            )
            if done and done.value is not None:
                return redirect("honors:honoree_detail", honoree_id=done.value.pk)
    return render(request, "honors/register/new.html", {"form": form})


@staff_required
def honoree_detail(request: HttpRequest, honoree_id: int) -> HttpResponse:
    honoree = selectors.honoree_get(actor=request.user, honoree_id=honoree_id)
    titles = [
        t for t in selectors.person_titles(honoree.member_id) if access.check(request.user, VIEW_HONOREES, t.unit)
    ]
    return render(
        request,
        "honors/register/detail.html",
        {
            "honoree": honoree,
            "member": honoree.member,
            "titles": titles,
            "revoke_form": RevokeForm(),
            "can_manage": access.check(request.user, MANAGE_HONOREES, honoree.unit),
        },
    )


@staff_required
@require_POST
def honoree_revoke(request: HttpRequest, honoree_id: int) -> HttpResponse:
    honoree = selectors.honoree_get(actor=request.user, honoree_id=honoree_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.honoree_revoke(actor=request.user, honoree=honoree, reason=reason),
        success=_("已撤销。"),
    )
    return redirect("honors:honoree_detail", honoree_id=honoree.pk)


@staff_required
def honoree_import(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_HONOREES)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.honoree_import(actor=request.user, upload=form.cleaned_data["upload"])
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        else:
            messages.success(
                request,
                _("已导入 %(created)d 条，%(skipped)d 条此前已登记。")
                % {"created": result.created, "skipped": result.skipped},
            )
            return redirect("honors:honoree_list")
    return render(
        request,
        "honors/register/import.html",
        {"form": form, "errors": errors, "headers": services.IMPORT_HEADERS},
    )
