"""Console pages of congress sessions: the list, a new session of a term, the session's page (agenda, the live
quorum, open/close voting per item with the tally and its trace, close, publish the minutes) and the sign-in desk
(the member card's QR code scanned or pasted, or a tick on the list). A secret item's page shows counts only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.congress.congresses import selectors as congress_selectors
from gonghui.congress.congresses.views import invalid
from gonghui.congress.models import AgendaItem, CongressSession, Representative, SessionStatus
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.sessions import selectors, services
from gonghui.congress.sessions.forms import CodeForm, ItemForm, MinutesForm, SessionForm
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import unit_filter
from gonghui.policy.trace import Trace


@staff_required
def session_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    picked = unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:congress_unit_search")
    filters = {"status": request.GET.get("status", ""), "q": (request.GET.get("q") or "").strip()[:50]}
    qs = selectors.session_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-held")
    return render(
        request,
        "congress/sessions/list.html",
        {"listing": listing, "filters": filters, "unit_filter": picked, "statuses": SessionStatus.choices},
    )


@staff_required
def session_new(request: HttpRequest, term_id: int) -> HttpResponse:
    term = congress_selectors.term_get(actor=request.user, term_id=term_id)
    access.require_action(request.user, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=term.congress.unit)
    next_number = CongressSession.objects.filter(term=term).count() + 1
    form = SessionForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.session_create(actor=request.user, term=term, **form.cleaned_data),
            form=form,
            success=_("会议已建立，请添加议程。"),
        )
        if done and done.value is not None:
            return redirect("congress:session_detail", session_id=done.value.pk)
    return render(request, "congress/sessions/new.html", {"form": form, "term": term})


def _item(session: CongressSession, value: object) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=int_param(value, min_value=1) or 0, session=session).first()
    if item is None:
        raise access.NotVisible
    item.session = session
    return item


def _session_action(request: HttpRequest, session: CongressSession) -> None:
    actor = request.user
    action = request.POST.get("action", "")
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=session.term.congress.unit)
    if action == "item":
        form = ItemForm(request.POST)
        if not form.is_valid():
            return invalid(request, form)
        attempt(
            request,
            lambda: services.item_add(actor=actor, session=session, **form.cleaned_data),
            success=_("议题已添加。"),
        )
    elif action == "open":
        attempt(
            request, lambda: services.session_open(actor=actor, session=session), success=_("会议已开幕，可以签到。")
        )
    elif action == "close":
        attempt(request, lambda: services.session_close(actor=actor, session=session), success=_("会议已闭会。"))
    elif action == "item_open":
        item = _item(session, request.POST.get("item"))
        attempt(request, lambda: services.item_open(actor=actor, item=item), success=_("表决已开始。"))
    elif action == "item_close":
        item = _item(session, request.POST.get("item"))
        attempt(request, lambda: services.item_close(actor=actor, item=item), success=_("表决已结束，计票完成。"))
    elif action == "publish":
        minutes = MinutesForm(request.POST)
        if not minutes.is_valid():
            return invalid(request, minutes)
        attempt(
            request,
            lambda: services.session_publish(actor=actor, session=session, minutes=minutes.cleaned_data["minutes"]),
            success=_("会议纪要和决议已向职工公布。"),
        )
    return None


@staff_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id)
    if request.method == "POST":
        _session_action(request, session)
        return redirect("congress:session_detail", session_id=session.pk)
    items = selectors.items(session)
    return render(
        request,
        "congress/sessions/detail.html",
        {
            "session": session,
            "items": [(i, Trace.from_json(i.tally_trace)) for i in items],
            "quorum": services.quorum_state(session),
            "composition": congress_selectors.term_composition(session.term),
            "can_manage": access.check(request.user, MANAGE_CONGRESS, session.term.congress.unit),
            "item_form": ItemForm(),
            "minutes_form": MinutesForm(initial={"minutes": session.minutes}),
        },
    )


@staff_required
@require_GET
def session_quorum(request: HttpRequest, session_id: int) -> HttpResponse:
    """The live quorum (polled by the session page and the sign-in desk)."""
    session = selectors.session_get(actor=request.user, session_id=session_id)
    return render(
        request, "congress/sessions/_quorum.html", {"session": session, "quorum": services.quorum_state(session)}
    )


@staff_required
def session_sign_in(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(actor=request.user, session_id=session_id)
    form = CodeForm(request.POST or None) if request.POST.get("action") == "code" else CodeForm()
    if request.method == "POST":
        access.require_action(
            request.user, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=session.term.congress.unit
        )
        if request.POST.get("action") == "code":
            if form.is_valid():
                done = attempt(
                    request,
                    lambda: services.attendance_by_code(
                        actor=request.user, session=session, code=form.cleaned_data["code"]
                    ),
                    form=form,
                    success=lambda a: _("%(name)s 已签到。") % {"name": a.representative.member.name},
                )
                if done:
                    return redirect("congress:session_sign_in", session_id=session.pk)
        elif request.POST.get("action") == "list":
            rep = (
                Representative.objects.select_related("member")
                .filter(pk=int_param(request.POST.get("rep"), min_value=1) or 0, term_id=session.term_id)
                .first()
            )
            if rep is None:
                raise access.NotVisible
            attempt(
                request,
                lambda: services.attendance_sign(actor=request.user, session=session, rep=rep),
                success=_("%(name)s 已签到。") % {"name": rep.member.name},
            )
            return redirect("congress:session_sign_in", session_id=session.pk)
    return render(
        request,
        "congress/sessions/sign_in.html",
        {
            "session": session,
            "form": form,
            "rows": selectors.attendance_rows(session),
            "quorum": services.quorum_state(session),
            "can_manage": access.check(request.user, MANAGE_CONGRESS, session.term.congress.unit),
        },
    )
