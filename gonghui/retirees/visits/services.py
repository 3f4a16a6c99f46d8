"""Visits to retirees (走访慰问): birthday, illness/hospital, festival, other.

Staff holding ``retirees.manage_visits`` at the retiree's union (or above it) plan a visit, record it as done (the
date, the visitors, notes, photos, an optional gift value) or cancel it with a reason: planned → done | cancelled,
through a state machine, each move with a ``VisitEvent`` and an audit record. A visit is held at the retiree's own
union (``unit``) so that every union above sees it.

Birthday visits for milestone birthdays are planned by a daily job (:func:`birthday_visits_plan`): for every retired
member whose birthday falls within ``retirees.birthday_days_ahead`` days and who turns one of
``retirees.birthday_milestone_ages`` that year (or any age from ``retirees.birthday_every_year_from``), a visit is
planned on the birthday, once per member and year (a conditional unique constraint: a second run, or two runs at
once, plan nothing more). The policies are read at the retiree's union on the day of the run and the records used
are kept on the visit. Birthdays come from the roster's ``birth_date`` (set from the resident ID when the member was
enrolled): no ID number is decrypted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import Member, MemberStatus
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.retirees.clubs.services import text
from gonghui.retirees.models import Visit, VisitEvent, VisitReason, VisitStatus
from gonghui.retirees.permissions import MANAGE_VISITS, VIEW_RETIREES
from gonghui.retirees.visits.policies import DAYS_AHEAD, EVERY_YEAR_FROM, MILESTONE_AGES

S = VisitStatus
VISIT = StateMachine.of_actions(
    {"done": ((S.PLANNED,), S.DONE), "cancel": ((S.PLANNED,), S.CANCELLED)},
    refusal=lambda status, action: ValidationError(
        _("走访当前为“%(status)s”，不能执行该操作。") % {"status": VisitStatus(status).label}, code="stale"
    ),
)
EVENT_LABELS = {
    "plan": gettext_lazy("安排走访"),
    "done": gettext_lazy("登记走访"),
    "cancel": gettext_lazy("取消走访"),
}


def _require_manage(actor: Actor, visit_unit: Any) -> None:
    access.require_action(actor, view_perm=VIEW_RETIREES, perm=MANAGE_VISITS, unit=visit_unit)


def _repr(visit: Visit) -> str:
    return f"走访 {visit.member.name}（{visit.get_reason_display()}）"


def _event(visit: Visit, action: str, before: str, after: str, actor: Actor | None, comment: str = "") -> None:
    VisitEvent.objects.create(
        visit=visit,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor) if actor is not None else None,
        comment=comment[:300],
    )


def _audit(actor: Actor | None, visit: Visit, action: str, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"retirees.visit_{action}",
        target=visit,
        target_repr=_repr(visit),
        unit=visit.unit,
        data=data or None,
    )


def visit_plan(*, actor: Actor, member: Member, reason: str, planned_on: date, note: str = "") -> Visit:
    """Staff plan a visit to a retired member of their scope (illness visits are planned this way)."""
    _require_manage(actor, member.unit)
    if member.status != MemberStatus.RETIRED:
        raise ValidationError({"member": _("只能为退休职工安排走访。")}, code="member")
    if reason not in VisitReason.values:
        raise ValidationError({"reason": _("请选择走访事由。")}, code="reason")
    if planned_on is None:
        raise ValidationError({"planned_on": _("请填写计划日期。")}, code="planned_on")
    note = text(note, field="note", label=_("安排说明"), limit=300)
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                unit=member.unit,
                member=member,
                reason=reason,
                planned_on=planned_on,
                year=planned_on.year,
                note=note,
                created_by=access.require_user(actor),
            )
            _event(visit, "plan", "", visit.status, actor, note)
            _audit(actor, visit, "plan", reason=reason, planned_on=planned_on.isoformat())
    except IntegrityError as exc:
        raise ValidationError({"planned_on": _("该退休职工本年度已安排生日走访。")}, code="duplicate") from exc
    return visit


def _gift(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = money(value)
    except (InvalidOperation, ValueError, TypeError, ValidationError) as exc:
        raise ValidationError({"gift_value": _("慰问品价值须为金额。")}, code="gift_value") from exc
    if amount < 0 or amount > Decimal("100000"):
        raise ValidationError({"gift_value": _("慰问品价值须在 0 至 100000 元之间。")}, code="gift_value")
    return amount


@dataclass(frozen=True)
class VisitRecord:
    done_on: date
    visitors: str
    notes: str = ""
    gift_value: object = None


def _lock(visit: Visit) -> Visit:
    return Visit.objects.select_for_update(of=("self",)).select_related("unit", "member").get(pk=visit.pk)


def visit_done(*, actor: Actor, visit: Visit, data: VisitRecord, today: date | None = None) -> Visit:
    """Record a planned visit as done (photos follow through the attachments kernel)."""
    _require_manage(actor, visit.unit)
    day = today or policy_today()
    if data.done_on is None or data.done_on > day:
        raise ValidationError({"done_on": _("走访日期不能晚于今天。")}, code="done_on")
    visitors = text(data.visitors, field="visitors", label=_("走访人员"), limit=200, required=True)
    notes = "\n".join(" ".join(line.split()) for line in (data.notes or "").replace("\x00", "").splitlines()).strip()
    if len(notes) > 2000:
        raise ValidationError({"notes": _("走访情况不能超过 2000 个字。")}, code="too_long")
    gift = _gift(data.gift_value)
    with transaction.atomic():
        locked = _lock(visit)
        before, after = VISIT.move(locked, "done")
        locked.done_on, locked.visitors, locked.notes, locked.gift_value = data.done_on, visitors, notes, gift
        locked.save(update_fields=["status", "done_on", "visitors", "notes", "gift_value"])
        _event(locked, "done", before, after, actor)
        _audit(actor, locked, "done", done_on=data.done_on.isoformat(), gift_value=str(gift) if gift else None)
    return locked


def visit_cancel(*, actor: Actor, visit: Visit, reason: str) -> Visit:
    _require_manage(actor, visit.unit)
    reason = text(reason, field="reason", label=_("取消原因"), limit=300, required=True)
    with transaction.atomic():
        locked = _lock(visit)
        before, after = VISIT.move(locked, "cancel")
        locked.cancel_reason = reason
        locked.save(update_fields=["status", "cancel_reason"])
        _event(locked, "cancel", before, after, actor, reason)
        _audit(actor, locked, "cancel", reason=reason)
    return locked


# --- the birthday job ---------------------------------------------------------------------------------------------


def birthday_in(birth: date, year: int) -> date:
    """The birthday in ``year`` (29 February falls on 28 February in a common year)."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def is_milestone(age: int, ages: Iterable[int], every_year_from: int) -> bool:
    return age in set(ages) or age >= every_year_from


def upcoming_birthday(birth: date, today: date, days_ahead: int) -> date | None:
    """The birthday within ``[today, today + days_ahead]``, if any (a window across New Year looks at both years)."""
    for year in (today.year, today.year + 1):
        day = birthday_in(birth, year)
        if today <= day <= today + timedelta(days=days_ahead):
            return day
    return None


def _candidates(today: date, horizon: int) -> list[Member]:
    """Retired members with a birthday within ``horizon`` days (month-day filter in SQL; the exact window in
    Python)."""
    days = [today + timedelta(days=n) for n in range(horizon + 1)]
    pairs = {(d.month, d.day) for d in days}
    if (2, 28) in pairs:
        pairs.add((2, 29))
    cond = Q()
    for month, day in sorted(pairs):
        cond |= Q(birth_date__month=month, birth_date__day=day)
    return list(
        Member.objects.filter(cond, status=MemberStatus.RETIRED, birth_date__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )


MAX_DAYS_AHEAD = 90


def birthday_visits_plan(*, today: date | None = None) -> int:
    """Plan the milestone birthday visits now due (a daily job, no actor). Returns how many were planned now."""
    day = today or policy_today()
    planned = 0
    for member in _candidates(day, MAX_DAYS_AHEAD):
        assert member.birth_date is not None
        ahead = policy_get(DAYS_AHEAD.key, member.unit, on=day)
        birthday = upcoming_birthday(member.birth_date, day, int(ahead.value))
        if birthday is None:
            continue
        ages = policy_get(MILESTONE_AGES.key, member.unit, on=day)
        every = policy_get(EVERY_YEAR_FROM.key, member.unit, on=day)
        age = birthday.year - member.birth_date.year
        if not is_milestone(age, ages.value, int(every.value)):
            continue
        if Visit.objects.filter(member=member, reason=VisitReason.BIRTHDAY, year=birthday.year).exists():
            continue
        records = sorted({r.record.pk for r in (ahead, ages, every) if r.record is not None})
        try:
            with transaction.atomic():
                visit = Visit.objects.create(
                    unit=member.unit,
                    member=member,
                    reason=VisitReason.BIRTHDAY,
                    planned_on=birthday,
                    year=birthday.year,
                    milestone_age=age,
                    note=_("%(age)d 岁寿辰") % {"age": age},
                    policy_record_ids=records,
                )
                _event(visit, "plan", "", visit.status, None, visit.note)
                _audit(None, visit, "plan_birthday", age=age, planned_on=birthday.isoformat())
        except IntegrityError:
            continue  # planned at the same moment by another run
        planned += 1
    return planned
