"""Reading the working-day calendar.

The rule functions (:func:`is_working_day`, :func:`add_working_days`, :func:`working_days_between`) are what
other modules call to compute deadlines in working days; they need no actor (the calendar is public
knowledge) and read each year's overrides through the in-process cache (:mod:`gonghui.workdays.cache`).
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from gonghui.authz import access
from gonghui.workdays import cache
from gonghui.workdays.models import CalendarDay, DayKind
from gonghui.workdays.permissions import VIEW_CALENDAR

# A stretch this long without a single working day means the calendar data is broken.
MAX_DAYS_WITHOUT_WORK = 60

DAY_SORTS = {
    "date": "date",
    "-date": "-date",
    "kind": "kind",
    "-kind": "-kind",
    "name": "name",
    "-name": "-name",
    "source": "source",
    "-source": "-source",
}


def _load_year(year: int) -> dict[date, str]:
    rows = CalendarDay.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    return dict(rows.values_list("date", "kind"))


def year_overrides(year: int) -> Mapping[date, str]:
    """``{date: kind}`` for the override rows of ``year`` (cached in-process)."""
    return cache.get_year(year, _load_year)


class _Calendar:
    """Looks up days across years, loading each year at most once per call."""

    def __init__(self) -> None:
        self._years: dict[int, Mapping[date, str]] = {}

    def is_working_day(self, d: date) -> bool:
        overrides = self._years.get(d.year)
        if overrides is None:
            overrides = self._years[d.year] = year_overrides(d.year)
        kind = overrides.get(d)
        if kind is None:
            return d.weekday() < 5
        return kind == DayKind.WORKDAY


def is_working_day(d: date) -> bool:
    """Monday to Friday, unless the calendar says the date is a holiday; a make-up ``workday`` row makes a
    weekend date a working day."""
    return _Calendar().is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself is not counted).

    ``n == 0`` gives ``start`` when it is a working day, else the next working day. A deadline of
    "5 working days" for something that starts on ``start`` is ``add_working_days(start, 5)``.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    cal = _Calendar()
    day = start
    if n == 0:
        idle = 0
        while not cal.is_working_day(day):
            day += timedelta(days=1)
            idle += 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                raise RuntimeError(f"no working day within {MAX_DAYS_WITHOUT_WORK} days after {start}")
        return day
    remaining = n
    idle = 0
    while remaining:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            remaining -= 1
            idle = 0
        else:
            idle += 1
            if idle > MAX_DAYS_WITHOUT_WORK:
                raise RuntimeError(f"no working day within {MAX_DAYS_WITHOUT_WORK} days after {day}")
    return day


def working_days_between(a: date, b: date) -> int:
    """The number of working days ``d`` with ``a < d <= b`` (negative when ``b`` is before ``a``).

    So ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 1``.
    """
    if b < a:
        return -working_days_between(b, a)
    cal = _Calendar()
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count


def calendar_year(year: int) -> list[CalendarDay]:
    """The override rows of ``year``, in date order."""
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))


def calendar_day_list(*, actor: access.Actor, year: int) -> QuerySet[CalendarDay]:
    """The override rows of ``year`` for the console and the API: any staff member may read the calendar."""
    if not access.check_anywhere(actor, VIEW_CALENDAR):
        raise access.Forbidden
    return CalendarDay.objects.filter(date__year=year).select_related("updated_by").order_by("date")


def calendar_day_get(*, actor: access.Actor, day: date) -> CalendarDay:
    if not access.check_anywhere(actor, VIEW_CALENDAR):
        raise access.Forbidden
    try:
        return CalendarDay.objects.select_related("updated_by").get(date=day)
    except CalendarDay.DoesNotExist:
        raise access.NotVisible from None


# -- the month grid of the console page ------------------------------------------------------------------


@dataclass(frozen=True)
class GridDay:
    date: date
    in_month: bool
    css: str  # "holiday", "workday", "weekend" or ""
    name: str

    @property
    def is_working(self) -> bool:
        return self.css in ("workday", "")


@dataclass(frozen=True)
class GridMonth:
    month: int
    weeks: list[list[GridDay]]


def year_grid(year: int, rows: list[CalendarDay] | None = None) -> list[GridMonth]:
    """Twelve month tables (weeks from Monday) with each day classed holiday / workday / weekend."""
    by_date = {row.date: row for row in (rows if rows is not None else calendar_year(year))}
    cal = pycalendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            cells = []
            for d in week:
                row = by_date.get(d) if d.month == month else None
                if row is not None:
                    css, name = row.kind, row.name
                elif d.weekday() >= 5:
                    css, name = "weekend", ""
                else:
                    css, name = "", ""
                cells.append(GridDay(date=d, in_month=d.month == month, css=css, name=name))
            weeks.append(cells)
        months.append(GridMonth(month=month, weeks=weeks))
    return months
