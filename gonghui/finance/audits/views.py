"""Console pages of the funds audit (``finance:audit_*``): audits in scope, the dashboard of overdue
rectification, planning, an audit's page (papers, findings, rectification orders, replies with evidence, the
auditor's decision), the printable report and its ``.xlsx``. Papers' files and evidence are the kernel's private
attachments (``gonghui.finance.audits.attachments``), served by ``attachments:file``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.finance.audits import selectors, services
from gonghui.finance.audits.attachments import PAPER_OPEN_STATUSES
from gonghui.finance.audits.exports import audit_workbook
from gonghui.finance.audits.forms import (
    AuditFilterForm,
    AuditPlanForm,
    DecisionForm,
    FindingForm,
    PaperForm,
    RectificationForm,
    ReplyForm,
    TransitionForm,
)
from gonghui.finance.models import FundsAudit
from gonghui.finance.permissions import MANAGE_AUDIT
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT

SORTS = {
    "year": "year",
    "-year": "-year",
    "unit": "audited_unit__name",
    "-unit": "-audited_unit__name",
    "status": "status",
    "-status": "-status",
}


def _int(value: object) -> int:
    """A posted id, or 0 (no row has it)."""
    return int_param(value) or 0


def _back(audit_id: int) -> HttpResponse:
    return redirect("finance:audit_detail", audit_id=audit_id)


@staff_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.audit_list(
        actor=request.user, status=data.get("status", ""), kind=data.get("kind", ""), q=data.get("q", "")
    )
    listing = paginate(request, qs, sorts=SORTS, default_sort="-year")
    can_plan = access.check_anywhere(request.user, MANAGE_AUDIT)
    return render(request, "finance/audits/list.html", {"filters": form, "listing": listing, "can_plan": can_plan})


@staff_required
@require_GET
def audit_dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard(actor=request.user)
    return render(request, "finance/audits/dashboard.html", {"board": board})


@staff_required
@require_http_methods(["GET", "POST"])
def audit_new(request: HttpRequest) -> HttpResponse:
    if not access.check_anywhere(request.user, MANAGE_AUDIT):
        raise access.Forbidden(_("您没有组织经费审查的权限。"))
    # the committee's own union (where the permission is granted) is chosen already when there is one
    granted = access.grant_paths(request.user, MANAGE_AUDIT)
    own = selectors.audit_units(actor=request.user).filter(path=granted[0]).first() if len(granted) == 1 else None
    if request.method == "POST":
        # A planning unit outside the actor's committee scope answers 404/403, not a form error.
        chosen = OrgUnit.objects.filter(pk=_int(request.POST.get("planning_unit"))).first()
        if chosen is not None:
            access.require_visible(request.user, VIEW_UNIT, chosen)
            access.require(request.user, MANAGE_AUDIT, chosen)
    today = timezone.localdate()
    form = AuditPlanForm(
        request.POST or None,
        actor=request.user,
        initial={
            "planning_unit": own,
            "year": today.year - 1,
            "planned_start": today,
            "planned_end": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        planned = attempt(
            request,
            lambda: services.audit_plan(actor=access.require_user(request.user), **form.cleaned_data),
            form=form,
            success=_("审计项目已立项。"),
        )
        if planned.value is not None:
            return _back(planned.value.pk)
    return render(request, "finance/audits/new.html", {"form": form})


def _audit(request: HttpRequest, audit_id: int) -> FundsAudit:
    return selectors.audit_get(actor=request.user, audit_id=audit_id)


@staff_required
@require_GET
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    detail = selectors.audit_detail(actor=request.user, audit=audit)
    can_manage = access.check(request.user, MANAGE_AUDIT, audit.planning_unit)
    can_reply = services.is_audited_side(request.user, audit)
    return render(
        request,
        "finance/audits/detail.html",
        {
            "audit": audit,
            "detail": detail,
            "can_manage": can_manage,
            "can_reply": can_reply,
            "paper_files_open": can_manage and audit.status in PAPER_OPEN_STATUSES,
            "today": timezone.localdate(),
            "transition_form": TransitionForm(),
            "paper_form": PaperForm(),
            "finding_form": FindingForm(),
            "rect_form": RectificationForm(),
            "reply_form": ReplyForm(),
            "decision_form": DecisionForm(),
        },
    )


@staff_required
@require_POST
def audit_transition(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.audit_transition(
                actor=access.require_user(request.user),
                audit=audit,
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
            ),
            success=_("审计项目状态已更新。"),
        )
    else:
        services.require_manage(request.user, audit)
        messages.error(request, _("请选择操作。"))
    return _back(audit.pk)


@staff_required
@require_POST
def audit_paper_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    services.require_manage(request.user, audit)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(audit.pk)
    attempt(
        request,
        lambda: services.paper_add(
            actor=access.require_user(request.user),
            audit=audit,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            files=form.cleaned_data["uploads"],
        ),
        success=_("工作底稿已保存。"),
    )
    return _back(audit.pk)


@staff_required
@require_POST
def audit_finding_add(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    services.require_manage(request.user, audit)
    form = FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(audit.pk)
    attempt(
        request,
        lambda: services.finding_record(actor=access.require_user(request.user), audit=audit, **form.cleaned_data),
        success=_("问题已记录。"),
    )
    return _back(audit.pk)


@staff_required
@require_POST
def rectification_issue(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_get(actor=request.user, finding_id=finding_id)
    services.require_manage(request.user, finding.audit)
    form = RectificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写整改要求。"))
        return _back(finding.audit_id)
    attempt(
        request,
        lambda: services.rectification_issue(
            actor=access.require_user(request.user),
            finding=finding,
            instructions=form.cleaned_data["instructions"],
            working_days=form.cleaned_data.get("working_days"),
        ),
        success=_("整改通知已下达。"),
    )
    return _back(finding.audit_id)


@staff_required
@require_POST
def rectification_reply(request: HttpRequest, rectification_id: int) -> HttpResponse:
    rect = selectors.rectification_get(actor=request.user, rectification_id=rectification_id)
    audit = rect.finding.audit
    services.require_reply(request.user, audit)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(audit.pk)
    attempt(
        request,
        lambda: services.rectification_reply(
            actor=access.require_user(request.user),
            rectification=rect,
            reply=form.cleaned_data["reply"],
            files=form.cleaned_data["uploads"],
        ),
        success=_("整改情况已回复，等待审计组织验收。"),
    )
    return _back(audit.pk)


@staff_required
@require_POST
def rectification_decide(request: HttpRequest, rectification_id: int) -> HttpResponse:
    rect = selectors.rectification_get(actor=request.user, rectification_id=rectification_id)
    audit = rect.finding.audit
    services.require_manage(request.user, audit)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择验收结果。"))
        return _back(audit.pk)
    attempt(
        request,
        lambda: services.rectification_decide(
            actor=access.require_user(request.user),
            rectification=rect,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
            working_days=form.cleaned_data.get("working_days"),
        ),
        success=_("验收意见已记录。"),
    )
    return _back(audit.pk)


@staff_required
@require_GET
def audit_report(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    detail = selectors.audit_detail(actor=request.user, audit=audit)
    return render(
        request, "finance/audits/report.html", {"audit": audit, "detail": detail, "today": timezone.localdate()}
    )


@staff_required
@require_GET
def audit_report_export(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    detail = selectors.audit_detail(actor=request.user, audit=audit)
    now = timezone.localtime()
    content = audit_workbook(detail, exported_by=str(request.user), exported_at=now.strftime("%Y-%m-%d %H:%M"))
    return audited_download(
        request,
        content,
        filename=f"audit-report-{audit.pk}.xlsx",
        action="finance.audit_report_export",
        target=audit,
        unit=audit.audited_unit,
    )
