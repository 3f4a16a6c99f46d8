"""The sanatorium side of a trip (报到、点名、突发情况、满意度): by staff holding ``recuperation.run_trips`` at the
trip's publishing union, and the participant's feedback survey.

- **Check-in** (:func:`checkin_by_code`): the member card's live QR code (scanned by the camera, or its text or
  link pasted) is verified by the members' card verification; only a valid card counts, and only for a member
  with a confirmed booking on this trip (anyone else is refused, saying so). Or from the list
  (:func:`checkin_booking`). From the day before the trip starts until it is finished; a second check-in of the
  same booking returns the first (idempotent).
- **Daily roster** (:func:`roll_record`): for a day of the trip, who is present among the checked-in.
- **Incidents** (:func:`incident_record`, :func:`incident_update`): kind, time, description, handling, closed.
- **End of the trip** (:func:`trip_finish`, and the recurring :func:`trips_finish_ended`): checked-in bookings
  become completed, remaining confirmed ones no-shows (each with its booking event).
- **Feedback** (:func:`feedback_submit`): the participant, once per booking, after the trip ended (completed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.members.cards.selectors import card_verify
from gonghui.ratings.services import rating_record
from gonghui.recuperation.models import (
    Booking,
    BookingEvent,
    BookingStatus,
    CheckIn,
    CheckInMethod,
    DailyRoll,
    Feedback,
    Incident,
    IncidentKind,
    Trip,
    TripStatus,
)
from gonghui.recuperation.permissions import RUN_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.sanatorium.ratings import KIND as RATING_KIND

MAX_CODE = 1024
CARD_REFUSALS = {
    "expired": "会员卡二维码已过期，请会员刷新二维码后重新扫描。",
    "revoked": "会员卡已作废或会籍已终止。",
    "invalid": "无法识别的会员卡二维码。",
}


def require_run(actor: Actor, trip: Trip) -> None:
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=RUN_TRIPS, unit=trip.unit)


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _event(booking: Booking, action: str, before: str, actor: Actor | None, comment: str = "") -> None:
    BookingEvent.objects.create(
        booking=booking,
        action=action,
        from_status=before,
        to_status=booking.status,
        actor=access.user_of(actor) if actor is not None else None,
        comment=comment,
    )


def _check_window(trip: Trip) -> None:
    if trip.status not in (TripStatus.PUBLISHED, TripStatus.CLOSED):
        raise ValidationError(_("线路未发布或已取消，不能报到。"), code="trip")
    if timezone.localdate() < trip.starts_on - timedelta(days=1):
        raise ValidationError(_("线路出发前一天起才能报到。"), code="early")


def _repr(booking: Booking) -> str:
    return f"{booking.trip.code} {mask_name(booking.member.name)}"


def _check_in(actor: Actor, trip: Trip, booking: Booking, method: str) -> CheckIn:
    user = access.require_user(actor)
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("member", "trip").get(pk=booking.pk)
        if booking.status == BookingStatus.CHECKED_IN:
            found = CheckIn.objects.filter(booking=booking).first()
            if found is not None:
                return found
        if booking.status != BookingStatus.CONFIRMED:
            raise ValidationError(
                _("%(name)s的预订状态为“%(status)s”，不能报到。")
                % {"name": mask_name(booking.member.name), "status": booking.get_status_display()},
                code="status",
            )
        try:
            with transaction.atomic():
                check_in = CheckIn.objects.create(booking=booking, method=method, by=user)
        except IntegrityError:
            return CheckIn.objects.get(booking=booking)
        before = booking.status
        booking.status = BookingStatus.CHECKED_IN
        booking.save(update_fields=["status"])
        _event(booking, "check_in", before, actor)
        audit_record(
            actor=actor,
            action="recuperation.check_in",
            target=booking,
            target_repr=_repr(booking),
            unit=trip.unit,
            data={"method": method},
        )
    return check_in


def _token_of(code: str) -> str:
    """The card token in what was scanned or pasted: the token itself, or the card's verification link."""
    text = "".join((code or "").split())[:MAX_CODE]
    if "/" in text:
        parts = [p for p in text.split("?")[0].split("/") if p]
        text = parts[-1] if parts else ""
    return text


def checkin_by_code(*, actor: Actor, trip: Trip, code: str) -> CheckIn:
    """Check in the holder of the member card whose live QR code was scanned (or pasted)."""
    require_run(actor, trip)
    _check_window(trip)
    token = _token_of(code)
    if not token:
        raise ValidationError({"code": _("请扫描或粘贴会员卡二维码。")}, code="required")
    result = card_verify(token=token)
    if not result.is_valid:
        raise ValidationError({"code": _(CARD_REFUSALS.get(result.state, CARD_REFUSALS["invalid"]))}, code="card")
    booking = (
        Booking.objects.filter(trip=trip, member__member_no=result.member_no)
        .filter(status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN))
        .select_related("member")
        .first()
    )
    if booking is None:
        raise ValidationError(
            {
                "code": _("%(name)s（%(no)s）没有本线路的已确认预订，不能报到。")
                % {"name": result.masked_name, "no": result.member_no}
            },
            code="no_booking",
        )
    return _check_in(actor, trip, booking, CheckInMethod.QR)


def checkin_booking(*, actor: Actor, trip: Trip, booking_id: int) -> CheckIn:
    """Check in a confirmed booking of the trip from the list (the card forgotten at home)."""
    require_run(actor, trip)
    _check_window(trip)
    booking = Booking.objects.filter(trip=trip, pk=booking_id).select_related("member").first()
    if booking is None:
        raise access.NotVisible()
    return _check_in(actor, trip, booking, CheckInMethod.LIST)


def trip_days(trip: Trip) -> list[date]:
    return [trip.starts_on + timedelta(days=i) for i in range(trip.days)]


def roll_record(*, actor: Actor, trip: Trip, day: date, present: set[int], note: str = "") -> int:
    """The day's roster: each checked-in (or completed) booking present or absent on ``day`` (a day of the
    trip, not in the future). Recording a day again replaces it. Returns the number present."""
    require_run(actor, trip)
    user = access.require_user(actor)
    if day not in trip_days(trip):
        raise ValidationError({"day": _("点名日期须在线路行程日期之内。")}, code="day")
    if day > timezone.localdate():
        raise ValidationError({"day": _("不能为将来的日期点名。")}, code="future")
    note = _text(note, field="note", label=_("备注"), limit=200)
    with transaction.atomic():
        bookings = list(
            Booking.objects.filter(trip=trip, status__in=(BookingStatus.CHECKED_IN, BookingStatus.COMPLETED))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        DailyRoll.objects.filter(booking__trip=trip, day=day).delete()
        DailyRoll.objects.bulk_create(
            [DailyRoll(booking_id=pk, day=day, present=pk in present, note=note, by=user) for pk in bookings]
        )
        count = sum(1 for pk in bookings if pk in present)
        audit_record(
            actor=actor,
            action="recuperation.roll",
            target=trip,
            target_repr=trip.title,
            unit=trip.unit,
            data={"day": day.isoformat(), "present": count, "absent": len(bookings) - count},
        )
    return count


def incident_record(
    *,
    actor: Actor,
    trip: Trip,
    kind: str,
    happened_at: datetime,
    description: str,
    handling: str = "",
    closed: bool = False,
    booking_id: int | None = None,
) -> Incident:
    require_run(actor, trip)
    user = access.require_user(actor)
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": _("请选择类型。")}, code="kind")
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"happened_at": _("发生时间不能晚于现在。")}, code="future")
    description = _text(description, field="description", label=_("经过"), limit=2000, required=True)
    handling = _text(handling, field="handling", label=_("处置情况"), limit=2000)
    booking = None
    if booking_id:
        booking = Booking.objects.filter(trip=trip, pk=booking_id).first()
        if booking is None:
            raise ValidationError({"booking": _("该人员不在本线路名单中。")}, code="booking")
    with transaction.atomic():
        incident = Incident.objects.create(
            trip=trip,
            booking=booking,
            kind=kind,
            happened_at=happened_at,
            description=description,
            handling=handling,
            closed=closed,
            recorded_by=user,
        )
        audit_record(
            actor=actor,
            action="recuperation.incident_record",
            target=incident,
            target_repr=f"{trip.title} {incident.get_kind_display()}",
            unit=trip.unit,
            data={"kind": kind, "closed": closed},
        )
    return incident


def incident_update(*, actor: Actor, incident: Incident, handling: str, closed: bool) -> Incident:
    trip = incident.trip
    require_run(actor, trip)
    handling = _text(handling, field="handling", label=_("处置情况"), limit=2000)
    if closed and not handling:
        raise ValidationError({"handling": _("处置完毕前请填写处置情况。")}, code="required")
    with transaction.atomic():
        row = Incident.objects.select_for_update().get(pk=incident.pk)
        row.handling, row.closed = handling, closed
        row.save(update_fields=["handling", "closed"])
        audit_record(
            actor=actor,
            action="recuperation.incident_update",
            target=row,
            target_repr=f"{trip.title} {row.get_kind_display()}",
            unit=trip.unit,
            data={"closed": closed},
        )
    return row


def _finish(trip: Trip, actor: Actor | None) -> tuple[int, int]:
    completed = no_show = 0
    for booking in Booking.objects.select_for_update(of=("self",)).filter(
        trip=trip, status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
    ):
        before = booking.status
        if before == BookingStatus.CHECKED_IN:
            booking.status = BookingStatus.COMPLETED
            completed += 1
        else:
            booking.status = BookingStatus.NO_SHOW
            no_show += 1
        booking.save(update_fields=["status"])
        _event(booking, "finish", before, actor)
    return completed, no_show


def trip_finish(*, actor: Actor, trip: Trip) -> tuple[int, int]:
    """At the end of a trip (its last day has come): checked-in bookings completed, confirmed ones no-shows.
    Returns (completed, no-shows); running it again changes nothing."""
    require_run(actor, trip)
    if timezone.localdate() < trip.ends_on:
        raise ValidationError(_("线路尚未结束。"), code="early")
    with transaction.atomic():
        completed, no_show = _finish(trip, actor)
        audit_record(
            actor=actor,
            action="recuperation.trip_finish",
            target=trip,
            target_repr=trip.title,
            unit=trip.unit,
            data={"completed": completed, "no_show": no_show},
        )
    return completed, no_show


def trips_finish_ended(*, today: date | None = None) -> int:
    """The recurring job: every published trip that ended before ``today`` with bookings still confirmed or checked
    in is finished. Returns the number of trips."""
    day = today or timezone.localdate()
    ids = list(
        Trip.objects.filter(
            status__in=(TripStatus.PUBLISHED, TripStatus.CLOSED),
            ends_on__lt=day,
            bookings__status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN),
        )
        .distinct()
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            trip = Trip.objects.get(pk=pk)
            completed, no_show = _finish(trip, None)
            audit_record(
                actor=None,
                action="recuperation.trip_finish",
                target=trip,
                target_repr=trip.title,
                unit=trip.unit,
                data={"completed": completed, "no_show": no_show, "automatic": True},
            )
    return len(ids)


SCORES = ("overall", "lodging", "programme", "service")


def feedback_submit(
    *, actor: Actor, booking: Booking, overall: int, lodging: int, programme: int, service: int, comment: str = ""
) -> Feedback:
    """The participant's survey after the trip (their completed booking), once."""
    member = booking.member
    if member.user_id is None or not access.is_self(actor, member.user_id):
        raise access.NotVisible()
    scores = {"overall": overall, "lodging": lodging, "programme": programme, "service": service}
    for name, value in scores.items():
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: _("评分须为 1 至 5 分。")}, code="score")
    comment = _text(comment, field="comment", label=_("意见建议"), limit=1000)
    if booking.status != BookingStatus.COMPLETED:
        raise ValidationError(_("参加完疗休养后才能评价。"), code="status")
    with transaction.atomic():
        if Feedback.objects.filter(booking=booking).exists():
            raise ValidationError(_("您已评价过这次疗休养。"), code="duplicate")
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(booking=booking, comment=comment, **scores)
        except IntegrityError:
            raise ValidationError(_("您已评价过这次疗休养。"), code="duplicate") from None
        audit_record(
            actor=actor,
            action="recuperation.feedback",
            target=booking,
            target_repr=booking.trip.code,
            unit=booking.unit,
            data={"overall": overall},
        )
        # The overall score is the worker's rating of the service (满意度评价), kept with every module's.
        rating_record(actor=actor, kind=RATING_KIND, object_id=booking.pk, score=overall, comment=comment[:500])
    return feedback
