"""Writes to the working-day calendar, and the seeder of the official arrangement.

The calendar is platform-wide: changing it needs ``workdays.manage_calendar`` at a tree root.

Seeding (:func:`seed_calendar`): the official arrangement published each year by the General Office of the
State Council (国务院办公厅关于某年部分节假日安排的通知) is loaded from the ``chinese_calendar`` package
(``source=official``). Only dates that differ from the Monday-Friday rule, plus the named days off that fall
on a weekend, get rows. A year the package does not cover yet may have a *provisional* arrangement below
(``source=provisional``, note "待国务院办公厅公布后核对"): only the statutory days off whose dates are
certain under the 2025 revision of the national holiday regulations (全国年节及纪念日放假办法), with no
make-up working days and no bridging days, because those are only known from the notice.

**Staff must reconcile provisional rows when the official notice is published** (usually in November of
the year before): either upgrade ``chinese_calendar`` and run ``manage.py seed_calendar --year Y`` (the
official arrangement then replaces the provisional rows), or enter the notice's days off and make-up
working days by hand in the console. Rows edited by staff (``source=staff``) are never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.workdays import cache
from gonghui.workdays.models import CalendarDay, CalendarSeed, DayKind, DaySource
from gonghui.workdays.permissions import MANAGE_CALENDAR

DAY_FIELDS = ("date", "kind", "name", "note", "source")

PROVISIONAL_NOTE = "待国务院办公厅公布后核对"

# ``chinese_calendar.constants.Holiday`` member names → the names used in the State Council notices.
HOLIDAY_NAMES: dict[str, str] = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "national_day": "国庆节",
    "mid_autumn_festival": "中秋节",
    "anti_fascist_70th_day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
COMBINED_NATIONAL_MID_AUTUMN = "国庆节、中秋节"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# Statutory days off of years the package does not cover yet (see the module docstring).
PROVISIONAL: dict[int, list[tuple[date, str]]] = {
    2027: [
        (date(2027, 1, 1), "元旦"),
        *((d, "春节") for d in _days(date(2027, 2, 5), date(2027, 2, 8))),  # 除夕 to 正月初三
        (date(2027, 4, 5), "清明节"),
        (date(2027, 5, 1), "劳动节"),
        (date(2027, 5, 2), "劳动节"),
        (date(2027, 6, 9), "端午节"),
        (date(2027, 9, 15), "中秋节"),
        *((d, "国庆节") for d in _days(date(2027, 10, 1), date(2027, 10, 3))),
    ],
}


class SeedUnavailable(ValueError):
    """Neither the package nor the provisional table has an arrangement for the year."""


@dataclass
class SeedResult:
    year: int
    source: str
    unchanged: bool = False
    created: list[date] = field(default_factory=list)
    updated: list[date] = field(default_factory=list)
    deleted: list[date] = field(default_factory=list)
    kept_staff: list[date] = field(default_factory=list)


# -- staff edits -----------------------------------------------------------------------------------------


def _clean_text(value: str, limit: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(_("%(label)s不能超过 %(limit)s 个字。") % {"label": label, "limit": limit})
    return value


def calendar_day_set(*, actor: access.Actor, day: date, kind: str, name: str, note: str = "") -> CalendarDay:
    """Create or change the arrangement of one date. The row becomes ``source=staff``."""
    access.require_at_root(actor, MANAGE_CALENDAR)
    if kind not in DayKind.values:
        raise ValidationError({"kind": _("请选择放假或调休上班。")})
    name = _clean_text(name, 60, _("名称"))
    note = _clean_text(note, 200, _("备注"))
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=day).first()
        before = snapshot(row, DAY_FIELDS) if row is not None else None
        if row is None:
            row = CalendarDay(date=day)
        row.kind = kind
        row.name = name
        row.note = note
        row.source = DaySource.STAFF
        row.updated_by = access.user_of(actor)
        row.save()
        audit_record(
            actor=actor,
            action="workdays.day_set",
            target=row,
            before=before,
            after=snapshot(row, DAY_FIELDS),
        )
        cache.mark_written([day.year])
    return row


def calendar_day_clear(*, actor: access.Actor, day: date) -> None:
    """Remove the arrangement of one date: it follows the Monday-Friday rule again."""
    access.require_at_root(actor, MANAGE_CALENDAR)
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(date=day).first()
        if row is None:
            raise ValidationError(_("%(day)s 没有特殊安排。") % {"day": day.isoformat()})
        before = snapshot(row, DAY_FIELDS)
        audit_record(actor=actor, action="workdays.day_clear", target=row, before=before, after=None)
        row.delete()
        cache.mark_written([day.year])


# -- seeding ---------------------------------------------------------------------------------------------

Arrangement = dict[date, tuple[str, str, str]]  # date → (kind, name, note)


def _official(year: int) -> Arrangement | None:
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    holidays = {d: Holiday(v).name for d, v in chinese_calendar.holidays.items() if d.year == year}
    workdays = {d: Holiday(v).name for d, v in chinese_calendar.workdays.items() if d.year == year}
    if not holidays:
        return None
    # Consecutive days off form one block; a block holding both National Day and Mid-Autumn Festival is
    # announced as one holiday ("国庆节、中秋节"), and so are its make-up working days.
    combined: set[date] = set()
    block: list[date] = []
    for d in sorted(holidays):
        if block and d - block[-1] != timedelta(days=1):
            block = []
        block.append(d)
        names = {holidays[x] for x in block}
        if {"national_day", "mid_autumn_festival"} <= names:
            combined.update(block)
    out: Arrangement = {}
    for d, key in holidays.items():
        name = COMBINED_NATIONAL_MID_AUTUMN if d in combined else HOLIDAY_NAMES.get(key, key)
        out[d] = (DayKind.HOLIDAY, name, "")
    for d, key in workdays.items():
        name = HOLIDAY_NAMES.get(key, key)
        if combined and key in ("national_day", "mid_autumn_festival"):
            name = COMBINED_NATIONAL_MID_AUTUMN
        out[d] = (DayKind.WORKDAY, name, "")
    return out


def published_arrangement(year: int) -> tuple[str, Arrangement]:
    """``(source, {date: (kind, name, note)})`` for ``year``, or raise :class:`SeedUnavailable`."""
    official = _official(year)
    if official:
        return DaySource.OFFICIAL, official
    if year in PROVISIONAL:
        return DaySource.PROVISIONAL, {d: (DayKind.HOLIDAY, name, PROVISIONAL_NOTE) for d, name in PROVISIONAL[year]}
    raise SeedUnavailable(_("没有 %(year)s 年的放假安排数据。") % {"year": year})


def _digest(source: str, arrangement: Arrangement) -> str:
    payload = [source, sorted((d.isoformat(), *v) for d, v in arrangement.items())]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def seed_calendar(year: int) -> SeedResult:
    """Load the published arrangement of ``year`` (no actor: a setup step, run by ``manage.py seed_calendar``
    and the demo data). Idempotent; never overwrites a row whose source is ``staff``."""
    source, wanted = published_arrangement(year)
    digest = _digest(source, wanted)
    result = SeedResult(year=year, source=source)
    with transaction.atomic():
        record = CalendarSeed.objects.select_for_update().filter(year=year).first()
        if record is not None and record.digest == digest:
            result.unchanged = True
            return result
        existing = {
            row.date: row
            for row in CalendarDay.objects.select_for_update().filter(
                date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
            )
        }
        to_create = []
        for d in sorted(wanted):
            kind, name, note = wanted[d]
            row = existing.get(d)
            if row is None:
                to_create.append(CalendarDay(date=d, kind=kind, name=name, note=note, source=source))
                result.created.append(d)
            elif row.source == DaySource.STAFF:
                result.kept_staff.append(d)
            elif (row.kind, row.name, row.note, row.source) != (kind, name, note, source):
                row.kind, row.name, row.note, row.source = kind, name, note, source
                row.save(update_fields=["kind", "name", "note", "source", "updated_at"])
                result.updated.append(d)
        CalendarDay.objects.bulk_create(to_create)
        stale = [d for d, row in existing.items() if d not in wanted and row.source != DaySource.STAFF]
        if stale:
            CalendarDay.objects.filter(date__in=stale).delete()
            result.deleted = sorted(stale)
        if record is None:
            record = CalendarSeed(year=year)
        record.source = source
        record.digest = digest
        record.save()
        audit_record(
            actor=None,
            action="workdays.calendar_seed",
            target=record,
            target_repr=str(year),
            data={
                "year": year,
                "source": source,
                "created": [d.isoformat() for d in result.created],
                "updated": [d.isoformat() for d in result.updated],
                "deleted": [d.isoformat() for d in result.deleted],
                "kept_staff": [d.isoformat() for d in result.kept_staff],
            },
        )
        cache.mark_written([year])
    return result


def seedable_years() -> list[int]:
    """Years for which :func:`seed_calendar` has data (the package's years and the provisional ones)."""
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays} | set(PROVISIONAL))
