from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.workdays.models import CalendarDay, DayKind, DaySource
from gonghui.workdays.permissions import MANAGE_CALENDAR
from gonghui.workdays.services import calendar_day_clear, calendar_day_set, seed_calendar
from gonghui.workdays.tests.factories import calendar_admin

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 8)


def _state(_world):
    return list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source"))


def test_calendar_day_set_matrix(world):
    # The calendar is platform-wide: only holders at a tree root (the province) may change it.
    service_matrix(
        world,
        MANAGE_CALENDAR,
        act=lambda actor, w: calendar_day_set(actor=actor, day=DAY, kind=DayKind.HOLIDAY, name="测试"),
        state=_state,
        allowed=("ancestor",),
    )


def test_calendar_day_clear_matrix(world):
    seed_calendar(2026)
    service_matrix(
        world,
        MANAGE_CALENDAR,
        act=lambda actor, w: calendar_day_clear(actor=actor, day=date(2026, 10, 1)),
        state=_state,
        allowed=("ancestor",),
    )


def test_set_creates_then_changes_a_row_and_audits_both(world):
    admin = calendar_admin(world)
    before = AuditEvent.objects.count()
    row = calendar_day_set(actor=admin, day=DAY, kind=DayKind.HOLIDAY, name=" 本地假日 ", note="市政府通知")
    assert (row.kind, row.name, row.note, row.source, row.updated_by) == (
        DayKind.HOLIDAY,
        "本地假日",
        "市政府通知",
        DaySource.STAFF,
        admin,
    )
    calendar_day_set(actor=admin, day=DAY, kind=DayKind.WORKDAY, name="")
    assert CalendarDay.objects.get(date=DAY).kind == DayKind.WORKDAY
    assert AuditEvent.objects.count() == before + 2
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    assert last.action == "workdays.day_set"
    assert last.changes["kind"] == ["holiday", "workday"]


def test_set_changing_an_official_row_makes_it_a_staff_row(world):
    admin = calendar_admin(world)
    seed_calendar(2026)
    calendar_day_set(actor=admin, day=date(2026, 10, 1), kind=DayKind.HOLIDAY, name="国庆节", note="核对无误")
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).source == DaySource.STAFF


@pytest.mark.parametrize(
    ("kind", "name", "note"),
    [("bogus", "x", ""), (DayKind.HOLIDAY, "名" * 61, ""), (DayKind.HOLIDAY, "x", "注" * 201)],
)
def test_set_validates(world, kind, name, note):
    admin = calendar_admin(world)
    with pytest.raises(ValidationError):
        calendar_day_set(actor=admin, day=DAY, kind=kind, name=name, note=note)
    assert not CalendarDay.objects.exists()


def test_clear_removes_the_row_and_audits(world):
    admin = calendar_admin(world)
    calendar_day_set(actor=admin, day=DAY, kind=DayKind.HOLIDAY, name="x")
    calendar_day_clear(actor=admin, day=DAY)
    assert not CalendarDay.objects.filter(date=DAY).exists()
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    assert last.action == "workdays.day_clear"


def test_clear_of_a_date_without_row_is_refused(world):
    admin = calendar_admin(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        calendar_day_clear(actor=admin, day=DAY)
    assert AuditEvent.objects.count() == events
