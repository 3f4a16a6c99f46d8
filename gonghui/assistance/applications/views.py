"""Console pages of hardship applications: the list (filter, sort, paginate, masked ``.xlsx`` export), a clerk's
application on a member's behalf, the detail with its history, the home visit (from a phone), the union's
decisions, and the audited reveal of the household's details and the decision's figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.models import User
from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import selectors, services
from gonghui.assistance.applications.forms import (
    DocumentForm,
    HouseholdForm,
    MemberPickForm,
    ReasonForm,
    VisitForm,
    document_purposes,
)
from gonghui.assistance.models import HardshipApplication, HardshipCategory, HardshipCause, HardshipStatus
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, VIEW_HARDSHIP
from gonghui.attachments.uploads import attach_each
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.masking import mask_name
from gonghui.common.sheets.writing import DATE, XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.members.models import Member
from gonghui.orgs.picker import unit_filter


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "status": request.GET.get("status", ""),
        "category": request.GET.get("category", ""),
        "cause": request.GET.get("cause", ""),
        "q": (request.GET.get("q") or "").strip()[:50],
    }


@staff_required
def hardship_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.application_list(actor=request.user, **_filters(request))
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-created")
    return render(
        request,
        "assistance/applications/list.html",
        {
            "listing": listing,
            "statuses": HardshipStatus.choices,
            "categories": HardshipCategory.choices,
            "causes": HardshipCause.choices,
            "can_manage": access.check_anywhere(request.user, MANAGE_HARDSHIP),
        },
    )


@staff_required
@require_GET
def hardship_export(request: HttpRequest) -> HttpResponse:
    """The list as ``.xlsx``: names masked, no ID numbers or income; the export is audited."""
    rows = list(selectors.application_list(actor=request.user, **_filters(request)).order_by("-created_at")[:50000])
    book = XlsxWriter()
    sheet = book.sheet(_("困难帮扶申请"))
    sheet.row([_("编号"), _("申请人"), _("所在工会"), _("致困原因"), _("认定类别"), _("状态"), _("提交日期")])
    for a in rows:
        sheet.row(
            [
                a.pk,
                mask_name(a.member.name),
                a.unit.name,
                a.get_cause_display(),
                a.get_category_display(),
                a.get_status_display(),
                timezone.localdate(a.submitted_at) if a.submitted_at else None,
            ],
            formats={6: DATE},
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="hardship-applications.xlsx",
        action="assistance.hardship_export",
        target_type="assistance.hardshipapplication",
        target_repr=_("困难帮扶申请"),
        data={"rows": len(rows), **_filters(request)},
    )


@staff_required
def hardship_new(request: HttpRequest) -> HttpResponse:
    """A clerk applies on a member's behalf: the member by number (in the clerk's scope), then the household."""
    access.require_anywhere(request.user, MANAGE_HARDSHIP)
    pick = MemberPickForm(request.GET or None)
    member = None
    if pick.is_bound and pick.is_valid():
        member = (
            access.scope(Member.objects.select_related("unit"), request.user, MANAGE_HARDSHIP)
            .filter(member_no=pick.cleaned_data["member_no"].strip())
            .first()
        )
        if member is None:
            pick.add_error("member_no", _("在您的管辖范围内没有这个会员编号。"))
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and member is not None and form.is_valid():
        done = attempt(
            request,
            lambda: services.application_create(actor=request.user, member=member, household=form.household()),
            form=form,
            success=_("申请已保存为草稿，核对后请提交。"),
        )
        if done and done.value is not None:
            return redirect("assistance:hardship_detail", hardship_id=done.value.pk)
    return render(request, "assistance/applications/new.html", {"pick": pick, "member": member, "form": form})


def upload_documents(request: HttpRequest, application: HardshipApplication) -> None:
    """The supporting documents posted for ``application`` (console or portal): one kernel call per file, a
    refused file named with the reason while the others still go in."""
    form = DocumentForm(request.POST, request.FILES, purposes=document_purposes(application))
    if not form.is_valid():
        errors = [str(e) for field in ("purpose", "uploads") for e in form.errors.get(field, [])]
        messages.error(request, " ".join(errors) or _("请选择要上传的文件。"))
        return
    purpose = form.cleaned_data["purpose"]
    attach_each(request, owner=application, uploads=form.cleaned_data["uploads"], purpose=purpose)


def _detail_context(request: HttpRequest, application: HardshipApplication) -> dict[str, object]:
    actor = request.user
    visit = selectors.visit_of(application)
    can_manage = access.check(actor, MANAGE_HARDSHIP, application.unit)
    return {
        "application": application,
        "events": selectors.application_events(application=application),
        "visit": visit,
        "visit_files": selectors.visit_documents(visit),
        "documents": selectors.application_documents(application),
        "documents_open": can_manage and application.status in documents.STAFF_OPEN,
        "document_form": DocumentForm(purposes=document_purposes(application)),
        "steps": selectors.application_steps(application),
        "missing": selectors.application_missing(application),
        "people_count": application.people.count(),
        "can_manage": can_manage,
        "can_reveal": access.check(actor, REVEAL_HARDSHIP, application.unit),
        "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}),
        "reason_form": ReasonForm(),
        "file": getattr(application, "file", None) if application.status == HardshipStatus.APPROVED else None,
    }


@staff_required
def hardship_detail(request: HttpRequest, hardship_id: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    return render(request, "assistance/applications/detail.html", _detail_context(request, application))


@staff_required
@require_POST
def hardship_reveal(request: HttpRequest, hardship_id: int) -> HttpResponse:
    """The household's ID numbers and health and the decision's figures, for ``assistance.reveal_hardship``;
    each reveal is audited."""
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    people = services.household_reveal(actor=request.user, application=application)
    context = _detail_context(request, application)
    context.update(
        {"revealed": people, "incomes": list(application.incomes.all()), "costs": list(application.costs.all())}
    )
    return render(request, "assistance/applications/detail.html", context)


@staff_required
def hardship_edit(request: HttpRequest, hardship_id: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    access.require(request.user, MANAGE_HARDSHIP, application.unit)
    if not application.is_editable:  # the form shows the declared income: only while it may still be corrected
        return redirect("assistance:hardship_detail", hardship_id=application.pk)
    form = HouseholdForm(request.POST or None, initial=HouseholdForm.initial_from(application))
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.application_update(
                actor=request.user, application=application, household=form.household()
            ),
            form=form,
            success=_("已保存。"),
        ):
            return redirect("assistance:hardship_detail", hardship_id=application.pk)
    return render(request, "assistance/applications/edit.html", {"application": application, "form": form})


@staff_required
def hardship_visit(request: HttpRequest, hardship_id: int) -> HttpResponse:
    """The home visit, recorded in the field from a phone by one of the two visitors."""
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    access.require(request.user, MANAGE_HARDSHIP, application.unit)
    form = VisitForm(request.POST or None, request.FILES or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partner = User.objects.filter(username=data["partner"].strip(), is_active=True).first()
        if partner is None:
            form.add_error("partner", _("没有这个用户名。"))
        elif attempt(
            request,
            lambda: services.visit_record(
                actor=request.user,
                application=application,
                visited_on=data["visited_on"],
                partner=partner,
                findings=data["findings"],
                income_confirmed=data["income_confirmed"],
                signed_record=data["signed_record"][0],
                photos=data["photos"],
            ),
            form=form,
            success=_("入户调查已记录。"),
        ):
            return redirect("assistance:hardship_detail", hardship_id=application.pk)
    return render(request, "assistance/applications/visit.html", {"application": application, "form": form})


@staff_required
@require_POST
def hardship_documents(request: HttpRequest, hardship_id: int) -> HttpResponse:
    """The clerk adds supporting documents (scanned at the union or photographed at the household)."""
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    access.require(request.user, MANAGE_HARDSHIP, application.unit)
    upload_documents(request, application)
    return redirect(reverse("assistance:hardship_detail", args=[application.pk]) + "#documents")


@staff_required
@require_POST
def hardship_act(request: HttpRequest, hardship_id: int) -> HttpResponse:
    application = selectors.application_get(actor=request.user, application_id=hardship_id)
    action = request.POST.get("action", "")
    version = application.version
    reason = (request.POST.get("reason") or "").replace("\x00", "").strip()  # PostgreSQL text holds no NUL
    calls = {
        "submit": (
            lambda: services.application_submit(actor=request.user, application=application, expected_version=version),
            _("申请已提交，请安排入户调查。"),
        ),
        "send": (
            lambda: services.application_send(actor=request.user, application=application, expected_version=version),
            _("已提交审核。"),
        ),
        "resubmit": (
            lambda: services.application_resubmit(
                actor=request.user, application=application, comment=reason, expected_version=version
            ),
            _("已重新提交审核。"),
        ),
        "decline": (
            lambda: services.application_decline(actor=request.user, application=application, reason=reason),
            _("已不予受理。"),
        ),
        "withdraw": (
            lambda: services.application_withdraw(actor=request.user, application=application),
            _("申请已撤回。"),
        ),
    }
    if action not in calls:
        access.require(request.user, MANAGE_HARDSHIP, application.unit)
        return redirect("assistance:hardship_detail", hardship_id=application.pk)
    call, message = calls[action]
    attempt(request, call, success=message)
    return redirect("assistance:hardship_detail", hardship_id=application.pk)


@staff_required
def hardship_visits(request: HttpRequest) -> HttpResponse:
    """The queue of applications waiting for a home visit (``?unit=``: of that unit's subtree)."""
    picked = unit_filter(request, perm=VIEW_HARDSHIP, search_url="assistance:hardship_unit_search")
    qs = selectors.visit_queue(actor=request.user, unit=picked.unit)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="submitted")
    return render(request, "assistance/applications/visits.html", {"listing": listing, "unit_filter": picked})
