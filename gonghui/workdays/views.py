"""Console pages of the working-day calendar: a year grid, the list of overrides, and (for managers at a
tree root) a form to set or clear one date. The forms are htmx-enhanced: an htmx POST answers with the
refreshed calendar body, a plain POST redirects back to the year page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.workdays.forms import CalendarDayClearForm, CalendarDayForm
from gonghui.workdays.models import DayKind
from gonghui.workdays.permissions import MANAGE_CALENDAR, VIEW_CALENDAR
from gonghui.workdays.selectors import DAY_SORTS, calendar_day_list, year_grid
from gonghui.workdays.services import calendar_day_clear, calendar_day_set

MIN_YEAR = 1990
MAX_YEAR = 2100


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def _year_url(request: HttpRequest, year: int) -> str:
    url = reverse("workdays:year", args=[year])
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def _context(
    request: HttpRequest,
    year: int,
    *,
    form: CalendarDayForm | None = None,
    clear_error: str = "",
    notice: str = "",
) -> dict[str, Any]:
    qs = calendar_day_list(actor=request.user, year=year)
    rows = list(qs)
    listing = paginate(request, qs, sorts=DAY_SORTS, default_sort="date")
    can_manage = access.check_at_root(access.actor_of(request), MANAGE_CALENDAR)
    if can_manage and form is None:
        form = CalendarDayForm(year=year, initial={"kind": DayKind.HOLIDAY})
    holidays = sum(1 for r in rows if r.kind == DayKind.HOLIDAY)
    return {
        "year": year,
        "prev_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "months": year_grid(year, rows),
        "listing": listing,
        "can_manage": can_manage,
        "form": form if can_manage else None,
        "clear_error": clear_error,
        "notice": notice,
        "holiday_count": holidays,
        "workday_count": len(rows) - holidays,
        "provisional": any(r.source == "provisional" for r in rows),
        "query": listing.querystring,
    }


def _respond(request: HttpRequest, year: int, **extra: Any) -> HttpResponse:
    context = _context(request, year, **extra)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "workdays/_calendar_body.html", context)
    return render(request, "workdays/year.html", context)


@staff_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    if not access.check_anywhere(access.actor_of(request), VIEW_CALENDAR):
        raise access.Forbidden
    return redirect("workdays:year", year=timezone.localdate().year)


@staff_required
def calendar_year_page(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    return render(request, "workdays/year.html", _context(request, year))


@staff_required
def calendar_day_set_view(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    access.require_at_root(access.actor_of(request), MANAGE_CALENDAR)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CalendarDayForm(request.POST, year=year)
    if form.is_valid():
        day: date = form.cleaned_data["day"]
        if attempt(
            request,
            lambda: calendar_day_set(
                actor=request.user,
                day=day,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
            ),
            form=form,
        ):
            notice = _("已保存 %(day)s 的安排。") % {"day": day.isoformat()}
            if request.htmx:  # type: ignore[attr-defined]
                return _respond(request, year, notice=notice)
            messages.success(request, notice)
            return redirect(_year_url(request, year))
    return _respond(request, year, form=form)


@staff_required
def calendar_day_clear_view(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    access.require_at_root(access.actor_of(request), MANAGE_CALENDAR)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CalendarDayClearForm(request.POST)
    error = _("请选择要清除的日期。")
    if form.is_valid():
        day: date = form.cleaned_data["day"]
        done = attempt(request, lambda: calendar_day_clear(actor=request.user, day=day), show=False)
        if done:
            notice = _("已清除 %(day)s 的安排，该日按周一至周五上班的常规执行。") % {"day": day.isoformat()}
            if request.htmx:  # type: ignore[attr-defined]
                return _respond(request, year, notice=notice)
            messages.success(request, notice)
            return redirect(_year_url(request, year))
        error = done.message
    return _respond(request, year, clear_error=error)
