"""Console pages of innovation studios: the list (filters, unit picker, search, pages, ``.xlsx``), the application,
a studio's page (its review case, history, evaluations, grants and payments, results, 名师带徒 pairs with their
progress) and its actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
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
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download, query_filters
from gonghui.honors.models import Studio, StudioGrade, StudioStatus
from gonghui.honors.permissions import APPROVE_STUDIOS, MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.honors.studios import selectors, services
from gonghui.honors.studios.forms import (
    EvaluationForm,
    GrantForm,
    PairForm,
    ProgressForm,
    ResubmitForm,
    ResultForm,
    RevokeForm,
    StudioForm,
)
from gonghui.orgs.picker import UnitFilter, unit_filter

FILTERS = ("status", "grade", "unit", "q")


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_STUDIOS, search_url="honors:studio_unit_search")


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "status": request.GET.get("status", ""),
        "grade": request.GET.get("grade", ""),
        "unit": _unit_filter(request).unit,
        "q": (request.GET.get("q") or "").replace("\x00", "").strip()[:50],
    }


def _counts(request: HttpRequest) -> list[tuple[str, str, int]]:
    found = selectors.studio_counts(actor=request.user)
    return [(value, str(label), found.get(value, 0)) for value, label in StudioStatus.choices]


@staff_required
def studio_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_STUDIOS)
    filters = _filters(request)
    listing = paginate(
        request, selectors.studio_list(actor=request.user, **filters), sorts=selectors.SORTS, default_sort="-created"
    )
    return render(
        request,
        "honors/studios/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": StudioStatus.choices,
            "grades": StudioGrade.choices,
            "unit_filter": _unit_filter(request),
            "counts": _counts(request),
            "can_manage": access.check_anywhere(request.user, MANAGE_STUDIOS),
        },
    )


@staff_required
@require_GET
def studio_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as ``.xlsx`` (leaders' names masked; audited)."""
    access.require_anywhere(request.user, VIEW_STUDIOS)
    rows = list(selectors.studio_list(actor=request.user, **_filters(request))[:20000])
    book = XlsxWriter(title=_("创新工作室"))
    sheet = book.sheet(_("创新工作室"), widths=(30, 28, 10, 20, 10, 12, 12))
    sheet.row(
        [_("工作室名称"), _("所在工会"), _("领衔人"), _("专业领域"), _("等级"), _("状态"), _("命名日期")], bold=True
    )
    for s in rows:
        sheet.row(
            [
                s.name,
                s.unit.name,
                mask_name(s.leader.member.name),
                s.field,
                s.get_grade_display(),
                s.get_status_display(),
                s.named_on.isoformat() if s.named_on else "",
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="studios.xlsx",
        action="honors.studio_export",
        target_type="honors.studio",
        target_repr=_("创新工作室"),
        data={"rows": len(rows), **query_filters(request, FILTERS)},
    )


@staff_required
def studio_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_STUDIOS)
    leaders = list(selectors.leader_choices(actor=request.user)[:500])
    by_pk = {h.pk: h for h in leaders}
    choices = [(h.pk, f"{h.member.name}（{h}，{h.year}）· {h.unit.name}") for h in leaders]
    form = StudioForm(request.POST or None, leaders=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        leader = by_pk[data.pop("leader")]
        done = attempt(
            request,
            lambda: services.studio_apply(actor=request.user, leader=leader, data=services.StudioInput(**data)),
            form=form,
            success=_("已提交申报，进入审核。"),
        )
        if done and done.value is not None:
            return redirect("honors:studio_detail", studio_id=done.value.pk)
    return render(request, "honors/studios/new.html", {"form": form, "has_leaders": bool(leaders)})


@staff_required
def studio_detail(request: HttpRequest, studio_id: int) -> HttpResponse:
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    actor = request.user
    year = timezone.localdate().year
    named = studio.status == StudioStatus.NAMED
    can_approve = named and access.check(actor, APPROVE_STUDIOS, studio.named_by or studio.unit)
    return render(
        request,
        "honors/studios/detail.html",
        {
            "studio": studio,
            "file": selectors.studio_file(studio),
            "case": selectors.studio_case(studio),
            "can_manage": named and access.check(actor, MANAGE_STUDIOS, studio.unit),
            "can_approve": can_approve,
            "can_resubmit": studio.status == StudioStatus.RETURNED and access.check(actor, MANAGE_STUDIOS, studio.unit),
            "evaluation_form": EvaluationForm(
                initial={"year": max(year - 1, studio.named_on.year if studio.named_on else year)}
            ),
            "grant_form": GrantForm(initial={"year": year}),
            "revoke_form": RevokeForm(),
            "result_form": ResultForm(initial={"year": year}),
            "pair_form": PairForm(),
            "progress_form": ProgressForm(),
            "resubmit_form": ResubmitForm(
                initial={"name": studio.name, "field": studio.field, "description": studio.description}
            ),
        },
    )


def _post(
    request: HttpRequest,
    studio_id: int,
    form_class: type[forms.Form],
    call: Callable[[Studio, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    form = form_class(request.POST)
    if form.is_valid():
        attempt(request, lambda: call(studio, form.cleaned_data), success=success)
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("honors:studio_detail", studio_id=studio.pk)


@staff_required
@require_POST
def studio_evaluate(request: HttpRequest, studio_id: int) -> HttpResponse:
    return _post(
        request,
        studio_id,
        EvaluationForm,
        lambda studio, d: services.studio_evaluate(actor=request.user, studio=studio, **d),
        _("已记录年度考核。"),
    )


@staff_required
@require_POST
def studio_grant(request: HttpRequest, studio_id: int) -> HttpResponse:
    return _post(
        request,
        studio_id,
        GrantForm,
        lambda studio, d: services.studio_grant_request(actor=request.user, studio=studio, year=d["year"]),
        _("已申请支付补助。"),
    )


@staff_required
@require_POST
def studio_revoke(request: HttpRequest, studio_id: int) -> HttpResponse:
    return _post(
        request,
        studio_id,
        RevokeForm,
        lambda studio, d: services.studio_revoke(actor=request.user, studio=studio, reason=d["reason"]),
        _("已撤销命名。"),
    )


@staff_required
@require_POST
def studio_resubmit(request: HttpRequest, studio_id: int) -> HttpResponse:
    def call(studio: Studio, d: dict[str, Any]) -> object:
        comment = d.pop("comment", "")
        data = services.StudioInput(grade=studio.grade, **d)
        return services.studio_resubmit(actor=request.user, studio=studio, data=data, comment=comment)

    return _post(request, studio_id, ResubmitForm, call, _("已重新提交审核。"))


@staff_required
@require_POST
def studio_result_add(request: HttpRequest, studio_id: int) -> HttpResponse:
    def call(studio: Studio, d: dict[str, Any]) -> object:
        d["savings"] = d.get("savings") or "0"
        return services.studio_result_add(actor=request.user, studio=studio, data=services.ResultInput(**d))

    return _post(request, studio_id, ResultForm, call, _("已登记成果。"))


@staff_required
@require_POST
def studio_pair_add(request: HttpRequest, studio_id: int) -> HttpResponse:
    def call(studio: Studio, d: dict[str, Any]) -> object:
        mentor = selectors.member_by_number(actor=request.user, number=d["mentor_no"])
        apprentice = selectors.member_by_number(actor=request.user, number=d["apprentice_no"])
        if mentor is None or apprentice is None:
            raise ValidationError(_("在您管理的范围内没有这个会员编号。"), code="member")
        return services.apprenticeship_add(
            actor=request.user,
            studio=studio,
            mentor=mentor,
            apprentice=apprentice,
            goal=d["goal"],
            started_on=d.get("started_on"),
        )

    return _post(request, studio_id, PairForm, call, _("已登记师徒结对。"))


@staff_required
@require_POST
def pair_progress(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = selectors.pair_get(actor=request.user, pair_id=pair_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.apprenticeship_progress(actor=request.user, pair=pair, **form.cleaned_data),
            success=_("已记录带徒进展。"),
        )
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("honors:studio_detail", studio_id=pair.studio_id)
