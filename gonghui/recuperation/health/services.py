"""Model workers' yearly health check-ups (劳模体检).

- **Hospitals**: a union registers its partner hospitals with a daily capacity (``recuperation.manage_checkups``).
- **Booking**: a clerk books the check-ups of the honorees of their subtree for a year: all not yet booked at once
  (:func:`checkups_book_all`: spread over the hospital's working days from a first day, each day within the
  hospital's capacity, counting what is already booked there), or one by one (:func:`checkup_book`). Idempotent: a
  request key (a double click or a retry finds the same check-ups) and one check-up per person and year (a partial
  unique index: two clerks booking the same people at the same time book each person once).
- **The worker** sees their booking on the portal and may ask to move the day (:func:`checkup_request_change`);
  the clerk reschedules (:func:`checkup_reschedule`, within capacity).
- **Results** (:func:`checkup_record_results`): a few structured values and a summary, encrypted together
  (``common.crypto``); only the flag ``abnormal`` is plain, for reminders. Abnormal results set a follow-up due
  date (policy ``recuperation.follow_up_days`` after the check-up day); :func:`checkups_remind_follow_ups` (a
  recurring job) reminds the worker through the notification centre (inbox and SMS after commit, no health data in
  the message) until the follow-up is recorded (:func:`checkup_record_follow_up`), at most once a week; the clerk
  sees them on the console home.
- **Reveal** (:func:`checkup_reveal`): the results, for holders of ``recuperation.reveal_checkup`` at the
  honoree's union, audited; the worker sees their own.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.masking import mask_name
from gonghui.honors.models import Honoree
from gonghui.honors.register.selectors import current_honorees
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.recuperation.health.policies import FOLLOW_UP_DAYS
from gonghui.recuperation.models import Checkup, CheckupStatus, Hospital
from gonghui.recuperation.permissions import MANAGE_CHECKUPS, REVEAL_CHECKUP, VIEW_RECUPERATION
from gonghui.workdays.selectors import is_working_day

log = logging.getLogger("gonghui.recuperation")

FOLLOW_UP_CATEGORY = "recuperation.health"
CATEGORIES = [
    Category(
        FOLLOW_UP_CATEGORY,
        gettext_lazy("体检复查提醒"),
        gettext_lazy("劳模工匠体检结果需要复查时的提醒（不含体检结果）"),
        sms_default=True,
        order=41,
    ),
]

RESULTS_AAD = b"recuperation.checkup.results"
FOLLOW_UP_AAD = b"recuperation.checkup.follow_up"
HORIZON_DAYS = 366
REMIND_EVERY = timedelta(days=7)
REMIND_AHEAD = timedelta(days=7)
LIVE = (CheckupStatus.BOOKED, CheckupStatus.DONE, CheckupStatus.MISSED)


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _repr(checkup: Checkup) -> str:
    return f"{checkup.year} {mask_name(checkup.member.name)}"


# --- hospitals ----------------------------------------------------------------------------------------------------


def hospital_create(
    *, actor: Actor, unit: OrgUnit, name: str, daily_capacity: int, address: str = "", phone: str = ""
) -> Hospital:
    """Register a partner hospital of ``unit``."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=unit)
    name = _text(name, field="name", label=_("医院名称"), limit=120, required=True)
    address = _text(address, field="address", label=_("地址"), limit=200)
    phone = _text(phone, field="phone", label=_("联系电话"), limit=20)
    if not 1 <= int(daily_capacity) <= 2000:
        raise ValidationError({"daily_capacity": _("每日接待人数须在 1 至 2000 之间。")}, code="capacity")
    with transaction.atomic():
        hospital = Hospital.objects.create(
            unit=unit, name=name, address=address, phone=phone, daily_capacity=int(daily_capacity)
        )
        audit_record(
            actor=actor,
            action="recuperation.hospital_create",
            target=hospital,
            target_repr=hospital.name,
            unit=unit,
            data={"daily_capacity": hospital.daily_capacity},
        )
    return hospital


def _usable_hospital(actor: Actor, hospital: Hospital, unit: OrgUnit) -> None:
    """A hospital registered by the honoree's union or one above it (a federation's contract serves its tree)."""
    if not hospital.active:
        raise ValidationError({"hospital": _("该医院已停用。")}, code="hospital")
    if not unit.path.startswith(hospital.unit.path):
        raise ValidationError({"hospital": _("该医院不是本级或上级工会的签约医院。")}, code="hospital")


# --- booking ------------------------------------------------------------------------------------------------------


def _load(hospital: Hospital, first: date, last: date) -> dict[date, int]:
    return {
        row["day"]: row["n"]
        for row in Checkup.objects.filter(hospital=hospital, day__gte=first, day__lte=last)
        .exclude(status=CheckupStatus.CANCELLED)
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    }


def _days_with_room(hospital: Hospital, first: date, wanted: int) -> list[date]:
    """``wanted`` slots from ``first`` on the hospital's working days, each day within its capacity."""
    last = first + timedelta(days=HORIZON_DAYS)
    load = _load(hospital, first, last)
    slots: list[date] = []
    day = first
    while len(slots) < wanted and day <= last:
        if is_working_day(day):
            room = hospital.daily_capacity - load.get(day, 0)
            slots.extend([day] * max(0, min(room, wanted - len(slots))))
        day += timedelta(days=1)
    return slots


def _check_day(day: date) -> None:
    if day <= timezone.localdate():
        raise ValidationError({"day": _("体检日期须晚于今天。")}, code="day")
    if not is_working_day(day):
        raise ValidationError({"day": _("体检日期须为工作日。")}, code="day")


def _clean_key(request_key: str) -> str:
    key = "".join((request_key or "").split())[:80]
    if not key:
        raise ValidationError(_("缺少请求编号，请刷新页面后重试。"), code="request_key")
    return key


def checkup_book(*, actor: Actor, honoree: Honoree, hospital: Hospital, day: date, request_key: str) -> Checkup:
    """Book one honoree's check-up this year on ``day`` (within the hospital's capacity). The same request key
    returns the same check-up; a person booked already this year is refused."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=honoree.unit)
    user = access.require_user(actor)
    key = f"one:{_clean_key(request_key)}"
    found = Checkup.objects.filter(request_key=key).first()
    if found is not None:
        return found
    if honoree.revoked_on is not None:
        raise ValidationError(_("这项荣誉已撤销。"), code="revoked")
    _usable_hospital(actor, hospital, honoree.unit)
    _check_day(day)
    year = day.year
    with transaction.atomic():
        hospital = Hospital.objects.select_for_update().get(pk=hospital.pk)
        if _load(hospital, day, day).get(day, 0) >= hospital.daily_capacity:
            raise ValidationError({"day": _("该医院当天已约满，请另选日期。")}, code="full")
        if (
            Checkup.objects.filter(member_id=honoree.member_id, year=year)
            .exclude(status=CheckupStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError(_("此人今年已预约体检。"), code="duplicate")
        try:
            with transaction.atomic():
                checkup = Checkup.objects.create(
                    honoree=honoree,
                    member_id=honoree.member_id,
                    unit=honoree.unit,
                    year=year,
                    hospital=hospital,
                    day=day,
                    request_key=key,
                    booked_by=user,
                )
        except IntegrityError:
            found = Checkup.objects.filter(request_key=key).first()
            if found is not None:
                return found
            raise ValidationError(_("此人今年已预约体检。"), code="duplicate") from None
        checkup = Checkup.objects.select_related("member").get(pk=checkup.pk)
        audit_record(
            actor=actor,
            action="recuperation.checkup_book",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
            data={"hospital": hospital.pk, "day": day.isoformat()},
        )
    return checkup


@dataclass(frozen=True)
class BulkResult:
    booked: int
    already: int  # people booked this year before
    unplaced: int  # no room within the horizon
    days: list[date] = field(default_factory=list)


def checkups_book_all(
    *, actor: Actor, unit: OrgUnit, hospital: Hospital, first_day: date, request_key: str
) -> BulkResult:
    """Book every current honoree of ``unit``'s subtree not yet booked in ``first_day``'s year, spread over the
    hospital's working days from ``first_day`` within its daily capacity. The hospital row is locked (two bulk
    bookings at one hospital take turns); each person's key is ``<request key>:<member>`` and the insert skips
    conflicts (a person booked meanwhile elsewhere, a retry), so running it twice books nobody twice."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=unit)
    user = access.require_user(actor)
    key = f"bulk:{_clean_key(request_key)}"
    _usable_hospital(actor, hospital, unit)
    _check_day(first_day)
    year = first_day.year
    with transaction.atomic():
        hospital = Hospital.objects.select_for_update().get(pk=hospital.pk)
        honorees = list(
            access.scope(current_honorees(unit_path=unit.path), actor, MANAGE_CHECKUPS).order_by("member_id", "pk")
        )
        booked_people = set(
            Checkup.objects.filter(member_id__in={h.member_id for h in honorees}, year=year)
            .exclude(status=CheckupStatus.CANCELLED)
            .values_list("member_id", flat=True)
        )
        people: dict[int, Honoree] = {}
        for h in honorees:
            if h.member_id not in booked_people:
                people.setdefault(h.member_id, h)
        todo = list(people.values())
        slots = [d for d in _days_with_room(hospital, first_day, len(todo)) if d.year == year]
        rows = [
            Checkup(
                honoree=h,
                member_id=h.member_id,
                unit_id=h.unit_id,
                year=year,
                hospital=hospital,
                day=day,
                request_key=f"{key}:{h.member_id}",
                booked_by=user,
            )
            for h, day in zip(todo, slots, strict=False)
        ]
        Checkup.objects.bulk_create(rows, ignore_conflicts=True)
        created = Checkup.objects.filter(request_key__in=[r.request_key for r in rows]).count()
        audit_record(
            actor=actor,
            action="recuperation.checkup_book_all",
            target=hospital,
            target_repr=hospital.name,
            unit=unit,
            data={"year": year, "booked": created, "already": len(booked_people), "unplaced": len(todo) - len(rows)},
        )
    return BulkResult(
        booked=created,
        already=len({h.member_id for h in honorees} & booked_people),
        unplaced=len(todo) - len(rows),
        days=sorted(set(slots)),
    )


def _lock(checkup: Checkup) -> Checkup:
    return (
        Checkup.objects.select_for_update(of=("self",)).select_related("member", "unit", "hospital").get(pk=checkup.pk)
    )


def checkup_request_change(*, actor: Actor, checkup: Checkup, day: date, reason: str = "") -> Checkup:
    """The worker asks to move their booked check-up to ``day`` (the clerk decides)."""
    if checkup.member.user_id is None or not access.is_self(actor, checkup.member.user_id):
        raise access.NotVisible()
    reason = _text(reason, field="reason", label=_("改约原因"), limit=200)
    _check_day(day)
    if day.year != checkup.year:
        raise ValidationError({"day": _("只能改约到本年度内的日期。")}, code="day")
    with transaction.atomic():
        checkup = _lock(checkup)
        if checkup.status != CheckupStatus.BOOKED:
            raise ValidationError(_("体检已完成或已取消，不能改约。"), code="stale")
        checkup.change_requested_on, checkup.change_reason = day, reason
        checkup.save(update_fields=["change_requested_on", "change_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="recuperation.checkup_change_request",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
            data={"day": day.isoformat()},
        )
    return checkup


def checkup_reschedule(*, actor: Actor, checkup: Checkup, day: date) -> Checkup:
    """Move a booked check-up to ``day`` (the worker's request or the clerk's own), within capacity."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=checkup.unit)
    _check_day(day)
    with transaction.atomic():
        Hospital.objects.select_for_update().filter(pk=checkup.hospital_id).first()
        checkup = _lock(checkup)
        if checkup.status != CheckupStatus.BOOKED:
            raise ValidationError(_("体检已完成或已取消，不能改约。"), code="stale")
        if day.year != checkup.year:
            raise ValidationError({"day": _("只能改约到本年度内的日期。")}, code="day")
        if day != checkup.day and _load(checkup.hospital, day, day).get(day, 0) >= checkup.hospital.daily_capacity:
            raise ValidationError({"day": _("该医院当天已约满，请另选日期。")}, code="full")
        before = checkup.day
        checkup.day, checkup.change_requested_on, checkup.change_reason = day, None, ""
        checkup.save(update_fields=["day", "change_requested_on", "change_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="recuperation.checkup_reschedule",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
            before={"day": before.isoformat()},
            after={"day": day.isoformat()},
        )
    return checkup


def checkup_cancel(*, actor: Actor, checkup: Checkup) -> Checkup:
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=checkup.unit)
    with transaction.atomic():
        checkup = _lock(checkup)
        if checkup.status != CheckupStatus.BOOKED:
            raise ValidationError(_("只有已预约的体检可以取消。"), code="stale")
        checkup.status = CheckupStatus.CANCELLED
        checkup.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="recuperation.checkup_cancel",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
        )
    return checkup


# --- results ------------------------------------------------------------------------------------------------------

# The structured values recorded with a check-up: (key, label, unit, lowest, highest) accepted.
VALUES: list[tuple[str, Any, str, Decimal, Decimal]] = [
    ("systolic", gettext_lazy("收缩压"), "mmHg", Decimal(50), Decimal(260)),
    ("diastolic", gettext_lazy("舒张压"), "mmHg", Decimal(30), Decimal(160)),
    ("glucose", gettext_lazy("空腹血糖"), "mmol/L", Decimal("1.0"), Decimal("40.0")),
    ("bmi", gettext_lazy("体质指数"), "kg/m²", Decimal(10), Decimal(60)),
]


@dataclass(frozen=True)
class Results:
    values: dict[str, str]
    summary: str
    abnormal: bool
    follow_up: str = ""


def _clean_values(values: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, label, _unit, low, high in VALUES:
        raw = values.get(key)
        if raw in (None, ""):
            continue
        try:
            number = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValidationError({key: _("%(label)s须为数字。") % {"label": label}}, code="number") from None
        if not number.is_finite() or not low <= number <= high:
            raise ValidationError(
                {key: _("%(label)s须在 %(low)s 至 %(high)s 之间。") % {"label": label, "low": low, "high": high}},
                code="range",
            )
        out[key] = str(number.quantize(Decimal("0.1")))
    return out


def follow_up_days(unit: OrgUnit, on: date) -> int:
    return int(policy_get(FOLLOW_UP_DAYS.key, unit, on=on).value)


def checkup_record_results(
    *, actor: Actor, checkup: Checkup, values: dict[str, Any], summary: str, abnormal: bool
) -> Checkup:
    """The results of a check-up (done on its day): encrypted; abnormal results set the follow-up due date."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=checkup.unit)
    clean = _clean_values(values)
    summary = _text(summary, field="summary", label=_("体检结论"), limit=2000, required=True)
    with transaction.atomic():
        checkup = _lock(checkup)
        if checkup.status not in (CheckupStatus.BOOKED, CheckupStatus.DONE):
            raise ValidationError(_("已取消或未到检的体检不能登记结果。"), code="stale")
        if checkup.day > timezone.localdate():
            raise ValidationError(_("体检日期未到，不能登记结果。"), code="early")
        payload = json.dumps({"values": clean, "summary": summary}, ensure_ascii=False, sort_keys=True)
        checkup.results_cipher = crypto.encrypt(payload, associated=RESULTS_AAD)
        checkup.status = CheckupStatus.DONE
        checkup.abnormal = bool(abnormal)
        if checkup.abnormal and checkup.followed_up_on is None:
            checkup.follow_up_due = checkup.day + timedelta(days=follow_up_days(checkup.unit, checkup.day))
        elif not checkup.abnormal:
            checkup.follow_up_due = None
        checkup.save()
        audit_record(
            actor=actor,
            action="recuperation.checkup_results",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
            masked=("results",),
            data={"abnormal": checkup.abnormal},
        )
    return checkup


def checkup_record_follow_up(*, actor: Actor, checkup: Checkup, on: date, note: str) -> Checkup:
    """The follow-up of abnormal results was done on ``on`` (the note is encrypted): the reminders stop."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_CHECKUPS, unit=checkup.unit)
    note = _text(note, field="note", label=_("复查情况"), limit=2000, required=True)
    if on > timezone.localdate():
        raise ValidationError({"on": _("复查日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        checkup = _lock(checkup)
        if not checkup.abnormal or checkup.status != CheckupStatus.DONE:
            raise ValidationError(_("只有结果异常的体检需要登记复查。"), code="stale")
        if on < checkup.day:
            raise ValidationError({"on": _("复查日期不能早于体检日期。")}, code="early")
        checkup.followed_up_on = on
        checkup.follow_up_cipher = crypto.encrypt(note, associated=FOLLOW_UP_AAD)
        checkup.save(update_fields=["followed_up_on", "follow_up_cipher", "updated_at"])
        audit_record(
            actor=actor,
            action="recuperation.checkup_follow_up",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
            masked=("follow_up",),
            data={"on": on.isoformat()},
        )
    return checkup


def results_of(checkup: Checkup) -> Results | None:
    if not checkup.results_cipher:
        return None
    data = json.loads(crypto.decrypt(checkup.results_cipher, associated=RESULTS_AAD))
    follow = crypto.decrypt(checkup.follow_up_cipher, associated=FOLLOW_UP_AAD) if checkup.follow_up_cipher else ""
    return Results(
        values=data.get("values", {}), summary=data.get("summary", ""), abnormal=checkup.abnormal, follow_up=follow
    )


def checkup_reveal(*, actor: Actor, checkup: Checkup) -> Results | None:
    """The results of a check-up for staff holding ``recuperation.reveal_checkup`` at its union (audited)."""
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=REVEAL_CHECKUP, unit=checkup.unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="recuperation.checkup_reveal",
            target=checkup,
            target_repr=_repr(checkup),
            unit=checkup.unit,
        )
    return results_of(Checkup.objects.get(pk=checkup.pk))


def my_results(*, actor: Actor, checkup: Checkup) -> Results | None:
    """The worker's own results (their own data: not audited as a reveal)."""
    if checkup.member.user_id is None or not access.is_self(actor, checkup.member.user_id):
        raise access.NotVisible()
    return results_of(Checkup.objects.get(pk=checkup.pk))


# --- reminders ----------------------------------------------------------------------------------------------------


def checkups_remind_follow_ups(*, today: date | None = None) -> int:
    """A reminder (inbox, and SMS per the worker's preference) to each worker whose abnormal results' follow-up
    is due within a week or overdue and not recorded, at
    most once every seven days (``reminded_at``). The message names no result; the log names no person. Returns
    the number of reminders."""
    day = today or timezone.localdate()
    now = timezone.now()
    due = (
        Checkup.objects.filter(
            status=CheckupStatus.DONE,
            abnormal=True,
            followed_up_on__isnull=True,
            follow_up_due__lte=day + REMIND_AHEAD,
        )
        .exclude(reminded_at__gt=now - REMIND_EVERY)
        .select_related("member", "member__user")
    )
    sent = 0
    for checkup in due[:5000]:
        phone = checkup.member.phone
        with transaction.atomic():
            updated = (
                Checkup.objects.filter(pk=checkup.pk)
                .exclude(reminded_at__gt=now - REMIND_EVERY)
                .update(reminded_at=now)
            )
            if not updated or not (phone or checkup.member.user_id):
                continue
            due_day = checkup.follow_up_due.isoformat() if checkup.follow_up_due else ""
            with platform_language():
                message = _("【工会】您今年的劳模体检有需要复查的项目，请于 %(due)s 前到医院复查，并告知所在工会。") % {
                    "due": due_day
                }
                notify(
                    user=checkup.member.user,
                    category=FOLLOW_UP_CATEGORY,
                    title=_("体检复查提醒"),
                    body=_("您今年的劳模体检有需要复查的项目，请于 %(due)s 前到医院复查，并告知所在工会。")
                    % {"due": due_day},
                    url=reverse("recuperation_portal:my_checkups"),
                    key=f"recuperation.follow_up:{checkup.pk}:{now.date().isoformat()}",
                    phone=phone,
                    sms=message,
                )
            sent += 1
    log.info("check-up follow-up reminders sent: %d", sent)
    return sent
