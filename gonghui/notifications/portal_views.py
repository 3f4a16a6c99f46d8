"""The worker's messages on the portal: the inbox (newest first, paginated), a message (opening it marks it read),
mark all read, the SMS settings per category, and the unread badge fragment of the portal header."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.common.listing import paginate
from gonghui.notifications import selectors, services

LOGIN = "portal:login"
PAGE = 20


@login_required(login_url=LOGIN)
def inbox(request: HttpRequest) -> HttpResponse:
    listing = paginate(request, selectors.inbox(actor=request.user), per_page=PAGE)
    unread = selectors.unread_count(actor=request.user)
    return render(request, "notifications/inbox.html", {"listing": listing, "unread": unread})


@login_required(login_url=LOGIN)
def message(request: HttpRequest, pk: int) -> HttpResponse:
    row = services.notification_open(actor=request.user, notification_id=pk)
    safe = bool(row.url) and url_has_allowed_host_and_scheme(row.url, allowed_hosts={request.get_host()})
    return render(request, "notifications/message.html", {"message": row, "act_url": row.url if safe else ""})


@login_required(login_url=LOGIN)
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect("notifications_portal:inbox")


@login_required(login_url=LOGIN)
def settings_view(request: HttpRequest) -> HttpResponse:
    rows = selectors.preferences(actor=request.user)
    if request.method == "POST":
        # Only the categories the form showed (hidden "shown" fields) change: an empty POST changes nothing.
        shown, wanted = set(request.POST.getlist("shown")), set(request.POST.getlist("sms"))
        for row in rows:
            if row.code in shown and row.sms_allowed and (row.code in wanted) != row.sms:
                services.preference_set(actor=request.user, category=row.code, sms=row.code in wanted)
        if shown:
            messages.success(request, _("消息设置已保存。"))
        return redirect("notifications_portal:settings")
    return render(request, "notifications/settings.html", {"rows": rows})


@never_cache
@login_required(login_url=LOGIN)
def badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count (an htmx fragment; empty when nothing is unread)."""
    return render(request, "notifications/_badge.html", {"unread": selectors.unread_count(actor=request.user)})
