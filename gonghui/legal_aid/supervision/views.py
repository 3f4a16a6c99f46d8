"""Console pages of labour-law supervision: the notices (filters, the overdue ones, sort, pages, ``.xlsx`` audited),
a new notice, a notice's page (reply, follow-ups, referral, closure, history) and its printable form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.legal_aid.cases.views import invalid
from gonghui.legal_aid.models import NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.legal_aid.supervision import selectors, services
from gonghui.legal_aid.supervision.forms import CloseForm, FollowUpForm, NoticeForm, ReferForm, ReplyForm
from gonghui.orgs.picker import bind_unit_pickers, unit_filter


def _filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    return {
        "status": get.get("status", "") if get.get("status", "") in NoticeStatus.values else "",
        "q": (get.get("q") or "").strip()[:50],
        "overdue": get.get("overdue") == "1",
        "year": int_param(get.get("year") or "", min_value=2000, max_value=2100),
    }


def _unit_filter(request: HttpRequest) -> Any:
    return unit_filter(request, perm=VIEW_SUPERVISION, search_url="legal_aid:notice_unit_search")


@staff_required
def notice_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_SUPERVISION)
    picked = _unit_filter(request)
    filters = _filters(request)
    qs = selectors.notice_list(actor=request.user, unit=picked.unit, **filters)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-issued")
    return render(
        request,
        "legal_aid/supervision/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": NoticeStatus.choices,
            "can_issue": access.check_anywhere(request.user, ISSUE_NOTICES),
        },
    )


@staff_required
@require_GET
def notice_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_SUPERVISION)
    picked = _unit_filter(request)
    filters = _filters(request)
    rows = list(selectors.notice_list(actor=request.user, unit=picked.unit, **filters)[:20000])
    book = XlsxWriter(title=_("劳动法律监督意见书"))
    sheet = book.sheet(_("劳动法律监督意见书"), widths=(14, 20, 28, 20, 12, 12, 12, 12, 10))
    sheet.row(
        [
            _("文书编号"),
            _("发出工会"),
            _("用人单位"),
            _("统一社会信用代码"),
            _("发出日期"),
            _("回复期限"),
            _("回复日期"),
            _("结案日期"),
            _("状态"),
        ],
        bold=True,
    )
    for n in rows:
        sheet.row(
            [
                n.number,
                n.unit.name,
                n.employer_name,
                n.employer_credit_code,
                n.issued_on,
                n.reply_due_on,
                n.replied_on,
                n.closed_on,
                n.get_status_display(),
            ]
        )
    return audited_download(
        request,
        book.to_bytes(),
        filename="supervision-notices.xlsx",
        action="legal_aid.notices_export",
        target_type="legal_aid.supervisionnotice",
        target_repr=_("劳动法律监督意见书"),
        data={"rows": len(rows), "status": filters["status"], "unit": getattr(picked.unit, "pk", None)},
    )


@staff_required
def notice_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, ISSUE_NOTICES)
    form = NoticeForm(request.POST or None)
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        done = attempt(
            request,
            lambda: services.notice_issue(actor=request.user, unit=unit, data=services.NoticeInput(**data)),
            form=form,
            success=_("意见书已登记发出，可打印送达用人单位。"),
        )
        if done and done.value is not None:
            return redirect("legal_aid:notice_detail", notice_id=done.value.pk)
    return render(request, "legal_aid/supervision/new.html", {"form": form})


def _act(request: HttpRequest, notice: SupervisionNotice) -> None:
    actor = request.user
    actions: dict[str, Any] = {
        "reply": (ReplyForm, lambda d: services.notice_reply(actor=actor, notice=notice, **d), _("单位回复已登记。")),
        "follow_up": (
            FollowUpForm,
            lambda d: services.notice_follow_up(actor=actor, notice=notice, **d),
            _("跟踪情况已登记。"),
        ),
        "refer": (ReferForm, lambda d: services.notice_refer(actor=actor, notice=notice, **d), _("已提请处理。")),
        "close": (CloseForm, lambda d: services.notice_close(actor=actor, notice=notice, **d), _("意见书已结案。")),
    }
    action = request.POST.get("action", "")
    if action not in actions:
        messages.error(request, _("未知的操作。"))
        return
    form_class, call, success = actions[action]
    form = form_class(request.POST)
    if form.is_valid():
        attempt(request, lambda: call(form.cleaned_data), success=success)
    else:
        invalid(request, form)


@staff_required
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.notice_get(actor=request.user, notice_id=notice_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_SUPERVISION, perm=ISSUE_NOTICES, unit=notice.unit)
        _act(request, notice)
        return redirect("legal_aid:notice_detail", notice_id=notice.pk)
    return render(
        request,
        "legal_aid/supervision/detail.html",
        {
            "notice": notice,
            "can_issue": selectors.can_issue(request.user, notice),
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action), NoticeStatus(e.to_status).label)
                for e in selectors.events_of(notice)
            ],
            "reply_form": ReplyForm(),
            "follow_up_form": FollowUpForm(),
            "refer_form": ReferForm(),
            "close_form": CloseForm(),
        },
    )


@staff_required
@require_GET
def notice_print(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The notice as the employer receives it (print from the browser)."""
    notice = selectors.notice_get(actor=request.user, notice_id=notice_id)
    return render(request, "legal_aid/supervision/print.html", {"notice": notice})
