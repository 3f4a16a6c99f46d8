"""Console pages of benefits partners: the list, new, a partner's page (edit, verifiers added and removed) and the
redemptions (filter by partner and result, masked audited export)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.orgs.picker import bind_unit_pickers
from gonghui.worker_services.models import Partner, PartnerKind
from gonghui.worker_services.partners import selectors, services
from gonghui.worker_services.partners.forms import PartnerForm, PartnerNewForm, VerifierForm
from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS

STATE_LABELS = {
    "valid": gettext_lazy("有效"),
    "expired": gettext_lazy("二维码已过期"),
    "revoked": gettext_lazy("会员证已作废"),
    "invalid": gettext_lazy("无效"),
    "not_covered": gettext_lazy("非本工会会员"),
}


@staff_required
def partner_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_PARTNERS)
    filters = {"q": (request.GET.get("q") or "").strip()[:50], "kind": request.GET.get("kind", "")}
    listing = paginate(
        request,
        selectors.partner_list(actor=request.user, **filters),
        sorts={"name": "name", "-name": "-name", "from": "valid_from", "-from": "-valid_from"},
        default_sort="name",
    )
    return render(
        request,
        "worker_services/partners/list.html",
        {
            "listing": listing,
            "filters": filters,
            "kinds": PartnerKind.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_PARTNERS),
        },
    )


@staff_required
def partner_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_PARTNERS)
    form = PartnerNewForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        data = services.PartnerInput(**form.data_dict())
        done = attempt(
            request,
            lambda: services.partner_create(actor=request.user, unit=unit, data=data),
            form=form,
            success=_("商户已登记，请添加核验员。"),
        )
        if done and done.value is not None:
            return redirect("worker_services:partner_detail", partner_id=done.value.pk)
    return render(request, "worker_services/partners/form.html", {"form": form, "partner": None})


def _initial(partner: Partner) -> dict[str, Any]:
    return {name: getattr(partner, name) for name in PartnerForm.base_fields}


@staff_required
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_get(actor=request.user, partner_id=partner_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = PartnerForm(request.POST if action == "edit" else None, initial=_initial(partner))
    verifier_form = VerifierForm(request.POST if action == "verifier" else None)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_PARTNERS, perm=MANAGE_PARTNERS, unit=partner.unit)
        if action == "edit" and form.is_valid():
            data = services.PartnerInput(**form.data_dict())
            if attempt(
                request,
                lambda: services.partner_update(actor=request.user, partner=partner, data=data),
                form=form,
                success=_("已保存。"),
            ):
                return redirect("worker_services:partner_detail", partner_id=partner.pk)
        elif action == "verifier" and verifier_form.is_valid():
            if attempt(
                request,
                lambda: services.verifier_add(
                    actor=request.user,
                    partner=partner,
                    phone=verifier_form.cleaned_data["phone"],
                    name=verifier_form.cleaned_data["name"],
                ),
                form=verifier_form,
                success=_("核验员已添加，可用手机号登录职工服务平台核验会员证。"),
            ):
                return redirect("worker_services:partner_detail", partner_id=partner.pk)
    return render(
        request,
        "worker_services/partners/detail.html",
        {
            "partner": partner,
            "form": form,
            "verifier_form": verifier_form,
            "verifiers": selectors.verifier_list(partner=partner),
            "can_manage": selectors.can_manage(actor=request.user, partner=partner),
            "recent": selectors.redemption_list(actor=request.user, partner_id=partner.pk)[:20],
            "labels": STATE_LABELS,
        },
    )


@staff_required
@require_POST
def verifier_remove(request: HttpRequest, verifier_id: int) -> HttpResponse:
    verifier = selectors.verifier_get(actor=request.user, verifier_id=verifier_id)
    attempt(
        request,
        lambda: services.verifier_remove(actor=request.user, verifier=verifier),
        success=_("核验员已移除。"),
    )
    return redirect("worker_services:partner_detail", partner_id=verifier.partner_id)


def _redemption_filters(request: HttpRequest) -> dict[str, Any]:
    valid = request.GET.get("valid", "")
    return {
        "partner_id": int_param(request.GET.get("partner"), min_value=1),
        "valid": valid if valid in ("1", "0") else "",
    }


@staff_required
def redemption_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_PARTNERS)
    filters = _redemption_filters(request)
    listing = paginate(
        request,
        selectors.redemption_list(actor=request.user, **filters),
        sorts={"-at": "-at", "at": "at"},
        default_sort="-at",
    )
    return render(
        request,
        "worker_services/partners/redemptions.html",
        {"listing": listing, "filters": filters, "labels": STATE_LABELS},
    )


@staff_required
@require_GET
def redemption_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_PARTNERS)
    filters = _redemption_filters(request)
    rows = list(selectors.redemption_list(actor=request.user, **filters).order_by("-at")[:50000])
    book = XlsxWriter(creator="Gonghui", title=_("优惠核验记录"))
    sheet = book.sheet(_("优惠核验记录"), widths=(18, 24, 12, 14, 14), freeze="A2")
    sheet.row([_("核验时间"), _("商户"), _("姓名"), _("核验结果"), _("核验员")], bold=True)
    for r in rows:
        sheet.row(
            [
                r.at.strftime("%Y-%m-%d %H:%M"),
                r.partner.name,
                r.masked_name,
                str(STATE_LABELS.get(r.state, r.state)),
                r.verified_by.name,
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="redemptions.xlsx",
        action="worker_services.redemption_export",
        target_type="worker_services.redemption",
        target_repr=_("优惠核验记录"),
        data={"rows": len(rows), "partner": filters["partner_id"], "valid": filters["valid"]},
    )
