"""Console pages of the audit log, over ``audit.selectors``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.audit.forms import EventFilterForm
from gonghui.audit.labels import action_choices, event_rows
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.audit.selectors import audit_event_get, audit_event_list, audit_unit_search
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.decorators import staff_required

EVENT_SORTS = {"-at": "-id", "at": "id"}


@staff_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if not access.check_anywhere(actor, VIEW_EVENTS):
        raise access.Forbidden(_("您没有执行此操作的权限。"))
    form = EventFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    unit_q = (filters.get("unit_q") or "").strip()
    matches = audit_unit_search(actor=actor, q=unit_q) if unit_q and not filters.get("unit") else []
    qs = audit_event_list(
        actor=actor,
        unit_id=filters.get("unit"),
        unit_ids=[hit.unit.pk for hit in matches] if unit_q and not filters.get("unit") else None,
        action=(filters.get("action") or "").strip(),
        target_type=(filters.get("target_type") or "").strip(),
        actor_query=(filters.get("actor") or "").strip(),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    listing = paginate(request, qs, sorts=EVENT_SORTS, default_sort="-at")
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "listing": listing,
            "rows": event_rows(listing.object_list),
            "action_choices": action_choices(),
            "unit_matches": matches,
        },
    )


@staff_required
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = audit_event_get(actor=request.user, event_id=event_id)
    row = event_rows([event])[0]
    return render(request, "audit/event_detail.html", {"row": row, "event": event})
