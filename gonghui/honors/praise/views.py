"""Console pages of the praise wall: the moderation queue (waiting, held with the word found, by status, reported),
a post's page (text, photo, reports, moderate, feature) and the resolution of a report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.attachments.selectors import attachments_by_owner
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.honors.models import PraiseStatus
from gonghui.honors.permissions import MODERATE_PRAISE
from gonghui.honors.praise import selectors, services
from gonghui.honors.praise.forms import ModerateForm, ResolveForm

SORTS = {"created": "created_at", "-created": "-created_at"}


@staff_required
def praise_queue(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MODERATE_PRAISE)
    status = request.GET.get("status", "")
    reported = request.GET.get("reported") == "1"
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:50]
    filters = {"status": status, "reported": reported, "q": q}
    listing = paginate(
        request,
        selectors.moderation_list(actor=request.user, status=status, reported=reported, q=q),
        sorts=SORTS,
        default_sort="created",
    )
    posts, reports = selectors.waiting_counts(actor=request.user)
    return render(
        request,
        "honors/praise/queue.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": PraiseStatus.choices,
            "waiting": posts,
            "open_reports": reports,
        },
    )


@staff_required
def praise_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, post_id=post_id)
    can_moderate = access.check(request.user, MODERATE_PRAISE, post.unit)
    return render(
        request,
        "honors/praise/detail.html",
        {
            "post": post,
            "photos": attachments_by_owner([post])[post.pk],
            "reports": selectors.post_reports(post),
            "can_moderate": can_moderate,
            "moderate_form": ModerateForm(),
            "resolve_form": ResolveForm(),
        },
    )


@staff_required
@require_POST
def praise_moderate(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, post_id=post_id)
    form = ModerateForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.praise_moderate(actor=request.user, post=post, **form.cleaned_data),
            success=_("已处理。"),
        )
    else:
        messages.error(request, _("请选择审核操作。"))
    return redirect("honors:praise_detail", post_id=post.pk)


@staff_required
@require_POST
def praise_feature(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, post_id=post_id)
    featured = request.POST.get("featured") == "1"
    attempt(
        request,
        lambda: services.praise_feature(actor=request.user, post=post, featured=featured),
        success=_("已设为精选。") if featured else _("已取消精选。"),
    )
    return redirect("honors:praise_detail", post_id=post.pk)


@staff_required
@require_POST
def praise_report_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, report_id=report_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.praise_report_resolve(actor=request.user, report=report, **form.cleaned_data),
            success=_("已处理举报。"),
        )
    else:
        messages.error(request, _("请选择处理方式。"))
    return redirect("honors:praise_detail", post_id=report.post_id)
