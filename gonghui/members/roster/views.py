"""Console pages of the member roster. Thin: parse, call one selector or service, render.

ID numbers and phones are shown masked; the full ID number is fetched on demand (htmx POST, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.listing import DEFAULT_PER_PAGE, MAX_PER_PAGE, paginate, sort_param
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.members.models import Member
from gonghui.members.permissions import MANAGE_MEMBER, REVEAL_ID_NUMBER, VIEW_MEMBER
from gonghui.members.roster import selectors, services
from gonghui.members.roster.forms import MemberFilterForm, MemberForm, StatusForm, UnflagForm
from gonghui.orgs.models import OrgUnit

FORM_METHODS = ["GET", "POST"]
LIST_SORTS = selectors.SORTS


def _member_for(actor: Actor, member_id: int, perm: str) -> Member:
    """The member of an action page: 404 when not visible, 403 when visible but ``perm`` is missing."""
    member = selectors.member_get(actor=actor, member_id=member_id)
    access.require(actor, perm, member.unit)
    return member


def _require_unit(actor: Actor, raw: str) -> None:
    """A posted union outside the actor's scope is 404, visible without the manage permission 403."""
    unit_id = int_param(raw)
    if unit_id is None:
        return
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise access.NotVisible
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=unit)


# --- list ------------------------------------------------------------------------------------------------------


def _listing(request: HttpRequest, *, flagged: bool | None = None) -> tuple[MemberFilterForm, Any]:
    actor = request.user
    form = MemberFilterForm(request.GET or None, actor=actor)
    filters = form.filters() if form.is_valid() else {}
    default = "rank" if filters.get("q") else "name"
    if flagged:
        default = "name"
    sort, _order_by = sort_param(request, LIST_SORTS, default)
    # Ordered by the selector (``selectors.ordering``: rank, then pinyin, then id), not re-ordered here.
    qs = selectors.member_list(actor=actor, flagged=flagged, sort=sort, **filters)
    listing = paginate(request, qs)
    listing.sort = sort
    return form, listing


@dataclass
class QuickListing:
    """The first rows of a search-as-you-type answer: no ``COUNT(*)``, one extra row tells whether there are more."""

    object_list: list[Member]
    sort: str
    querystring: str
    has_more: bool


def _quick_listing(request: HttpRequest) -> QuickListing:
    actor = request.user
    form = MemberFilterForm(request.GET, actor=actor)
    filters = form.filters() if form.is_valid() else {}
    sort, _order_by = sort_param(request, LIST_SORTS, "rank" if filters.get("q") else "name")
    qs = selectors.member_list(actor=actor, sort=sort, **filters)
    size = max(1, min(int_param(request.GET.get("per_page", "")) or DEFAULT_PER_PAGE, MAX_PER_PAGE))
    rows = list(qs[: size + 1])
    params = request.GET.copy()
    params.pop("page", None)
    return QuickListing(object_list=rows[:size], sort=sort, querystring=params.urlencode(), has_more=len(rows) > size)


def _is_fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and request.headers.get("HX-Target") == "member-results"


@staff_required
@require_GET
@vary_on_headers("HX-Request")
def member_list(request: HttpRequest) -> HttpResponse:
    """The roster: one search box (results as you type), filters, sortable, paginated.

    The search box's htmx answer (the first page on each keystroke) counts nothing: it fetches one row more than
    it shows and links to the next page when there are more; the full page (and its pagination) counts.
    """
    access.require_anywhere(request.user, VIEW_MEMBER)
    hint = selectors.search_hint(request.GET.get("q", ""))
    if _is_fragment(request) and request.GET.get("page", "1") in {"", "1"}:
        listing = _quick_listing(request)
        return render(request, "members/roster/_results.html", {"listing": listing, "quick": True, "hint": hint})
    form, listing = _listing(request)
    context = {
        "form": form,
        "listing": listing,
        "hint": hint,
        "can_create": access.check_anywhere(request.user, MANAGE_MEMBER),
    }
    if _is_fragment(request):
        return render(request, "members/roster/_results.html", context)
    return render(request, "members/roster/list.html", context)


@staff_required
@require_GET
def member_flags(request: HttpRequest) -> HttpResponse:
    """Members flagged by the inactivity job, for a clerk to review."""
    access.require_anywhere(request.user, VIEW_MEMBER)
    form, listing = _listing(request, flagged=True)
    return render(request, "members/roster/flags.html", {"form": form, "listing": listing})


# --- create / edit ---------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(FORM_METHODS)
def member_create(request: HttpRequest) -> HttpResponse:
    actor = request.user
    access.require_anywhere(actor, MANAGE_MEMBER)
    if request.method == "POST":
        _require_unit(actor, request.POST.get("unit", ""))
    units = list(selectors.member_units(actor=actor)[:2])
    form = MemberForm(
        request.POST or None,
        actor=actor,
        # a clerk of one union has it chosen already; others search by name
        initial={"unit": units[0] if len(units) == 1 else None, "joined_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        done = attempt(
            request,
            lambda: services.member_create(actor=actor, unit=unit, **data),
            form=form,
            success=lambda member: _("已登记会员“%(name)s”。") % {"name": member.name},
        )
        if done.value is not None:
            return redirect("members:detail", member_id=done.value.pk)
    return render(request, "members/roster/form.html", {"form": form, "creating": True, "no_units": not units})


@staff_required
@require_http_methods(FORM_METHODS)
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.user
    member = _member_for(actor, member_id, MANAGE_MEMBER)
    can_change_id = access.check(actor, REVEAL_ID_NUMBER, member.unit)
    form = MemberForm(request.POST or None, member=member, can_change_id=can_change_id)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        done = attempt(
            request,
            lambda: services.member_update(actor=actor, member=member, **changes),
            form=form,
            success=_("已保存“%(name)s”的信息。") % {"name": form.cleaned_data["name"]},
        )
        if done:
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/roster/form.html", {"form": form, "creating": False, "member": member})


# --- detail and actions ----------------------------------------------------------------------------------------


@staff_required
@require_GET
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.user
    member = selectors.member_get(actor=actor, member_id=member_id)
    can_manage = access.check(actor, MANAGE_MEMBER, member.unit)
    history = list(selectors.member_history(actor=actor, member=member)[:100])
    return render(
        request,
        "members/roster/detail.html",
        {
            "member": member,
            "history": history,
            "can_manage": can_manage,
            "can_reveal": access.check(actor, REVEAL_ID_NUMBER, member.unit),
            "statuses": services.allowed_statuses(member) if can_manage else [],
        },
    )


@staff_required
@require_POST
def member_reveal_id(request: HttpRequest, member_id: int) -> HttpResponse:
    """htmx: the full ID number in place of the masked one (audited by the service)."""
    member = selectors.member_get(actor=request.user, member_id=member_id)
    number = services.member_reveal_id(actor=request.user, member=member)
    response = render(request, "members/roster/_id_revealed.html", {"number": number, "member": member})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_http_methods(FORM_METHODS)
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.user
    member = _member_for(actor, member_id, MANAGE_MEMBER)
    allowed = services.allowed_statuses(member)
    initial = {"on": timezone.localdate(), "status": request.GET.get("status") or (allowed[0] if allowed else "")}
    form = StatusForm(request.POST or None, allowed=allowed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.member_set_status(
                actor=actor, member=member, status=data["status"], on=data["on"], reason=data["reason"]
            ),
            form=form,
            success=_("已变更“%(name)s”的会员状态。") % {"name": member.name},
        )
        if done:
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/roster/status.html", {"form": form, "member": member, "allowed": allowed})


@staff_required
@require_http_methods(FORM_METHODS)
def member_unflag(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.user
    member = _member_for(actor, member_id, MANAGE_MEMBER)
    form = UnflagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        done = attempt(
            request,
            lambda: services.member_unflag(actor=actor, member=member, note=note),
            form=form,
            success=_("已取消“%(name)s”的疑似失联标记。") % {"name": member.name},
        )
        if done:
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/roster/unflag.html", {"form": form, "member": member})
