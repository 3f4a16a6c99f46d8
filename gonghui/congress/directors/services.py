"""Employee directors and supervisors (职工董事、职工监事): seats recorded as elected by the congress (at one of its
sessions, when the session is recorded), with their term; a report (述职) to each session, once; a seat ended early
with a reason; reminders before a term ends (``congress.seat_reminder_days`` before its end, once per seat). By
holders of ``congress.manage_board_seats`` at the congress's union."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.directors.policies import SEAT_REMINDER_DAYS
from gonghui.congress.models import BoardRole, BoardSeat, BoardSeatReport, Congress, CongressSession
from gonghui.congress.permissions import MANAGE_BOARD_SEATS, VIEW_CONGRESS
from gonghui.members.models import Member
from gonghui.policy.selectors import policy_get

MAX_TERM_YEARS = 6


def _require(actor: Actor, congress: Congress) -> None:
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=MANAGE_BOARD_SEATS, unit=congress.unit)


def _text(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _repr(seat: BoardSeat) -> str:
    return f"{BoardRole(seat.role).label} {seat.member.name}"


def _audit(actor: Any, action: str, seat: BoardSeat, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"congress.seat_{action}",
        target=seat,
        target_repr=_repr(seat),
        unit=seat.congress.unit,
        data=data or None,
    )


def seat_create(
    *,
    actor: Actor,
    congress: Congress,
    member: Member,
    role: str,
    starts_on: date,
    ends_on: date,
    elected_at: CongressSession | None = None,
) -> BoardSeat:
    """Record a seat elected by ``congress`` (at ``elected_at``, one of its sessions, when known)."""
    _require(actor, congress)
    if role not in BoardRole.values:
        raise ValidationError({"role": _("请选择职务。")}, code="role")
    if not member.unit.path.startswith(congress.unit.path):
        raise ValidationError({"member_no": _("当选人须为本单位工会会员。")}, code="member")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ValidationError({"ends_on": _("任期结束不能早于任期开始。")}, code="dates")
    if ends_on > starts_on + timedelta(days=366 * MAX_TERM_YEARS):
        raise ValidationError({"ends_on": _("任期不能超过 %(n)d 年。") % {"n": MAX_TERM_YEARS}}, code="dates")
    if elected_at is not None and elected_at.term.congress_id != congress.pk:
        raise ValidationError({"elected_at": _("选举会议须为本单位职代会的会议。")}, code="session")
    with transaction.atomic():
        overlapping = BoardSeat.objects.filter(
            congress=congress, member=member, role=role, ended_early_on__isnull=True, ends_on__gte=starts_on
        ).filter(starts_on__lte=ends_on)
        if overlapping.exists():
            raise ValidationError(_("该会员在此期间已任同一职务。"), code="duplicate")
        seat = BoardSeat.objects.create(
            congress=congress, member=member, role=role, starts_on=starts_on, ends_on=ends_on, elected_at=elected_at
        )
        _audit(actor, "create", seat, role=role, starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return seat


def seat_report(*, actor: Actor, seat: BoardSeat, session: CongressSession, summary: str) -> BoardSeatReport:
    """The seat holder's report (述职) to a session of the congress that elected them, once per session."""
    _require(actor, seat.congress)
    summary = _text(summary, field="summary", label=_("述职报告"), limit=5000)
    if session.term.congress_id != seat.congress_id:
        raise ValidationError({"session": _("述职会议须为本单位职代会的会议。")}, code="session")
    if session.held_on < seat.starts_on:
        raise ValidationError({"session": _("述职会议不能早于任期开始。")}, code="session")
    try:
        with transaction.atomic():
            report = BoardSeatReport.objects.create(seat=seat, session=session, summary=summary)
            _audit(actor, "report", seat, session=session.pk)
    except IntegrityError:
        raise ValidationError({"session": _("已登记过该次会议的述职。")}, code="duplicate") from None
    return report


def seat_end(*, actor: Actor, seat: BoardSeat, ended_on: date, reason: str) -> BoardSeat:
    """End a seat before its term (resignation, leaving the company, recall), with the reason."""
    _require(actor, seat.congress)
    reason = _text(reason, field="end_reason", label=_("终止原因"), limit=200)
    with transaction.atomic():
        seat = (
            BoardSeat.objects.select_for_update(of=("self",)).select_related("congress__unit", "member").get(pk=seat.pk)
        )
        if seat.ended_early_on is not None:
            raise ValidationError(_("该任职已提前终止。"), code="stale")
        if ended_on is None or ended_on < seat.starts_on or ended_on >= seat.ends_on:
            raise ValidationError({"ended_on": _("提前终止日期须在任期之内。")}, code="dates")
        if ended_on > timezone.localdate():
            raise ValidationError({"ended_on": _("提前终止日期不能晚于今天。")}, code="dates")
        seat.ended_early_on, seat.end_reason = ended_on, reason
        seat.save(update_fields=["ended_early_on", "end_reason"])
        _audit(actor, "end", seat, ended_on=ended_on.isoformat(), reason=reason)
    return seat


def reminder_days(seat: BoardSeat, on: date) -> int:
    return int(policy_get(SEAT_REMINDER_DAYS.key, seat.congress.unit, on=on).value)


def ending_soon_q(today: date, days: int) -> Q:
    """Seats in office whose term ends within ``days`` of ``today``."""
    return Q(ended_early_on__isnull=True, ends_on__gte=today, ends_on__lte=today + timedelta(days=days))


def seats_remind(*, today: date | None = None, now: datetime | None = None) -> int:
    """Mark (once) every seat in office whose term ends within its union's reminder period; the console home shows
    them to the union. Returns how many were reminded now."""
    today = today or timezone.localdate()
    moment = now or timezone.now()
    reminded = 0
    # The widest period any union may set (the policy's maximum) bounds the candidates; each seat is then checked
    # against the value in force at its own union.
    candidates = (
        BoardSeat.objects.filter(ending_soon_q(today, 365), reminded_at__isnull=True)
        .select_related("congress__unit", "member")
        .order_by("ends_on", "pk")
    )
    for seat in candidates[:100000]:
        if seat.ends_on > today + timedelta(days=reminder_days(seat, today)):
            continue
        with transaction.atomic():
            if BoardSeat.objects.filter(pk=seat.pk, reminded_at__isnull=True).update(reminded_at=moment):
                _audit(None, "remind", seat, ends_on=seat.ends_on.isoformat())
                reminded += 1
    return reminded
