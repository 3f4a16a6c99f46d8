"""Bookings of recuperation trips (预订): the booking rush, cancellation and the waiting list.

A member books from the portal (or the API) when booking opens; a clerk holding ``recuperation.book_for_members``
books for a member of their subtree. Each request carries a request key (a hidden field generated per page view, or
the API's ``Idempotency-Key``): the same key always finds the same booking, and a second key of a member who already
holds a live booking of the trip finds that booking, so a double click, a retry or a second device never makes two.

The eligibility is decided first (:mod:`.eligibility`, outside any lock: its reads do not depend on the rush), then
the booking is one short transaction (:mod:`.rush`): the trip's counter gives the arrival number and holds the trip
row, so the requests of a trip are decided in arrival order; a leader is checked against the leaders' share; one
place is taken from the member's quota — the quota of the member's union, or, when that is full or absent, of the
nearest union above it that still has a free place (a clerk's booking takes only from quotas where the clerk may
book); with no free place the member joins the waiting list in arrival order. A request that lost the race to an
earlier one of the same key or member (a double click, a second device) fails on the unique request key or the
partial unique index (one live booking per member and trip) at its INSERT — unique indexes see every committed
row — rolls back with its number and place, and returns the earlier booking. A member's own booking is recorded
by the booking row and its ``BookingEvent`` (who, when, the arrival number); a clerk's booking on a member's behalf,
every cancellation and every promotion also go to the audit chain (whose head lock would otherwise lengthen the
rush's serialized step by three statements).

Cancelling a confirmed booking by the policy's deadline (``recuperation.cancel_deadline_days`` before departure)
frees its place, which goes at once to the first members on the waiting list who can use it (their quota walk reaches
a free place and they are still within the yearly limit); each is told by SMS after the commit.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import rush
from gonghui.common.masking import mask_name
from gonghui.members.models import Member
from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.policy.selectors import policy_get
from gonghui.recuperation.booking import eligibility
from gonghui.recuperation.models import (
    LIVE_BOOKING_STATUSES,
    Booking,
    BookingEvent,
    BookingStatus,
    Trip,
    TripQuota,
    TripStatus,
)
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, VIEW_RECUPERATION

log = logging.getLogger("gonghui.recuperation")

BOOKING_CATEGORY = "recuperation.booking"
CATEGORIES = [
    Category(
        BOOKING_CATEGORY,
        gettext_lazy("疗休养预订"),
        gettext_lazy("候补转为预订成功等疗休养预订的变化"),
        sms_default=True,
        order=40,
    ),
]

KEY_RE = re.compile(r"^[A-Za-z0-9_.:\-]{8,120}$")
PROMOTE_SCAN = 500
S = BookingStatus


@dataclass(frozen=True)
class Booked:
    booking: Booking
    created: bool  # False: an earlier request of the same key or member already made it

    @property
    def position(self) -> int | None:
        return waiting_position(self.booking)


def waiting_position(booking: Booking) -> int | None:
    """The booking's place on the waiting list (1: next in line), or ``None`` when it is not waiting."""
    if booking.status != S.WAITING or booking.wait_seq is None:
        return None
    ahead = Booking.objects.filter(trip_id=booking.trip_id, status=S.WAITING, wait_seq__lt=booking.wait_seq).count()
    return ahead + 1


def clean_request_key(value: object) -> str:
    key = str(value or "").strip()
    if not KEY_RE.match(key):
        raise ValidationError({"request_key": _("请求编号须为 8 至 120 位字母、数字或 - _ . :。")}, code="request_key")
    return key


def booking_window_open(trip: Trip, *, now: Any = None) -> bool:
    now = now or timezone.now()
    return (
        trip.status == TripStatus.PUBLISHED
        and trip.booking_opens_at <= now
        and (trip.booking_closes_at is None or now < trip.booking_closes_at)
        and timezone.localtime(now).date() < trip.starts_on
    )


def _is_self(actor: Actor, member: Member) -> bool:
    return member.user_id is not None and access.is_self(actor, member.user_id)


def _authorize(actor: Actor, member: Member) -> bool:
    """True when a clerk books on the member's behalf; the member themself otherwise."""
    if _is_self(actor, member):
        return False
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=BOOK_FOR_MEMBERS, unit=member.unit)
    return True


def _existing(trip: Trip, member: Member, key: str) -> Booking | None:
    """The booking this request already made (same key), or the member's live booking of the trip."""
    found = list(
        Booking.objects.filter(
            Q(request_key=key) | Q(trip=trip, member=member, status__in=LIVE_BOOKING_STATUSES)
        ).order_by("-pk")[:2]
    )
    for row in found:
        if row.request_key == key and (row.trip_id != trip.pk or row.member_id != member.pk):
            raise ValidationError({"request_key": _("该请求编号已用于其他预订。")}, code="request_key")
    return found[0] if found else None


def _candidates(trip: Trip, member: Member, actor: Actor, on_behalf: bool) -> list[int]:
    """The quotas the member's booking may take a place from, deepest first."""
    rows = (
        TripQuota.objects.filter(trip=trip, unit__path__in=member.unit.ancestor_paths())
        .select_related("unit")
        .order_by("-unit__depth")
    )
    return [q.pk for q in rows if not on_behalf or access.check(actor, BOOK_FOR_MEMBERS, q.unit)]


def _refuse(reasons: tuple[str, ...]) -> ValidationError:
    return ValidationError(
        _("不能预订：%(reasons)s。") % {"reasons": "；".join(_(r) for r in reasons)}, code="ineligible"
    )


def booking_create(*, actor: Actor, trip: Trip, member: Member, request_key: object) -> Booked:
    """Book ``trip`` for ``member`` (by the member, or a clerk on their behalf): confirmed while places last, on the
    waiting list after. The same request key, or a member who already holds a live booking, returns that booking."""
    on_behalf = _authorize(actor, member)
    user = access.require_user(actor)
    key = clean_request_key(request_key)
    if not member.unit.path.startswith(trip.unit.path):
        raise access.NotVisible
    found = _existing(trip, member, key)
    if found is not None:
        return Booked(found, created=False)
    if not booking_window_open(trip):
        raise ValidationError(_("该线路当前不在预订时间内。"), code="closed")
    explained = eligibility.explain(member=member, trip=trip, on=timezone.localdate(), count_leaders=False)
    decision = explained.decision
    if not decision.eligible:
        raise _refuse(decision.reasons)
    candidates = _candidates(trip, member, actor, on_behalf)
    try:
        with transaction.atomic():
            # From here to the commit the trip row is held: keep it to a few statements. A request that lost the
            # race to an earlier one of the same key or member fails on the unique indexes at the INSERT (which
            # see every committed booking), rolls back (its number and place with it) and finds that booking.
            seq = rush.take_number(Trip, trip.pk, "booking_seq")
            # The yearly limit spans trips: the member's row is held, so that two trips booked at the same instant
            # are decided one after the other and the second sees the first.
            Member.objects.select_for_update(of=("self",)).filter(pk=member.pk).first()
            if eligibility.trips_in_year(member, trip) >= explained.terms.trips_per_year:
                raise _refuse((eligibility.YEAR_LIMIT,))
            if decision.leader and eligibility.leaders_confirmed(trip) >= explained.terms.leader_cap:
                raise _refuse((eligibility.LEADER_FULL,))
            quota_id = rush.take_place(TripQuota, candidates)
            booking = Booking.objects.create(
                trip=trip,
                member=member,
                unit=member.unit,
                quota_id=quota_id,
                status=S.CONFIRMED if quota_id is not None else S.WAITING,
                seq=seq,
                wait_seq=None if quota_id is not None else seq,
                request_key=key,
                priority=list(decision.priority),
                leader=decision.leader,
                eligibility=explained.trace.to_json(),
                policy_record_ids=explained.trace.policy_record_ids,
                booked_by=user,
                on_behalf=on_behalf,
            )
            BookingEvent.objects.create(booking=booking, action="book", to_status=booking.status, actor=user)
            if on_behalf:  # a member's own booking is recorded by the booking and its event; staff acts are audited
                audit_record(
                    actor=actor,
                    action="recuperation.booking_create",
                    target=booking,
                    target_repr=f"{trip.title} · {mask_name(member.name)}",
                    unit=member.unit,
                    data={"trip": trip.pk, "status": booking.status, "seq": seq, "on_behalf": on_behalf},
                )
    except IntegrityError:
        found = _existing(trip, member, key)
        if found is None:
            raise
        return Booked(found, created=False)
    return Booked(booking, created=True)


def cancel_deadline(trip: Trip) -> date:
    """The last day a booking of ``trip`` may be cancelled (the publishing union's policy)."""
    days = int(policy_get("recuperation.cancel_deadline_days", trip.unit).value)
    return trip.starts_on - timedelta(days=days)


def _lock_trip(trip: Trip) -> Trip:
    return Trip.objects.select_for_update(of=("self",)).select_related("unit").get(pk=trip.pk)


def booking_cancel(*, actor: Actor, booking: Booking, reason: str = "") -> Booking:
    """Cancel a confirmed or waiting booking by the deadline; a freed place goes to the waiting list."""
    member = booking.member
    _authorize(actor, member)
    user = access.require_user(actor)
    reason = " ".join((reason or "").replace("\x00", "").split())[:200]
    trip = booking.trip
    if timezone.localdate() > cancel_deadline(trip):
        raise ValidationError(
            _("已过取消截止日期（%(d)s），请联系所在工会。") % {"d": cancel_deadline(trip).isoformat()},
            code="deadline",
        )
    with transaction.atomic():
        trip = _lock_trip(trip)  # in step with the booking path: promotion sees every earlier decision
        booking = Booking.objects.select_for_update(of=("self",)).select_related("member", "unit").get(pk=booking.pk)
        if booking.status not in (S.CONFIRMED, S.WAITING):
            raise ValidationError(
                _("预订当前为“%(s)s”，不能取消。") % {"s": booking.get_status_display()}, code="stale"
            )
        before = booking.status
        _set_cancelled(booking, reason or _("本人取消"), user)
        audit_record(
            actor=actor,
            action="recuperation.booking_cancel",
            target=booking,
            target_repr=f"{trip.title} · {mask_name(member.name)}",
            unit=booking.unit,
            data={"trip": trip.pk, "from": before},
        )
        if before == S.CONFIRMED:
            promote_waiting(trip=trip, actor=actor)
    return booking


def _set_cancelled(booking: Booking, reason: str, user: Any) -> None:
    before = booking.status
    if before == S.CONFIRMED and booking.quota_id is not None:
        rush.release_place(TripQuota, booking.quota_id)
    booking.status = S.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancel_reason = reason[:200]
    booking.wait_seq = booking.wait_seq if before == S.WAITING else None
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "wait_seq"])
    BookingEvent.objects.create(
        booking=booking, action="cancel", from_status=before, to_status=S.CANCELLED, actor=user, comment=reason
    )


def promote_waiting(*, trip: Trip, actor: Actor) -> list[Booking]:
    """Give free places to waiting members in waiting order (inside the caller's transaction, which holds the trip
    row). A member whose yearly limit is now used up (confirmed on another trip meanwhile) is taken off the list.
    Each promoted member is told by SMS after the commit."""
    user = access.user_of(actor)
    promoted: list[Booking] = []
    quotas = {q.pk: q for q in TripQuota.objects.filter(trip=trip).select_related("unit") if q.free > 0}
    if not quotas:
        return promoted
    waiting = Booking.objects.filter(trip=trip, status=S.WAITING).select_related("member", "unit")
    for booking in waiting.order_by("wait_seq")[:PROMOTE_SCAN]:
        paths = booking.unit.ancestor_paths()
        usable = sorted(
            (q for q in quotas.values() if q.unit.path in paths and q.free > 0),
            key=lambda q: -len(q.unit.path),
        )
        if not usable:
            continue
        explained = eligibility.explain(member=booking.member, trip=trip, on=timezone.localdate())
        if (
            eligibility.YEAR_LIMIT in explained.decision.reasons
            or eligibility.LEADER_FULL in explained.decision.reasons
        ):
            _set_cancelled(booking, _("候补转正时不再符合条件"), user)
            continue
        taken = rush.take_place(TripQuota, [q.pk for q in usable])
        if taken is None:
            continue
        quotas[taken].booked += 1
        booking.status = S.CONFIRMED
        booking.quota_id = taken
        booking.promoted_at = timezone.now()
        booking.save(update_fields=["status", "quota", "promoted_at"])
        BookingEvent.objects.create(
            booking=booking, action="promote", from_status=S.WAITING, to_status=S.CONFIRMED, actor=user
        )
        audit_record(
            actor=actor,
            action="recuperation.booking_promote",
            target=booking,
            target_repr=f"{trip.title} · {mask_name(booking.member.name)}",
            unit=booking.unit,
            data={"trip": trip.pk, "quota": taken},
        )
        promoted.append(booking)
        _notify_promoted(booking, trip)
        if not any(q.free > 0 for q in quotas.values()):
            break
    return promoted


def promotion_message(trip: Trip) -> str:
    return _("【工会疗休养】您候补的“%(title)s”（%(day)s出发）已转为预订成功，请按时报到。如不能参加，请及时取消。") % {
        "title": trip.title,
        "day": trip.starts_on.isoformat(),
    }


def _notify_promoted(booking: Booking, trip: Trip) -> None:
    """The promoted worker is told in their portal inbox (when they have an account) and by SMS (category
    ``recuperation.booking``: on by default), once per booking, after the promotion commits."""
    member = booking.member
    with platform_language():
        message = promotion_message(trip)
        notify(
            user=member.user,
            category=BOOKING_CATEGORY,
            title=_("候补已转为预订成功：%(title)s") % {"title": trip.title},
            body=_("您候补的“%(title)s”（%(day)s出发）已转为预订成功，请按时报到。如不能参加，请及时取消。")
            % {"title": trip.title, "day": trip.starts_on.isoformat()},
            url=reverse("recuperation_portal:booking_detail", args=[booking.pk]),
            key=f"recuperation.promoted:{booking.pk}",
            phone=member.phone,
            sms=message,
        )


def cancel_all_for_trip(*, trip: Trip, actor: Actor, reason: str) -> int:
    """Cancel every live booking of a cancelled trip (inside the caller's transaction)."""
    user = access.user_of(actor)
    count = 0
    for booking in Booking.objects.select_for_update(of=("self",)).filter(
        trip=trip, status__in=(S.CONFIRMED, S.WAITING)
    ):
        _set_cancelled(booking, reason, user)
        count += 1
    return count


def complete_all_for_trip(*, trip: Trip, actor: Actor) -> int:
    """Confirmed and checked-in bookings of a closed trip become completed (inside the caller's transaction)."""
    user = access.user_of(actor)
    rows = list(Booking.objects.filter(trip=trip, status__in=(S.CONFIRMED, S.CHECKED_IN)))
    for booking in rows:
        BookingEvent.objects.create(
            booking=booking, action="complete", from_status=booking.status, to_status=S.COMPLETED, actor=user
        )
    Booking.objects.filter(pk__in=[b.pk for b in rows]).update(status=S.COMPLETED)
    Booking.objects.filter(trip=trip, status=S.WAITING).update(status=S.CANCELLED, cancelled_at=timezone.now())
    return len(rows)
