"""Console pages of employee directors and supervisors: the list (by role, in office, ending soon, ended), a new
seat, a seat's page (its reports to the sessions, ending early, the history)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.congress.directors import selectors, services
from gonghui.congress.directors.forms import EndForm, ReportForm, SeatForm
from gonghui.congress.directors.policies import SEAT_REMINDER_DAYS
from gonghui.congress.models import BoardRole
from gonghui.congress.permissions import MANAGE_BOARD_SEATS, VIEW_CONGRESS
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import UnitFilter, unit_filter


def _unit_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_CONGRESS, search_url="congress:seat_unit_search")


@staff_required
def seat_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_CONGRESS)
    filters: dict[str, Any] = {
        "role": request.GET.get("role", ""),
        "state": request.GET.get("state", ""),
        "unit": _unit_filter(request).unit,
    }
    qs = selectors.seat_list(
        actor=request.user, today=timezone.localdate(), soon_days=int(SEAT_REMINDER_DAYS.default), **filters
    )
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="ends")
    return render(
        request,
        "congress/directors/list.html",
        {
            "listing": listing,
            "filters": filters,
            "roles": BoardRole.choices,
            "today": timezone.localdate(),
            "unit_filter": _unit_filter(request),
            "can_add": access.check_anywhere(request.user, MANAGE_BOARD_SEATS),
        },
    )


@staff_required
def seat_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_BOARD_SEATS)
    form = SeatForm(
        request.POST or None,
        congresses=selectors.congresses_for(actor=request.user),
        sessions=selectors.sessions_for(actor=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        congress = data.pop("congress")
        member = selectors.member_in(actor=request.user, congress=congress, member_no=data.pop("member_no"))
        if member is None:
            form.add_error("member_no", _("本单位工会没有这个会员编号。"))
        else:
            done = attempt(
                request,
                lambda: services.seat_create(actor=request.user, congress=congress, member=member, **data),
                form=form,
                success=_("已登记。"),
            )
            if done and done.value is not None:
                return redirect("congress:seat_detail", seat_id=done.value.pk)
    return render(request, "congress/directors/new.html", {"form": form})


@staff_required
def seat_detail(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat = selectors.seat_get(actor=request.user, seat_id=seat_id)
    sessions = selectors.sessions_of(seat.congress)
    if request.method == "POST":
        access.require(request.user, MANAGE_BOARD_SEATS, seat.congress.unit)
        action = request.POST.get("action", "")
        if action == "report":
            form = ReportForm(request.POST, sessions=sessions)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.seat_report(actor=request.user, seat=seat, **form.cleaned_data),
                    success=_("述职已登记。"),
                )
            else:
                _invalid(request, form)
        elif action == "end":
            end = EndForm(request.POST)
            if end.is_valid():
                attempt(
                    request,
                    lambda: services.seat_end(
                        actor=request.user,
                        seat=seat,
                        ended_on=end.cleaned_data["ended_on"],
                        reason=end.cleaned_data["end_reason"],
                    ),
                    success=_("已提前终止。"),
                )
            else:
                _invalid(request, end)
        return redirect("congress:seat_detail", seat_id=seat.pk)
    today = timezone.localdate()
    return render(
        request,
        "congress/directors/detail.html",
        {
            "seat": seat,
            "reports": selectors.seat_reports(seat),
            "history_rows": selectors.seat_history(actor=request.user, seat=seat),
            "in_office": seat.ended_early_on is None and seat.ends_on >= today,
            "can_manage": access.check(request.user, MANAGE_BOARD_SEATS, seat.congress.unit),
            "report_form": ReportForm(sessions=sessions),
            "end_form": EndForm(initial={"ended_on": today}),
        },
    )


def _invalid(request: HttpRequest, form: ReportForm | EndForm) -> None:
    parts = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    ]
    messages.error(request, "；".join(parts) or _("请检查填写的内容。"))
