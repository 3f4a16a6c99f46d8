"""The deadline rules of a bargaining case, on the working-day calendar.

- ``working`` periods: the date ``n`` working days after the start (the start day itself is not counted), holidays
  skipped and make-up working days counted (``gonghui.workdays``).
- ``calendar`` periods: ``n`` calendar days after the start; when that day is not a working day, the deadline
  moves to the next working day (the rule for statutory periods whose last day is a holiday).
- An agreement runs ``term_months`` months from its start: it ends the day before the same day of the month
  ``term_months`` later (the 31st becomes the month's last day).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from gonghui.workdays.selectors import add_working_days

WORKING = "working"
CALENDAR = "calendar"


def due_date(start: date, amount: int, day_unit: str) -> date:
    if day_unit == WORKING:
        return add_working_days(start, amount)
    if day_unit == CALENDAR:
        return add_working_days(start + timedelta(days=amount), 0)
    raise ValueError(day_unit)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(starts_on: date, months: int) -> date:
    """The last day of an agreement of ``months`` months starting on ``starts_on``."""
    return add_months(starts_on, months) - timedelta(days=1)


def vote_passes(votes_for: int, total: int, share: Decimal) -> bool:
    """More than ``share`` of ALL ``total`` (representatives or staff), strictly; never with nobody."""
    return total > 0 and Fraction(votes_for) > Fraction(total) * Fraction(share)
