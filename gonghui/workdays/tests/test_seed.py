from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gonghui.audit.models import AuditEvent
from gonghui.workdays.models import CalendarDay, DayKind, DaySource
from gonghui.workdays.services import (
    PROVISIONAL_NOTE,
    SeedUnavailable,
    calendar_day_clear,
    calendar_day_set,
    seed_calendar,
    seedable_years,
)
from gonghui.workdays.tests.factories import calendar_admin

pytestmark = pytest.mark.django_db


def _rows(year: int) -> list[tuple]:
    return list(
        CalendarDay.objects.filter(date__year=year)
        .order_by("date")
        .values_list("date", "kind", "name", "note", "source")
    )


def test_seed_2026_loads_the_official_arrangement():
    result = seed_calendar(2026)
    assert result.source == DaySource.OFFICIAL
    rows = {r.date: r for r in CalendarDay.objects.filter(date__year=2026)}
    national = [date(2026, 10, d) for d in range(1, 8)]
    assert all(rows[d].kind == DayKind.HOLIDAY and rows[d].name == "国庆节" for d in national)
    # Saturday 3 and Sunday 4 October fall on a weekend and still have rows, to show in the calendar.
    assert rows[date(2026, 10, 3)].source == DaySource.OFFICIAL
    assert rows[date(2026, 9, 20)].kind == DayKind.WORKDAY
    assert rows[date(2026, 10, 10)].kind == DayKind.WORKDAY
    assert rows[date(2026, 4, 5)].name == "清明节"
    assert rows[date(2026, 6, 19)].name == "端午节"
    assert rows[date(2026, 9, 25)].name == "中秋节"
    assert rows[date(2026, 2, 17)].name == "春节"
    # Ordinary weekends get no rows.
    assert date(2026, 10, 17) not in rows
    assert len(rows) == 39


def test_seed_names_a_combined_national_day_and_mid_autumn_holiday():
    seed_calendar(2025)
    names = set(CalendarDay.objects.filter(date__range=(date(2025, 10, 1), date(2025, 10, 8))).values_list("name"))
    assert names == {("国庆节、中秋节",)}
    assert CalendarDay.objects.get(date=date(2025, 9, 28)).name == "国庆节、中秋节"
    assert CalendarDay.objects.get(date=date(2025, 1, 28)).name == "春节"


def test_seed_is_idempotent():
    first = seed_calendar(2026)
    assert first.created
    before = _rows(2026)
    events = AuditEvent.objects.count()
    again = seed_calendar(2026)
    assert again.unchanged
    assert _rows(2026) == before
    assert AuditEvent.objects.count() == events


def test_seed_never_overwrites_a_staff_row(world):
    admin = calendar_admin(world)
    seed_calendar(2026)
    # Staff decide that 8 October is a day off in their region, and edit an official date.
    calendar_day_set(actor=admin, day=date(2026, 10, 7), kind=DayKind.WORKDAY, name="本地调整")
    calendar_day_set(actor=admin, day=date(2026, 10, 8), kind=DayKind.HOLIDAY, name="本地假日")
    # The published arrangement changes (e.g. a new package release): the seeder applies it again.
    CalendarDay.objects.filter(date=date(2026, 10, 6)).update(name="旧名称")
    from gonghui.workdays.models import CalendarSeed

    CalendarSeed.objects.filter(year=2026).update(digest="outdated")
    result = seed_calendar(2026)
    assert not result.unchanged
    assert date(2026, 10, 7) in result.kept_staff
    assert date(2026, 10, 6) in result.updated
    assert CalendarDay.objects.get(date=date(2026, 10, 7)).name == "本地调整"
    assert CalendarDay.objects.get(date=date(2026, 10, 7)).kind == DayKind.WORKDAY
    assert CalendarDay.objects.get(date=date(2026, 10, 8)).source == DaySource.STAFF
    assert CalendarDay.objects.get(date=date(2026, 10, 6)).name == "国庆节"


def test_a_date_staff_cleared_stays_cleared_when_the_seeder_runs_again(world):
    admin = calendar_admin(world)
    seed_calendar(2026)
    calendar_day_clear(actor=admin, day=date(2026, 10, 10))
    assert seed_calendar(2026).unchanged
    assert not CalendarDay.objects.filter(date=date(2026, 10, 10)).exists()


def test_seed_2027_is_provisional_statutory_days_only():
    result = seed_calendar(2027)
    assert result.source == DaySource.PROVISIONAL
    rows = {r.date: r for r in CalendarDay.objects.filter(date__year=2027)}
    expected = {
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 4, 5),
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    }
    assert set(rows) == expected
    assert all(r.kind == DayKind.HOLIDAY for r in rows.values())
    assert all(r.source == DaySource.PROVISIONAL and r.note == PROVISIONAL_NOTE for r in rows.values())
    assert rows[date(2027, 2, 5)].name == "春节"


def test_official_data_replaces_provisional_rows_but_keeps_staff_rows(world, monkeypatch):
    admin = calendar_admin(world)
    seed_calendar(2027)
    calendar_day_set(actor=admin, day=date(2027, 10, 2), kind=DayKind.HOLIDAY, name="国庆节", note="已核对")
    official = {
        date(2027, 1, 1): (DayKind.HOLIDAY, "元旦", ""),
        date(2027, 10, 1): (DayKind.HOLIDAY, "国庆节", ""),
        date(2027, 10, 9): (DayKind.WORKDAY, "国庆节", ""),
    }
    monkeypatch.setattr("gonghui.workdays.services._official", lambda year: official if year == 2027 else None)
    result = seed_calendar(2027)
    assert result.source == DaySource.OFFICIAL
    sources = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "source"))
    assert sources == {
        date(2027, 1, 1): DaySource.OFFICIAL,
        date(2027, 10, 1): DaySource.OFFICIAL,
        date(2027, 10, 2): DaySource.STAFF,
        date(2027, 10, 9): DaySource.OFFICIAL,
    }


def test_seed_refuses_a_year_without_data():
    with pytest.raises(SeedUnavailable):
        seed_calendar(2031)
    assert 2026 in seedable_years()
    assert 2027 in seedable_years()


def test_seed_calendar_command():
    out = StringIO()
    call_command("seed_calendar", "--year", "2026", "--year", "2027", stdout=out)
    text = out.getvalue()
    assert "2026" in text
    assert "待国务院办公厅公布后核对" in text
    out = StringIO()
    call_command("seed_calendar", "--year", "2026", stdout=out)
    assert "无变化" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_calendar", "--year", "2031", stdout=StringIO(), stderr=StringIO())


def test_seed_calendar_command_defaults_to_this_year_and_the_next(settings):
    out = StringIO()
    call_command("seed_calendar", stdout=out, stderr=StringIO())
    assert CalendarDay.objects.exists()
